// The receiving side of the Node→Node benchmark, one clone per process so
// its peak memory is the clone's: dials the server on loopback TCP and
// clones the repository with the sync service (Sync.clone), timed from the
// dial to the refs being stored. Usage:
//   node --import tsx bench/sync/client.ts <server multiaddr> <rid> <root dir>
// Prints `RESULT {json}`.
import '../../relay/polyfills.js'
import { multiaddr } from '@multiformats/multiaddr'
import { createBenchPeer } from '../lib/guts-peer.js'
import { report } from './report.js'

export interface Phase { phase: string, ms: number, peakRssKB: number }
export interface ClientResult {
  outcome: string
  /** from the dial to clone() resolving: refs verified and stored */
  cloneMs: number
  phases: Phase[]
  /** RSS once libp2p runs, before the dial */
  rssBeforeKB: number
  /** peak RSS of this whole process (process.resourceUsage().maxRSS) */
  maxRssKB: number
  gitdir: string
  transfer?: { bytes: number, objects: number, limited: boolean, multiplexer?: string }
}

const CLONE_TIMEOUT_MS = Number(process.env.BENCH_CLONE_TIMEOUT_MS ?? 10 * 60_000)

const [addr, rid, root] = process.argv.slice(2)
if (addr == null || rid == null || root == null) throw new Error('usage: client.ts <server multiaddr> <rid> <root dir>')

const peer = await createBenchPeer('tcp', 'client', root)

// per-phase peak RSS: sampled at every progress report and every 50 ms
// (the timer only fires when the event loop is free)
const phases: Phase[] = []
let current = { phase: 'Dialling', start: performance.now(), peakRssKB: 0 }
const sample = (): void => { current.peakRssKB = Math.max(current.peakRssKB, Math.round(process.memoryUsage.rss() / 1024)) }
const onPhase = (phase: string): void => {
  sample()
  if (phase === current.phase) return
  const now = performance.now()
  phases.push({ phase: current.phase, ms: now - current.start, peakRssKB: current.peakRssKB })
  current = { phase, start: now, peakRssKB: 0 }
  sample()
}
const sampler = setInterval(sample, 50)

const rssBeforeKB = Math.round(process.memoryUsage.rss() / 1024)
const start = performance.now()
current.start = start
await peer.node.dial(multiaddr(addr), { signal: AbortSignal.timeout(30_000) })
const outcome = await peer.sync.clone(rid, { signal: AbortSignal.timeout(CLONE_TIMEOUT_MS), onProgress: (p) => onPhase(p.phase === 'Receiving objects' ? ((p.received ?? 0) > 0 ? 'Receiving objects: transfer' : 'Receiving objects: waiting for the pack') : p.phase) })
const end = performance.now()
sample()
phases.push({ phase: current.phase, ms: end - current.start, peakRssKB: current.peakRssKB })
clearInterval(sampler)

const t = peer.sync.transfers.find(x => x.rid === rid)
const result: ClientResult = {
  outcome,
  cloneMs: end - start,
  phases,
  rssBeforeKB,
  maxRssKB: process.resourceUsage().maxRSS,
  gitdir: peer.repos.gitdir(rid),
  transfer: t == null ? undefined : { bytes: t.bytes, objects: t.objects, limited: t.limited, multiplexer: t.multiplexer }
}
report('RESULT', result)
setTimeout(() => process.exit(0), 3000).unref()
await peer.sync.stop().then(async () => peer.node.stop()).catch(() => {})
process.exit(0)
