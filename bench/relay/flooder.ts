// A flooding peer for bench/relay part 2: dials the relay over WebSockets
// and asks it, as fast as it answers, for the repository's refs
// (/guts/refs/1.0.0) and for the whole repository as a pack
// (/guts/pack/1.0.0, wants = every ref tip, haves = []), on several streams
// at once. Counts what was served, what was refused (the relay's per-peer
// budget) and what failed, and notices when the relay cuts it off.
// With `rotate`, a flooder cut off comes back under a new PeerId (a Sybil):
// the budget and the ban are per PeerId.
//   start { addr, rid, refsStreams, packStreams, rotate }
//   stats
//   halt    stop flooding (the node stays up), returns the final stats
//   stop
import '../../relay/polyfills.js'
import { multiaddr } from '@multiformats/multiaddr'
import { PACK_PROTOCOL, requestPack } from '../../src/sync/pack/index.js'
import { REFS_PROTOCOL, requestRefs } from '../../src/sync/refs/index.js'
import { countErrors, serveParent, sleep } from './child.js'
import { createBenchNode } from '../lib/guts-peer.js'
import type { Multiaddr } from '@multiformats/multiaddr'

type Node = Awaited<ReturnType<typeof createBenchNode>>

const stats = {
  refs: { served: 0, refused: 0, failed: 0 },
  pack: { served: 0, refused: 0, failed: 0, bytes: 0 },
  /** the relay closed our connection */
  disconnects: 0,
  /** connections to the relay opened after the first */
  reconnects: 0,
  /** PeerIds used, with rotate */
  identities: 0,
  errors: {} as Record<string, number>,
  /** the first few notable events, seconds since the flood started */
  events: [] as string[],
  startedAt: 0,
  haltedAt: 0
}

let node: Node | undefined
let relayAddr: Multiaddr
let relayId = ''
let running = false
let rotating: Promise<void> | undefined
const loops: Array<Promise<void>> = []

const note = (what: string): void => {
  if (stats.events.length < 12) stats.events.push(`${((Date.now() - stats.startedAt) / 1000).toFixed(1)}s ${what}`)
}

const connected = (n: Node | undefined): boolean => n != null && n.getConnections().some(c => c.remotePeer.toString() === relayId && c.status === 'open')

async function newNode (): Promise<Node> {
  const n = await createBenchNode('ws')
  stats.identities++
  let opened = 0
  n.addEventListener('connection:open', (evt) => {
    if (evt.detail.remotePeer.toString() !== relayId) return
    if (opened++ > 0 || stats.identities > 1) stats.reconnects++
  })
  n.addEventListener('connection:close', (evt) => {
    if (evt.detail.remotePeer.toString() === relayId && running) { stats.disconnects++; note('disconnected') }
  })
  await n.dial(relayAddr, { signal: AbortSignal.timeout(15_000) })
  return n
}

/** With rotate: replace a cut-off node by a new one with a new PeerId (once, however many loops notice). */
async function rotate (): Promise<void> {
  rotating ??= (async () => {
    const old = node
    node = undefined
    void Promise.resolve(old?.stop()).catch(() => {})
    for (let i = 0; running && i < 20; i++) {
      try { node = await newNode(); return } catch (err) { countErrors(stats.errors, err); await sleep(1000) }
    }
  })().finally(() => { rotating = undefined })
  await rotating
}

async function loop (kind: 'refs' | 'pack', rid: string, wants: string[], doRotate: boolean): Promise<void> {
  while (running) {
    const n = node
    if (n == null) { await (rotating ?? sleep(200)); continue }
    try {
      if (kind === 'refs') {
        const stream = await n.dialProtocol(relayAddr, REFS_PROTOCOL, { signal: AbortSignal.timeout(10_000) })
        await requestRefs(stream, rid, { signal: AbortSignal.timeout(10_000) })
        stats.refs.served++
      } else {
        const stream = await n.dialProtocol(relayAddr, PACK_PROTOCOL, { signal: AbortSignal.timeout(10_000) })
        // a flooder only counts the bytes: it neither keeps nor checks them
        const got = await requestPack(stream, { rid, wants, haves: [] }, {
          maxBytes: 1024 * 1024 * 1024,
          signal: AbortSignal.timeout(120_000),
          open: () => ({ push: () => {}, finish: async () => undefined, abort: () => {} })
        })
        stats.pack.served++
        stats.pack.bytes += got.bytes
      }
    } catch (err: any) {
      if (!running) return
      if (err?.name === 'RefusedError') {
        if (stats[kind].refused++ === 0) note(`first ${kind} refused`)
        continue
      }
      stats[kind].failed++
      countErrors(stats.errors, err)
      note(`${kind} failed: ${err?.name} ${String(err?.message).slice(0, 60)}`)
      if (connected(n)) { await sleep(20); continue }
      // cut off: a new identity, or wait and let the next request redial
      if (doRotate) await rotate()
      else await sleep(1000)
    }
  }
}

serveParent({
  start: async ({ addr, rid, refsStreams, packStreams, rotate: doRotate }: { addr: string, rid: string, refsStreams: number, packStreams: number, rotate: boolean }) => {
    relayAddr = multiaddr(addr)
    relayId = relayAddr.getComponents().find(c => c.name === 'p2p')?.value ?? ''
    node = await newNode()
    // the tips to ask for: the refs the relay signed
    const stream = await node.dialProtocol(relayAddr, REFS_PROTOCOL, { signal: AbortSignal.timeout(10_000) })
    const answer = await requestRefs(stream, rid, { signal: AbortSignal.timeout(10_000) })
    stats.refs.served++
    const wants = [...new Set(Object.values(answer.signedRefs.refs))]
    running = true
    stats.startedAt = Date.now()
    for (let i = 0; i < refsStreams; i++) loops.push(loop('refs', rid, wants, doRotate))
    for (let i = 0; i < packStreams; i++) loops.push(loop('pack', rid, wants, doRotate))
    return { wants: wants.length, peerId: node.peerId.toString() }
  },
  stats: () => ({ ...stats, connected: connected(node) }),
  halt: async () => {
    running = false
    stats.haltedAt = Date.now()
    const snapshot = { ...stats, connected: connected(node) }
    // loops end with their current request (each has a timeout)
    await Promise.race([Promise.all(loops), sleep(15_000)])
    return snapshot
  }
}, {
  onStop: async () => {
    running = false
    await Promise.race([Promise.resolve(node?.stop()), sleep(5000)]).catch(() => {})
  }
})
