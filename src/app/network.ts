// The network side of the app handle: starts the tab's node, keeps it
// connected to relays, remembers peers, and publishes a snapshot for the UI.
// The UI never touches libp2p; it reads snapshots and calls these commands.
import { connectionKind } from '../net/connection-kind.js'
import { RELAY_HOP_PROTOCOL } from '../net/constants.js'
import { dialAddresses, dialPeer } from '../net/dial-peer.js'
import { keepConnected } from '../net/keep-connected.js'
import { hasProtocol, targetPeerId } from '../net/multiaddr-parts.js'
import { fallbackRelays } from '../net/peer-book.js'
import { fetchWellKnown } from '../net/well-known.js'
import { createTabNode } from '../net/tab-node.js'
import { loadPeerBook, rememberPeer } from '../store/peer-book-store.js'
import { saveSetting } from '../store/settings.js'
import { multiaddr } from '@multiformats/multiaddr'
import type { ConnectionKind } from '../net/connection-kind.js'
import type { DialResult } from '../net/dial-peer.js'
import type { PeerBookEntry } from '../net/peer-book.js'
import type { TabNode } from '../net/tab-node.js'
import type { WellKnown } from '../net/well-known.js'
import type { GutsDb } from '../store/db.js'
import type { Settings } from '../store/settings.js'
import type { PrivateKey } from '@libp2p/interface'

export interface ConnectionInfo {
  id: string
  peerId: string
  kind: ConnectionKind
  /** true when the relay's limits apply (data caps, time caps) */
  limited: boolean
  multiplexer?: string
  direction: 'inbound' | 'outbound'
  remoteAddr: string
  rtt?: number
  relay: boolean
  openedAt: number
}

export interface NetworkSnapshot {
  peerId: string
  /** addresses others can paste to reach this tab (WebRTC through a relay) */
  shareAddrs: string[]
  state: 'starting' | 'connecting' | 'connected' | 'offline'
  relays: Array<{ peerId: string, addrs: string[], connected: boolean, source: 'served' | 'settings' | 'peer book' }>
  connections: ConnectionInfo[]
  relayCount: number
  peerCount: number
  online: boolean
  error?: string
}

export interface Network {
  snapshot: () => NetworkSnapshot
  subscribe: (fn: () => void) => () => void
  connect: (target: string, opts?: { signal?: AbortSignal }) => Promise<DialResult>
  hangUp: (peerId: string) => Promise<void>
  /** lets the tab dial a relay it learned of (a DHT provider with WebSocket addresses) */
  trustRelay: (peerId: string, addrs: string[]) => void
  addRelay: (addr: string) => Promise<void>
  removeRelay: (addr: string) => Promise<void>
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

  // relays learned at run time: DHT providers that listen on WebSockets
  const learned = new Set<string>()
  const relayPeers = (): Set<string> => new Set([
    ...learned,
    ...(served != null ? [served.peerId] : []),
    ...userRelays.map(a => { try { return targetPeerId(multiaddr(a)) } catch { return undefined } }).filter((p): p is string => p != null),
    ...book.filter(e => e.relay).map(e => e.id)
  ])
  let trusted = relayPeers()

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
    const configured = configuredTargets()
    const configuredPeers = new Set(configured.map(a => { try { return targetPeerId(multiaddr(a)) } catch { return undefined } }).filter((p): p is string => p != null))
    // when none of the configured relays answers, fall back on the peer book
    if ([...configuredPeers].some(connectedTo)) return configured
    return [...configured, ...fallbackRelays(book, configuredPeers).flatMap(e => usable(e.multiaddrs))]
  }

  // snapshots are cached until something changes, so the UI can compare by identity
  let cached: NetworkSnapshot | undefined
  const notify = (): void => {
    cached = undefined
    for (const fn of listeners) fn()
  }
  const relayFlag = (peer: string): boolean => trusted.has(peer)

  let firstRelayAt: number | undefined
  node.addEventListener('connection:open', (evt) => {
    if (firstRelayAt == null && relayFlag(evt.detail.remotePeer.toString())) firstRelayAt = performance.now()
    notify()
  })
  node.addEventListener('connection:close', notify)
  node.addEventListener('self:peer:update', notify)
  node.addEventListener('peer:identify', (evt) => {
    const { peerId, listenAddrs, protocols, agentVersion } = evt.detail
    const isRelay = protocols.includes(RELAY_HOP_PROTOCOL)
    // only relays have addresses worth keeping; a tab's change with its relay
    const addrs = isRelay ? listenAddrs.filter(a => hasProtocol(a, 'ws') || hasProtocol(a, 'wss')).map(a => `${a.toString()}/p2p/${peerId.toString()}`) : []
    rememberPeer(db, { id: peerId.toString(), multiaddrs: addrs, relay: isRelay, agent: agentVersion?.slice(0, 64), seen: Date.now() })
      .then(async () => { book = await loadPeerBook(db) })
      .catch(() => { /* a full disk must not break the network */ })
    notify()
  })

  await node.start()
  const keeper = keepConnected(node, targets, {
    interval: 2000,
    onError: (_addr, err) => { lastError = err.message }
  })

  // learn (or re-learn) the serving relay; keep trying while it is unknown
  const learnServingRelay = async (): Promise<void> => {
    try {
      const wk = await fetchWellKnown(origin)
      served = wk
      trusted = relayPeers()
      await saveSetting(db, 'servingRelay', wk).catch(() => {})
      keeper.kick()
      notify()
    } catch {
      // no relay at this origin (static hosting, offline): cached and configured relays still work
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
      state: node.status !== 'started' ? 'starting' : relayCount > 0 ? 'connected' : online ? 'connecting' : 'offline',
      relays,
      connections,
      relayCount,
      peerCount,
      online,
      error: relayCount > 0 ? undefined : lastError
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
    trustRelay: (peerId, addrs) => {
      if (!addrs.some(a => a.includes('/ws') || a.includes('/wss') || a.includes('/tls/'))) return
      learned.add(peerId)
      trusted = relayPeers()
    },
    addRelay: async (addr) => {
      const ma = multiaddr(addr.trim())
      if (targetPeerId(ma) == null) throw new Error('a relay address must end with /p2p/<PeerId>')
      if (!userRelays.includes(ma.toString())) userRelays = [...userRelays, ma.toString()]
      await saveSetting(db, 'relays', userRelays)
      trusted = relayPeers()
      keeper.kick()
      notify()
    },
    removeRelay: async (addr) => {
      userRelays = userRelays.filter(a => a !== addr)
      await saveSetting(db, 'relays', userRelays)
      trusted = relayPeers()
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
