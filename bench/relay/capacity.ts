// bench/relay part 1 — capacity: one relay process, tab-like peers ramped in
// steps (1,000 / 3,000 / 5,000 by default). The relay's limits come from its
// own options: the flags it is started with go through relay/cli.ts
// parseArgs, and the per-IP and pending-connection limits it sets on libp2p
// come from relay/limits.ts. The ramp stays under them (every peer here is
// 127.0.0.1), and a peer the relay's maxConnections or maxReservations would
// refuse is counted as "over the limit", not as lost.
//
// Per step, after the ramp reaches it and the peers have settled: peers held
// (connected and holding a reservation, their view and the relay's
// /metrics), lost (dialled but not held: failed dials, dropped connections,
// no reservation), p50/p95 connect+reserve of that step's peers (from the
// start of the dial to the /p2p-circuit address), the relay's RSS after a
// forced GC and (RSS − RSS with no peers) / connections held, and the CPU
// the relay process and the peers' workers used while ramping.
import os from 'node:os'
import { parseArgs } from '../../relay/cli.js'
import { INBOUND_CONNECTIONS_PER_IP_PER_SECOND, MAX_PENDING_INBOUND_CONNECTIONS } from '../../relay/limits.js'
import { cpuSeconds, machineCpu, mergeCounts, percentile, sleep, spawnChild, stopChild } from './child.js'
import { metric, startBenchRelay } from './relay-control.js'
import type { Child } from './child.js'
import type { StepStatus } from './peers-worker.js'
import type { BenchRelay, RelayMemory } from './relay-control.js'

export interface CapacityConfig {
  steps: number[]
  workers: number
  /** new peers a second while ramping; at most the relay's per-IP limit */
  rate: number
  /** dials in flight at most: the ramp slows down to what the machine keeps up with */
  inFlight: number
  settleMs: number
  reservationWaitMs: number
  dialTimeoutMs: number
  /** flags for the relay; its limits are read from them */
  relayArgs: string[]
}

export interface StepResult {
  peers: number
  /** peers a second this step's dials were started at */
  achievedRate: number
  /** what the relay's limits let it hold at this step */
  allowed: number
  dialled: number
  held: number
  lost: number
  failed: number
  dropped: number
  noReservation: number
  relayConnections?: number
  relayReservations?: number
  p50?: number
  p95?: number
  /** connect only (WebSocket, Noise, yamux), p50 / p95 */
  connectP50?: number
  connectP95?: number
  rampSeconds: number
  mem: RelayMemory
  perConnKB: number
  relayCpuPct: number
  peersCpuPct: number
  machineCpuPct: number
  /** CPU ms the relay process spent per peer added in this step (ramp and settling) */
  relayCpuMsPerPeer: number
  peersCpuMsPerPeer: number
  /** the relay's CPU while only holding the peers (5 s, no new ones) */
  relayHoldCpuPct: number
  peersHoldCpuPct: number
  eventLoopP99Ms?: number
  workerRssMB: number[]
  /** the machine's 1-minute load average at the end of the step: other people's work counts */
  loadAvg: number
}

export interface CapacityResult {
  relayArgs: string[]
  limits: { maxConnections: number, maxReservations: number, perIpPerSecond: number, maxPending: number }
  rate: number
  inFlight: number
  baseline: RelayMemory
  steps: StepResult[]
  retries: number
  dialErrors: Record<string, number>
}

interface WorkerStatus { steps: Record<number, StepStatus>, retries: number, errors: Record<string, number>, nodes: number, rssKB: number }

/** The relay's limits, as its own option parser and relay/limits.ts give them. */
export function relayLimits (relayArgs: string[]): CapacityResult['limits'] {
  const parsed = parseArgs(relayArgs)
  if (parsed.command !== 'serve') throw new Error(`bad relay flags ${relayArgs.join(' ')}: ${parsed.command === 'error' ? parsed.message : parsed.command}`)
  return {
    maxConnections: parsed.options.maxConnections,
    maxReservations: parsed.options.maxReservations,
    perIpPerSecond: INBOUND_CONNECTIONS_PER_IP_PER_SECOND,
    maxPending: MAX_PENDING_INBOUND_CONNECTIONS
  }
}

