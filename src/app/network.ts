// The network side of the app handle: starts the tab's node, keeps it
// connected to relays, remembers peers, and publishes a snapshot for the UI.
// The UI never touches libp2p: it gets networkHandle(), snapshots and
// commands with plain data; sync and the test hook get the Network.
import { connectionKind } from '../net/connection-kind.js'
import { dialAddresses, dialPeer } from '../net/dial-peer.js'
import { keepConnected } from '../net/keep-connected.js'
import { hasProtocol, targetPeerId } from '../net/multiaddr-parts.js'
import { fallbackRelays } from '../net/peer-book.js'
import { directWebSocketAddrs, isRelay, mayDialAsRelay } from '../net/relay-kind.js'
import { relayReach } from '../net/relay-reach.js'
import { fetchWellKnown } from '../net/well-known.js'
import { createTabNode } from '../net/tab-node.js'
import { loadPeerBook, rememberPeer } from '../store/peer-book-store.js'
import { saveSetting } from '../store/settings.js'
import { multiaddr } from '@multiformats/multiaddr'
import type { DialResult } from '../net/dial-peer.js'
import type { PeerBookEntry } from '../net/peer-book.js'
import type { RelayFailure } from '../net/relay-reach.js'
import type { ConnectionInfo, NetworkHandle, NetworkSnapshot } from './network-handle.js'
import type { TabNode } from '../net/tab-node.js'
import type { WellKnown } from '../net/well-known.js'
import type { GutsDb } from '../store/db.js'
import type { Settings } from '../store/settings.js'
import type { PrivateKey } from '@libp2p/interface'

/** The network inside the app: the handle, plus what sync and the test hook need. */
export interface Network extends Omit<NetworkHandle, 'connect'> {
  connect: (target: string, opts?: { signal?: AbortSignal }) => Promise<DialResult>
  /**
   * lets the tab dial a DHT provider the way it dials relays, if it offers a
   * direct WebSocket address; it counts as a relay only once identify says so
   */
  trustProvider: (peerId: string, addrs: string[]) => void
  node: TabNode
  /** ms after navigation start when the first relay connection opened */
  firstRelayAt: () => number | undefined
  stop: () => Promise<void>
}

