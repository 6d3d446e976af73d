// The honest peer of bench/relay part 2, one clone per process: an empty
// repository store, a WebSocket connection to the relay, then
// `sync.fetchFrom(relay, rid)` timed from the first refs request to the
// repository being stored and verified (the connection is made and timed
// before). Phases come from the sync service's own progress reports.
//   clone { addr, rid, root, timeoutMs }
import '../../relay/polyfills.js'
import { rm } from 'node:fs/promises'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { countErrors, serveParent, sleep } from './child.js'
import { createBenchPeer } from '../lib/guts-peer.js'

type Peer = Awaited<ReturnType<typeof createBenchPeer>>
let peer: Peer | undefined
let rootDir: string | undefined

serveParent({
  clone: async ({ addr, rid, root, timeoutMs }: { addr: string, rid: string, root: string, timeoutMs: number }) => {
    rootDir = root
    const ma = multiaddr(addr)
    const relayId = peerIdFromString(ma.getComponents().find(c => c.name === 'p2p')!.value!)
    peer = await createBenchPeer('ws', 'honest', root)
    const cpu0 = process.cpuUsage()
    // the dial, with retries: every peer of the benchmark comes from 127.0.0.1,
    // and the relay limits new connections per IP
    const dialErrors: Record<string, number> = {}
    const t0 = performance.now()
    let dialAttempts = 0
    for (;;) {
      dialAttempts++
      try {
        await peer.node.dial(ma, { signal: AbortSignal.timeout(15_000) })
        break
      } catch (err) {
        countErrors(dialErrors, err)
        if (dialAttempts >= 5) throw new Error(`could not connect to the relay: ${JSON.stringify(dialErrors)}`)
        await sleep(500 * dialAttempts)
      }
    }
    const t1 = performance.now()
    const phases: Array<{ phase: string, ms: number }> = []
    let current = { phase: 'start', at: t1 }
    const outcome = await peer.sync.fetchFrom(relayId, rid, {
      signal: AbortSignal.timeout(timeoutMs),
      onProgress: (p) => {
        if (p.phase === current.phase) return
        const now = performance.now()
        if (current.phase !== 'start') phases.push({ phase: current.phase, ms: now - current.at })
        current = { phase: p.phase, at: now }
      }
    })
    const t2 = performance.now()
    const record = await peer.repos.get(rid)
    const transfer = peer.sync.transfers.at(-1)
    const cpu = process.cpuUsage(cpu0)
    return {
      outcome,
      dialMs: t1 - t0,
      dialAttempts,
      dialErrors,
      syncMs: t2 - t1,
      phases,
      refs: Object.keys(record.signedRefs.refs).length,
      packBytes: transfer?.bytes,
      objects: transfer?.objects,
      limited: transfer?.limited,
      cpuMs: (cpu.user + cpu.system) / 1000,
      maxRssKB: process.resourceUsage().maxRSS
    }
  }
}, {
  onStop: async () => {
    await Promise.race([Promise.resolve(peer?.sync.stop()).then(() => peer?.node.stop()), sleep(5000)]).catch(() => {})
    if (rootDir != null) await rm(rootDir, { recursive: true, force: true }).catch(() => {})
  }
})