export async function capacity (cfg: CapacityConfig, hooks: { log: (msg: string) => void, track: (r: BenchRelay) => void, untrack: (r: BenchRelay) => void }): Promise<CapacityResult> {
  const { log } = hooks
  const limits = relayLimits(cfg.relayArgs)
  // every bench peer dials from 127.0.0.1: one IP
  const rate = Math.min(cfg.rate, limits.perIpPerSecond * 0.9)
  // the relay refuses inbound connections past maxPending being upgraded at once
  const inFlight = Math.max(1, Math.min(cfg.inFlight, Math.floor(limits.maxPending / 2)))
  log(`part 1: relay ${cfg.relayArgs.join(' ')} → maxConnections ${limits.maxConnections}, maxReservations ${limits.maxReservations}, ${limits.perIpPerSecond} new connections/s per IP, ${limits.maxPending} pending; ramp ${rate}/s, at most ${inFlight} dials in flight`)
  const relay = await startBenchRelay({ args: cfg.relayArgs })
  hooks.track(relay)
  const workers: Child[] = []
  try {
    log(`relay pid ${relay.pid}, ${relay.wsAddr}`)
    const baseline = await relay.settle(cfg.settleMs)
    log(`baseline RSS ${(baseline.rssKB / 1024).toFixed(1)} MB (forced GC: ${baseline.forcedGc})`)
    for (let i = 0; i < cfg.workers; i++) {
      workers.push(spawnChild(`peers-worker-${i}`, 'bench/relay/peers-worker.ts', { execArgv: ['--max-old-space-size=8192'] }))
    }
    await Promise.all(workers.map(async w => w.ready(60_000)))
    const status = async (): Promise<WorkerStatus[]> => Promise.all(workers.map(async w => w.request<WorkerStatus>('status', undefined, 60_000)))
    const cpu = (): { relay: number, peers: number, machine: ReturnType<typeof machineCpu>, t: number } => ({
      relay: cpuSeconds(relay.pid) ?? 0,
      peers: workers.reduce((n, w) => n + (cpuSeconds(w.pid) ?? 0), 0),
      machine: machineCpu(),
      t: Date.now()
    })

    const results: StepResult[] = []
    const tickMs = 250
    let dialled = 0
    let next = 0
    for (const [stepNo, target] of cfg.steps.entries()) {
      const c0 = cpu()
      const rampStart = Date.now()
      // a steady trickle: rate × tick peers every tick, round-robin over the
      // workers, held back while `inFlight` dials are still running
      let owed = 0
      while (dialled < target) {
        const t = Date.now()
        owed = Math.min(owed + rate * tickMs / 1000, rate)
        const pending = (await Promise.all(workers.map(async w => w.request<number>('pending', undefined, 60_000)))).reduce((a, b) => a + b, 0)
        const count = Math.min(Math.floor(owed), target - dialled, inFlight - pending)
        if (count > 0) {
          owed -= count
          await workers[next++ % workers.length].request('start', { addr: relay.wsAddr, count, step: stepNo, dialTimeoutMs: cfg.dialTimeoutMs, attempts: 3 }, 60_000)
          dialled += count
          if (dialled % 500 < count) log(`  ${dialled}/${target} peers dialled`)
        }
        const left = tickMs - (Date.now() - t)
        if (left > 0) await sleep(left)
      }
      const dialSeconds = (Date.now() - rampStart) / 1000
      // the last dials and reservations of this step
      const waitUntil = Date.now() + cfg.reservationWaitMs
      let st: WorkerStatus[]
      while (true) {
        st = await status()
        const s = sumSteps(st)
        if ((s.pending === 0 && s.held + s.failed + s.dropped >= s.dialled) || Date.now() > waitUntil) break
        await sleep(1000)
      }
      const rampSeconds = (Date.now() - rampStart) / 1000
      const c1 = cpu()
      // event-loop lag while holding them: prom-client resets its histogram on each scrape
      await relay.metrics()
      const h0 = cpu()
      await sleep(5000)
      const h1 = cpu()
      const m = await relay.metrics()
      const mem = await relay.settle(cfg.settleMs)
      st = await status()
      const all = sumSteps(st)
      const mine = sumSteps(st, stepNo)
      const allowed = Math.min(target, limits.maxConnections, limits.maxReservations)
      const relayConnections = metric(m, 'guts_connections', { kind: 'websocket' })
      const wall = (c1.t - c0.t) / 1000
      const r: StepResult = {
        peers: target,
        achievedRate: (target - (results.at(-1)?.peers ?? 0)) / dialSeconds,
        allowed,
        dialled: all.dialled,
        held: all.held,
        lost: Math.max(0, allowed - all.held),
        failed: all.failed,
        dropped: all.dropped,
        noReservation: all.connected - all.held,
        relayConnections,
        relayReservations: metric(m, 'libp2p_circuit_relay_server_reservations_total'),
        p50: percentile(mine.reserveMs, 50),
        p95: percentile(mine.reserveMs, 95),
        connectP50: percentile(mine.connectMs, 50),
        connectP95: percentile(mine.connectMs, 95),
        rampSeconds,
        mem,
        perConnKB: (mem.rssKB - baseline.rssKB) / Math.max(1, relayConnections ?? all.held),
        relayCpuPct: (c1.relay - c0.relay) / wall * 100,
        peersCpuPct: (c1.peers - c0.peers) / wall * 100,
        machineCpuPct: (c1.machine.busy - c0.machine.busy) / (c1.machine.total - c0.machine.total) * os.cpus().length * 100,
        relayCpuMsPerPeer: (c1.relay - c0.relay) * 1000 / Math.max(1, target - (results.at(-1)?.peers ?? 0)),
        peersCpuMsPerPeer: (c1.peers - c0.peers) * 1000 / Math.max(1, target - (results.at(-1)?.peers ?? 0)),
        relayHoldCpuPct: (h1.relay - h0.relay) / ((h1.t - h0.t) / 1000) * 100,
        peersHoldCpuPct: (h1.peers - h0.peers) / ((h1.t - h0.t) / 1000) * 100,
        eventLoopP99Ms: (metric(m, 'nodejs_eventloop_lag_p99_seconds') ?? NaN) * 1000,
        workerRssMB: st.map(s => Math.round(s.rssKB / 1024)),
        loadAvg: os.loadavg()[0]
      }
      results.push(r)
      log(`  step ${target}: held ${r.held}, lost ${r.lost} (failed ${r.failed}, dropped ${r.dropped}, no reservation ${r.noReservation}), connect+reserve p50 ${r.p50?.toFixed(0)} / p95 ${r.p95?.toFixed(0)} ms (connect ${r.connectP50?.toFixed(0)} / ${r.connectP95?.toFixed(0)}), relay RSS ${(mem.rssKB / 1024).toFixed(0)} MB (${r.perConnKB.toFixed(1)} KB/conn), CPU relay ${r.relayCpuPct.toFixed(0)}% peers ${r.peersCpuPct.toFixed(0)}% machine ${r.machineCpuPct.toFixed(0)}%; per new peer relay ${r.relayCpuMsPerPeer.toFixed(1)} ms, peers ${r.peersCpuMsPerPeer.toFixed(1)} ms; holding: relay ${r.relayHoldCpuPct.toFixed(0)}%, peers ${r.peersHoldCpuPct.toFixed(0)}%; load ${os.loadavg()[0].toFixed(1)}`)
    }
    const st = await status()
    return {
      relayArgs: cfg.relayArgs,
      limits,
      rate,
      inFlight,
      baseline,
      steps: results,
      retries: st.reduce((n, s) => n + s.retries, 0),
      dialErrors: st.reduce((e, s) => mergeCounts(e, s.errors), {})
    }
  } finally {
    log('part 1: stopping peers and relay')
    await Promise.all(workers.map(async w => stopChild(w, 60_000)))
    await relay.stop()
    hooks.untrack(relay)
  }
}