export async function startNetwork (db: GutsDb, privateKey: PrivateKey, settings: Settings, origin: string): Promise<Network> {
  let served: WellKnown | undefined = settings.servingRelay
  let userRelays = [...settings.relays]
  let book: PeerBookEntry[] = await loadPeerBook(db).catch(() => [])
  let lastError: string | undefined
  const listeners = new Set<() => void>()

  // DHT providers with a direct WebSocket address: dialled as relays are
  // (plain ws, private addresses), not counted as relays until identified
  const learned = new Set<string>()
  // what identify said each peer is (isRelay: the hop protocol and a direct
  // WebSocket address); a tab is never a relay, whatever its addresses hold
  const identified = new Map<string, boolean>()
  const configuredRelayIds = (): Set<string> => new Set([
    ...(served != null ? [served.peerId] : []),
    ...userRelays.map(a => { try { return targetPeerId(multiaddr(a)) } catch { return undefined } }).filter((p): p is string => p != null)
  ])
  let configuredPeers = configuredRelayIds()
  // relays the peer book remembers (identified as relays on an earlier visit)
  const relaysIn = (entries: PeerBookEntry[]): Set<string> => new Set(entries.filter(e => e.relay && directWebSocketAddrs(e.multiaddrs).length > 0).map(e => e.id))
  let bookRelays = relaysIn(book)
  const relayPeers = (): Set<string> => new Set([...configuredPeers, ...learned, ...bookRelays])
  let trusted = relayPeers()
  const retrust = (): void => { configuredPeers = configuredRelayIds(); trusted = relayPeers() }

  // ICE servers come from the relay that served the app (remembered from the
  // last visit, so they are known before the node starts; a change applies
  // from the next load)
  const node = await createTabNode({ privateKey, isTrustedRelay: (p) => trusted.has(p), iceServers: served?.iceServers })

  const pageProto = new URL(origin).protocol
  // an https page may not open ws://; offer only what the page can use
  const usable = (addrs: string[]): string[] => addrs.filter(a => pageProto !== 'https:' || a.includes('/tls/') || a.includes('/wss'))

  const configuredTargets = (): string[] => [...usable(served?.multiaddrs ?? []), ...userRelays]
  const connectedTo = (peer: string): boolean => node.getConnections().some(c => c.remotePeer.toString() === peer)
  const targets = (): string[] => {
    const addrs = configuredTargets()
    const peers = new Set(addrs.map(a => { try { return targetPeerId(multiaddr(a)) } catch { return undefined } }).filter((p): p is string => p != null))
    // when none of the configured relays answers, fall back on the peer book
    if ([...peers].some(connectedTo)) return addrs
    return [...addrs, ...fallbackRelays(book, peers).flatMap(e => usable(e.multiaddrs))]
  }

  // snapshots are cached until something changes, so the UI can compare by identity
  let cached: NetworkSnapshot | undefined
  const notify = (): void => {
    cached = undefined
    for (const fn of listeners) fn()
  }
  // a relay by what it is: configured, or identified as one; before
  // identify, a relay remembered in the peer book
  const relayFlag = (peer: string): boolean => configuredPeers.has(peer) || (identified.get(peer) ?? bookRelays.has(peer))

  // why the tab is offline: every failed relay dial, when it last lost its
  // relays, and when keepConnected looks next
  const startedAt = Date.now()
  let lostAt = startedAt
  let lookedUp = false
  let lastCheck: number | undefined
  const failures: RelayFailure[] = []
  const relayConnected = (): boolean => node.getConnections().some(c => relayFlag(c.remotePeer.toString()))
  let hadRelay = false

  let firstRelayAt: number | undefined
  const noteRelays = (): void => {
    const now = relayConnected()
    // the moment the last relay went: failures from before do not count
    if (hadRelay && !now) lostAt = Date.now()
    hadRelay = now
  }
  node.addEventListener('connection:open', (evt) => {
    if (firstRelayAt == null && relayFlag(evt.detail.remotePeer.toString())) firstRelayAt = performance.now()
    noteRelays()
    notify()
  })
  node.addEventListener('connection:close', () => { noteRelays(); notify() })
  // (connection:close may fire before the connection leaves the list; this fires after)
  node.addEventListener('peer:disconnect', () => { noteRelays(); notify() })
  node.addEventListener('self:peer:update', notify)
  node.addEventListener('peer:identify', (evt) => {
    const { peerId, listenAddrs, protocols, agentVersion } = evt.detail
    const id = peerId.toString()
    const relay = isRelay({ configured: configuredPeers.has(id), protocols, addrs: listenAddrs })
    identified.set(id, relay)
    // only relays have addresses worth keeping (their direct WebSocket
    // ones); a tab's change with its relay
    const addrs = relay ? directWebSocketAddrs(listenAddrs).map(a => `${a.toString()}/p2p/${id}`) : []
    rememberPeer(db, { id, multiaddrs: addrs, relay, agent: agentVersion?.slice(0, 64), seen: Date.now() })
      .then(async () => { book = await loadPeerBook(db); bookRelays = relaysIn(book) })
      .catch(() => { /* a full disk must not break the network */ })
    noteRelays()
    notify()
  })

  await node.start()
  const KEEP_INTERVAL = 2000
  const keeper = keepConnected(node, () => { lastCheck = Date.now(); return targets() }, {
    interval: KEEP_INTERVAL,
    onError: (addr, err) => {
      const error = dialErrorText(err)
      lastError = error
      const peer = targetPeerId(addr)
      if (peer == null) return
      failures.push({ peer, addr: addr.toString(), error, at: Date.now() })
      if (failures.length > 64) failures.splice(0, failures.length - 64)
      notify()
    }
  })

  // learn (or re-learn) the serving relay; keep trying while it is unknown
  const learnServingRelay = async (): Promise<void> => {
    try {
      const wk = await fetchWellKnown(origin)
      served = wk
      retrust()
      await saveSetting(db, 'servingRelay', wk).catch(() => {})
      keeper.kick()
    } catch {
      // no relay at this origin (static hosting, offline): cached and configured relays still work
    } finally {
      lookedUp = true
      notify()
    }
  }
  void learnServingRelay()
  const wkTimer = setInterval(() => { if (node.getConnections().length === 0) void learnServingRelay() }, 10_000)
  const tick = setInterval(notify, 2000)
  const onOnline = (): void => { keeper.kick(); void learnServingRelay(); notify() }
  globalThis.addEventListener?.('online', onOnline)
  globalThis.addEventListener?.('offline', notify)

  const snapshot = (): NetworkSnapshot => {
    const connections: ConnectionInfo[] = node.getConnections().map(c => ({
      id: c.id,
      peerId: c.remotePeer.toString(),
      kind: connectionKind(c),
      limited: c.limits != null,
      multiplexer: c.multiplexer,
      direction: c.direction,
      remoteAddr: c.remoteAddr.toString(),
      rtt: c.rtt,
      relay: relayFlag(c.remotePeer.toString()),
      openedAt: c.timeline.open
    }))
    const connectedPeers = new Set(connections.map(c => c.peerId))
    const relayCount = [...connectedPeers].filter(relayFlag).length
    const peerCount = connectedPeers.size - relayCount
    const online = globalThis.navigator?.onLine ?? true
    noteRelays()
    const reach = relayReach({
      connected: relayCount > 0,
      online,
      targets: targets().flatMap(a => { try { const peer = targetPeerId(multiaddr(a)); return peer != null ? [{ peer, addr: multiaddr(a).toString() }] : [] } catch { return [] } }),
      failures,
      since: lostAt,
      lookedUp,
      nextTry: lastCheck != null ? lastCheck + KEEP_INTERVAL : undefined,
      now: Date.now()
    })
    const relays: NetworkSnapshot['relays'] = []
    const addRelay = (peerId: string, addrs: string[], source: 'served' | 'settings' | 'peer book'): void => {
      const existing = relays.find(r => r.peerId === peerId)
      if (existing != null) { existing.addrs.push(...addrs.filter(a => !existing.addrs.includes(a))); return }
      relays.push({ peerId, addrs: [...addrs], connected: connectedPeers.has(peerId), source })
    }
    if (served != null) addRelay(served.peerId, served.multiaddrs, 'served')
    for (const a of userRelays) {
      const p = (() => { try { return targetPeerId(multiaddr(a)) } catch { return undefined } })()
      if (p != null) addRelay(p, [a], 'settings')
    }
    for (const e of book) if (e.relay && connectedPeers.has(e.id)) addRelay(e.id, e.multiaddrs, 'peer book')
    return {
      peerId: node.peerId.toString(),
      shareAddrs: node.getMultiaddrs().filter(a => hasProtocol(a, 'webrtc') && hasProtocol(a, 'p2p-circuit')).map(String),
      state: node.status !== 'started' ? 'starting' : reach.state,
      relays,
      connections,
      relayCount,
      peerCount,
      online,
      error: relayCount > 0 ? undefined : lastError,
      offline: reach.state === 'offline' ? { reason: reach.reason ?? 'no relay reached', tried: reach.tried, nextTry: reach.nextTry } : undefined
    }
  }

  return {
    node,
    firstRelayAt: () => firstRelayAt,
    snapshot: () => (cached ??= snapshot()),
    subscribe: (fn) => { listeners.add(fn); return () => listeners.delete(fn) },
    connect: async (target, opts = {}) => {
      const relayAddrs = node.getConnections()
        .filter(c => relayFlag(c.remotePeer.toString()) && c.limits == null)
        .map(c => `${c.remoteAddr.toString().split('/p2p/')[0]}/p2p/${c.remotePeer.toString()}`)
      const addrs = dialAddresses(target, [...new Set(relayAddrs)])
      const peer = targetPeerId(addrs[0])
      const direct = node.getConnections().find(c => c.remotePeer.toString() === peer && connectionKind(c) === 'webrtc')
      if (direct != null) return { connection: direct, ms: 0, attempts: 0 }
      const result = await dialPeer(node, addrs, { signal: opts.signal })
      notify()
      return result
    },
    hangUp: async (peerId) => {
      // a graceful close waits for the far side; if it has gone, cut it
      await Promise.all(node.getConnections().filter(c => c.remotePeer.toString() === peerId).map(async c => {
        await c.close({ signal: AbortSignal.timeout(2000) }).catch((err: Error) => { c.abort(err) })
      }))
      notify()
    },
    trustProvider: (peerId, addrs) => {
      // a tab's addresses run through a relay's circuit: never a reason to trust the tab
      if (!mayDialAsRelay(addrs)) return
      learned.add(peerId)
      trusted = relayPeers()
    },
    addRelay: async (addr) => {
      const ma = multiaddr(addr.trim())
      if (targetPeerId(ma) == null) throw new Error('a relay address must end with /p2p/<PeerId>')
      if (!userRelays.includes(ma.toString())) userRelays = [...userRelays, ma.toString()]
      await saveSetting(db, 'relays', userRelays)
      retrust()
      keeper.kick()
      notify()
    },
    removeRelay: async (addr) => {
      userRelays = userRelays.filter(a => a !== addr)
      await saveSetting(db, 'relays', userRelays)
      retrust()
      notify()
    },
    stop: async () => {
      keeper.stop()
      clearInterval(wkTimer)
      clearInterval(tick)
      globalThis.removeEventListener?.('online', onOnline)
      globalThis.removeEventListener?.('offline', notify)
      await node.stop()
    }
  }
}

/** One line for a failed relay dial. A WebSocket that did not open rejects with its error event, which has no message. */
function dialErrorText (err: unknown): string {
  if (err instanceof Error && err.message !== '') return err.message.slice(0, 200)
  if ((err as { type?: string } | undefined)?.type === 'error') return 'the WebSocket connection failed'
  return 'the dial failed'
}

/** The network as the UI sees it: snapshots and commands, plain data only. */
export function networkHandle (network: Network): NetworkHandle {
  return {
    snapshot: network.snapshot,
    subscribe: network.subscribe,
    connect: async (target, opts) => {
      const r = await network.connect(target, opts)
      return {
        peerId: r.connection.remotePeer.toString(),
        ms: r.ms,
        attempts: r.attempts,
        kind: connectionKind(r.connection),
        limited: r.connection.limits != null,
        multiplexer: r.connection.multiplexer
      }
    },
    hangUp: network.hangUp,
    addRelay: network.addRelay,
    removeRelay: network.removeRelay
  }
}