function sumSteps (st: WorkerStatus[], only?: number): StepStatus {
  const out: StepStatus = { dialled: 0, pending: 0, connected: 0, held: 0, failed: 0, dropped: 0, reserveMs: [], connectMs: [] }
  for (const w of st) {
    for (const [k, s] of Object.entries(w.steps)) {
      if (only != null && Number(k) !== only) continue
      out.dialled += s.dialled; out.pending += s.pending; out.connected += s.connected
      out.held += s.held; out.failed += s.failed; out.dropped += s.dropped
      if (only != null) { out.reserveMs.push(...s.reserveMs); out.connectMs.push(...s.connectMs) }
    }
  }
  return out
}

/** The report's table: one row per step. */
export function capacityTable (cap: CapacityResult): string[] {
  const f = (x: number | undefined, d = 0): string => x == null || !Number.isFinite(x) ? 'n/a' : x.toFixed(d)
  const head = ['peers', 'peers/s', 'held', 'lost', 'failed/dropped/no-resv', 'relay conns/resv', 'p50 ms', 'p95 ms', 'connect p50/p95', 'relay RSS MB', 'KB/conn', 'ramp CPU % relay/peers/machine', 'CPU ms/peer relay/peers', 'hold CPU % relay/peers', 'loop p99 ms', 'load']
  const rows = cap.steps.map(s => [
    String(s.peers) + (s.allowed < s.peers ? ` (limit ${s.allowed})` : ''),
    f(s.achievedRate, 1),
    String(s.held),
    String(s.lost),
    `${s.failed}/${s.dropped}/${s.noReservation}`,
    `${f(s.relayConnections)}/${f(s.relayReservations)}`,
    f(s.p50),
    f(s.p95),
    `${f(s.connectP50)}/${f(s.connectP95)}`,
    f(s.mem.rssKB / 1024),
    f(s.perConnKB, 1),
    `${f(s.relayCpuPct)}/${f(s.peersCpuPct)}/${f(s.machineCpuPct)}`,
    `${f(s.relayCpuMsPerPeer, 1)}/${f(s.peersCpuMsPerPeer, 1)}`,
    `${f(s.relayHoldCpuPct)}/${f(s.peersHoldCpuPct)}`,
    f(s.eventLoopP99Ms, 1),
    f(s.loadAvg, 1)
  ])
  const w = head.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)))
  const line = (r: string[]): string => r.map((c, i) => c.padStart(w[i])).join('  ')
  const verdicts = cap.steps.map(s => `${s.peers}: ${s.lost === 0 ? '0 lost OK' : `${s.lost} lost MISSED`}, p95 ${s.p95 != null && s.p95 <= 1000 ? '≤ 1 s OK' : '> 1 s MISSED'}, ${s.perConnKB <= 100 ? '≤ 100 KB/conn OK' : '> 100 KB/conn MISSED'}`)
  return [
    `relay flags: ${cap.relayArgs.join(' ')}; limits: maxConnections ${cap.limits.maxConnections}, maxReservations ${cap.limits.maxReservations}, ${cap.limits.perIpPerSecond} new connections/s per IP, ${cap.limits.maxPending} pending (relay/cli.ts, relay/limits.ts)`,
    `ramp ≤ ${cap.rate} peers/s from one IP, ≤ ${cap.inFlight} dials in flight; relay RSS with 0 peers ${(cap.baseline.rssKB / 1024).toFixed(1)} MB; dial retries ${cap.retries}`,
    '',
    line(head),
    w.map(n => '-'.repeat(n)).join('  '),
    ...rows.map(line),
    '',
    ...verdicts.map(v => `   ${v}`),
    `   p50/p95: connect+reserve of the peers dialled in that step; CPU: while ramping to that step (${os.cpus().length} cores = ${os.cpus().length * 100}%); KB/conn = (RSS − RSS with 0 peers) / connections held, after a forced GC`
  ]
}
