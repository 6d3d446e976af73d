// bench/relay: how much one relay holds, and whether it stays useful under a flood.
//
//   npm run bench:relay                          # 1,000 / 3,000 / 5,000 peers, then the flood
//   BENCH_STEPS=200,500 npm run bench:relay      # other ramp steps
//   BENCH_PARTS=peers npm run bench:relay        # only part 1 (or "flood": only part 2)
//   BENCH_RELAY_ARGS="--no-mdns --max-reservations 1024" npm run bench:relay   # the relay's own flags
//
// Part 1 — capacity (capacity.ts). One relay process (e2e/relay-process.ts,
// as `npm start` runs it), started with BENCH_RELAY_ARGS (default: room for
// the largest step); its limits are read back from those flags through
// relay/cli.ts parseArgs and from relay/limits.ts, and the ramp stays under
// them. Tab-like libp2p nodes (WebSockets, Noise, yamux, identify, ping,
// circuit relay transport listening on /p2p-circuit so each takes a
// reservation) in worker processes (peers-worker.ts), ramped at BENCH_RATE
// a second to each step. Per step: held, lost, p50/p95 connect+reserve, the
// relay's RSS after a forced GC and KB per connection, and the CPU of the
// relay process and of the peers' workers while ramping.
//
// Part 2 — sync under flood. A relay seeding one generated repository
// (bench/lib/make-repo.ts, imported with `relay import` before the relay
// starts). An honest peer in its own process clones it from the relay
// (`sync.fetchFrom`) into an empty store: 3 runs unloaded, then 3 runs while
// 10 flooding processes ask the relay for refs and whole-repository packs as
// fast as it answers; then again with flooders that come back under a new
// PeerId whenever the relay cuts them off. We report the median clone times
// and their ratio, and what the relay served and refused.
//
// Everything listens on 127.0.0.1; every child process is killed at the end,
// on failure, on Ctrl-C, and by a global timeout (BENCH_TIMEOUT_MIN, 15).
// Progress goes to stderr, the report to stdout.
//
// Settings (environment):
//   BENCH_STEPS (1000,3000,5000)  BENCH_WORKERS (3)  BENCH_RATE (50 peers/s)  BENCH_IN_FLIGHT (32)  BENCH_RELAY_ARGS
//   BENCH_SETTLE_MS (6000)  BENCH_RESERVATION_WAIT_MS (60000)
//   BENCH_FLOODERS (10)  BENCH_FLOOD_REFS_STREAMS (4)  BENCH_FLOOD_PACK_STREAMS (2)
//   BENCH_FLOOD_WARMUP_MS (3000)  BENCH_FLOOD_NICE (0)  BENCH_RUNS (3)
//   BENCH_SYBIL (0: never, 1: always; default: only if the relay refused or cut off a flooder)
//   BENCH_CLONE_TIMEOUT_MS (180000)  BENCH_REPO (a git repository to seed instead of the generated one)
//   BENCH_PARTS (peers,flood)  BENCH_TIMEOUT_MIN (15)
import '../../relay/polyfills.js'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os, { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePorts } from '../../e2e/relay-process.js'
import { makeRepo } from '../lib/make-repo.js'
import { capacity, capacityTable } from './capacity.js'
import { ROOT, cpuSeconds, killAllChildren, machineCpu, killAllChildrenSync, liveChildren, median, mergeCounts, rssKB, sleep, spawnChild, stopChild } from './child.js'
import { metric, startBenchRelay } from './relay-control.js'
import type { CapacityResult } from './capacity.js'
import type { BenchRelay } from './relay-control.js'

const env = process.env
const num = (name: string, dflt: number): number => {
  const v = env[name]
  if (v == null || v === '') return dflt
  const n = Number(v)
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number, got "${v}"`)
  return n
}
const cfg = {
  steps: (env.BENCH_STEPS ?? '1000,3000,5000').split(',').map(s => Math.round(Number(s))).filter(n => n > 0),
  workers: Math.max(1, Math.round(num('BENCH_WORKERS', 3))),
  /** new peers a second; capped at 90% of the relay's per-IP limit (relay/limits.ts) */
  rate: num('BENCH_RATE', 50),
  /** dials in flight at most (the ramp waits for the relay and the peers to keep up) */
  inFlight: Math.max(1, Math.round(num('BENCH_IN_FLIGHT', 32))),
  settleMs: num('BENCH_SETTLE_MS', 6000),
  reservationWaitMs: num('BENCH_RESERVATION_WAIT_MS', 60_000),
  flooders: Math.round(num('BENCH_FLOODERS', 10)),
  refsStreams: Math.round(num('BENCH_FLOOD_REFS_STREAMS', 4)),
  packStreams: Math.round(num('BENCH_FLOOD_PACK_STREAMS', 2)),
  warmupMs: num('BENCH_FLOOD_WARMUP_MS', 3000),
  runs: Math.max(1, Math.round(num('BENCH_RUNS', 3))),
  /** "0": never; "1": always; default: only when the fixed-PeerId flood got refused or cut off */
  sybil: env.BENCH_SYBIL !== '0',
  /** niceness of the flooder processes (0: same priority as the relay) */
  floodNice: Math.round(num('BENCH_FLOOD_NICE', 0)),
  cloneTimeoutMs: num('BENCH_CLONE_TIMEOUT_MS', 180_000),
  timeoutMin: num('BENCH_TIMEOUT_MIN', 15),
  parts: new Set((env.BENCH_PARTS ?? 'peers,flood').split(',').map(s => s.trim())),
  repo: env.BENCH_REPO
}
// The relay's limits are its options: BENCH_RELAY_ARGS, or room for the
// largest step (+10%) over the relay's defaults; part 1 reads them back
// through relay/cli.ts parseArgs.
const room = String(Math.ceil(Math.max(...cfg.steps) * 1.1))
const RELAY_ARGS = env.BENCH_RELAY_ARGS != null ? env.BENCH_RELAY_ARGS.split(/\s+/).filter(a => a !== '') : ['--no-mdns', '--max-connections', room, '--max-reservations', room]

const started = Date.now()
const log = (msg: string): void => { process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${msg}\n`) }

// ---- cleanup: children, relays, temp dirs — whatever happens

const relays = new Set<BenchRelay>()
const tempDirs = new Set<string>()
let cleaning: Promise<void> | undefined
async function cleanup (): Promise<void> {
  cleaning ??= (async () => {
    await killAllChildren()
    await Promise.all([...relays].map(async r => { await r.stop().catch(() => {}); relays.delete(r) }))
    for (const d of tempDirs) rmSync(d, { recursive: true, force: true })
  })()
  return cleaning
}
process.on('exit', () => {
  killAllChildrenSync()
  for (const r of relays) { try { process.kill(r.pid, 'SIGKILL') } catch {} }
})
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    log(`${sig}: stopping everything`)
    void cleanup().finally(() => process.exit(130))
  })
}
const globalTimer = setTimeout(() => {
  log(`global timeout (${cfg.timeoutMin} min): killing everything`)
  void cleanup().finally(() => process.exit(2))
}, cfg.timeoutMin * 60_000)
globalTimer.unref()

// ---- part 2: sync under flood

interface HonestRun {
  outcome?: string
  dialMs?: number
  dialAttempts?: number
  syncMs?: number
  phases?: Array<{ phase: string, ms: number }>
  refs?: number
  packBytes?: number
  objects?: number
  /** CPU of the clone itself */
  cpuMs?: number
  /** CPU of the whole honest process, startup included */
  processCpuMs?: number
  error?: string
}

interface FloodStats {
  rotate: boolean
  startFailures: number
  refs: { served: number, refused: number, failed: number }
  pack: { served: number, refused: number, failed: number, bytes: number }
  disconnects: number
  reconnects: number
  identities: number
  connectedAtEnd: number
  floodSeconds: number
  errors: Record<string, number>
  relayCpuPct: number
  floodersCpuPct: number
  machineCpuPct: number
  honestCpuPct: number
  events: string[]
  eventLoopP99Ms?: number
  relayRssMB?: number
  relayAlive: boolean
}

interface FloodResult {
  rid: string
  repo: { objects?: number, bundleBytes?: number, path: string }
  unloaded: HonestRun[]
  unloadedCpu: { relay: number, honest: number, machine: number }
  sybilSkipped?: string
  loaded: Array<{ flood: FloodStats, runs: HonestRun[] }>
}

async function runCommand (args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    p.stdout.on('data', d => { out += d })
    p.stderr.on('data', d => { out += d })
    const t = setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`${args.join(' ')} timed out:\n${out}`)) }, timeoutMs)
    p.once('exit', (code) => { clearTimeout(t); if (code === 0) resolve(out); else reject(new Error(`${args.join(' ')} exited with ${code}:\n${out}`)) })
  })
}

/** The part of a clone that depends on the relay: refs and the pack transfer (not local verification). */
const transferMs = (r: HonestRun): number | undefined => {
  if (r.phases == null) return undefined
  return r.phases.filter(p => p.phase === 'Fetching refs' || p.phase === 'Receiving objects').reduce((n, p) => n + p.ms, 0)
}

async function honestRun (relay: BenchRelay, rid: string, label: string): Promise<HonestRun> {
  const root = mkdtempSync(join(tmpdir(), 'guts-bench-honest-'))
  tempDirs.add(root)
  const c = spawnChild(`honest-${label}`, 'bench/relay/honest.ts')
  try {
    await c.ready(60_000)
    const r = await c.request<HonestRun>('clone', { addr: relay.wsAddr, rid, root, timeoutMs: cfg.cloneTimeoutMs }, cfg.cloneTimeoutMs + 60_000)
    r.processCpuMs = (cpuSeconds(c.pid) ?? 0) * 1000
    log(`  ${label}: ${r.outcome} in ${(r.syncMs! / 1000).toFixed(2)} s (dial ${r.dialMs!.toFixed(0)} ms, ${r.dialAttempts} attempt(s); ${r.phases!.map(p => `${p.phase} ${(p.ms / 1000).toFixed(2)}`).join(', ')})`)
    return r
  } catch (err: any) {
    const msg = String(err?.message ?? err).split('\n').slice(0, 3).join(' | ')
    log(`  ${label}: FAILED ${msg}`)
    return { error: msg }
  } finally {
    await stopChild(c, 15_000)
    rmSync(root, { recursive: true, force: true })
    tempDirs.delete(root)
  }
}

async function honestRuns (relay: BenchRelay, rid: string, label: string): Promise<HonestRun[]> {
  const runs: HonestRun[] = []
  // a failed run is reported, and replaced (at most twice) so the median has its runs
  let extra = 0
  while (runs.filter(r => r.error == null).length < cfg.runs && extra <= 2) {
    const r = await honestRun(relay, rid, `${label} #${runs.length + 1}`)
    runs.push(r)
    if (r.error != null) extra++
  }
  return runs
}

async function floodPhase (relay: BenchRelay, rid: string, rotate: boolean): Promise<{ flood: FloodStats, runs: HonestRun[] }> {
  const label = rotate ? 'flood (new PeerId when cut off)' : 'flood (fixed PeerIds)'
  log(`part 2: ${label}: ${cfg.flooders} flooders × (${cfg.refsStreams} refs + ${cfg.packStreams} pack streams)`)
  const flooders = Array.from({ length: cfg.flooders }, (_, i) => spawnChild(`flooder-${i}`, 'bench/relay/flooder.ts', { execArgv: ['--max-old-space-size=4096'], nice: cfg.floodNice }))
  try {
    await Promise.all(flooders.map(async f => f.ready(60_000)))
    const starts = await Promise.allSettled(flooders.map(async f => f.request('start', { addr: relay.wsAddr, rid, refsStreams: cfg.refsStreams, packStreams: cfg.packStreams, rotate }, 60_000)))
    const startFailures = starts.filter(s => s.status === 'rejected').length
    for (const s of starts) if (s.status === 'rejected') log(`  flooder failed to start: ${String(s.reason?.message).split('\n')[0]}`)
    await sleep(cfg.warmupMs)
    const cpu0 = { t: Date.now(), relay: cpuSeconds(relay.pid) ?? 0, flooders: flooders.reduce((n, f) => n + (cpuSeconds(f.pid) ?? 0), 0), machine: machineCpu() }
    const runs = await honestRuns(relay, rid, rotate ? 'sybil flood' : 'flood')
    const cpu1 = { t: Date.now(), relay: cpuSeconds(relay.pid) ?? 0, flooders: flooders.reduce((n, f) => n + (cpuSeconds(f.pid) ?? 0), 0), machine: machineCpu() }
    const m = await relay.metrics().catch(() => undefined)
    const relayRss = rssKB(relay.pid)
    const halted = await Promise.allSettled(flooders.map(async f => f.request('halt', undefined, 40_000)))
    const wall = (cpu1.t - cpu0.t) / 1000
    const stats: FloodStats = {
      rotate,
      startFailures,
      refs: { served: 0, refused: 0, failed: 0 },
      pack: { served: 0, refused: 0, failed: 0, bytes: 0 },
      disconnects: 0,
      reconnects: 0,
      identities: 0,
      connectedAtEnd: 0,
      floodSeconds: 0,
      errors: {},
      relayCpuPct: (cpu1.relay - cpu0.relay) / wall * 100,
      floodersCpuPct: (cpu1.flooders - cpu0.flooders) / wall * 100,
      // everything else on the machine: other people's processes, our honest peers, this process
      machineCpuPct: (cpu1.machine.busy - cpu0.machine.busy) / (cpu1.machine.total - cpu0.machine.total) * os.cpus().length * 100,
      honestCpuPct: runs.reduce((n, r) => n + (r.processCpuMs ?? 0), 0) / 1000 / wall * 100,
      events: [],
      eventLoopP99Ms: m != null ? (metric(m, 'nodejs_eventloop_lag_p99_seconds') ?? NaN) * 1000 : undefined,
      relayRssMB: relayRss != null ? relayRss / 1024 : undefined,
      relayAlive: false
    }
    let spans = 0
    for (const h of halted) {
      if (h.status !== 'fulfilled') continue
      const s = h.value
      for (const k of ['served', 'refused', 'failed'] as const) { stats.refs[k] += s.refs[k]; stats.pack[k] += s.pack[k] }
      stats.pack.bytes += s.pack.bytes
      stats.disconnects += s.disconnects
      stats.reconnects += s.reconnects
      stats.identities += s.identities
      stats.connectedAtEnd += s.connected ? 1 : 0
      mergeCounts(stats.errors, s.errors)
      if (stats.events.length < 3 && s.events.length > 0) stats.events.push(`flooder ${halted.indexOf(h)}: ${s.events.join(', ')}`)
      if (s.startedAt > 0) { stats.floodSeconds += (s.haltedAt - s.startedAt) / 1000; spans++ }
    }
    stats.floodSeconds = spans > 0 ? stats.floodSeconds / spans : 0
    stats.relayAlive = await fetch(`${relay.proc.url}.well-known/guts.json`, { signal: AbortSignal.timeout(10_000) }).then(r => r.ok, () => false)
    log(`  flood: refs ${stats.refs.served} served / ${stats.refs.refused} refused / ${stats.refs.failed} failed; packs ${stats.pack.served} served (${(stats.pack.bytes / 1e6).toFixed(0)} MB) / ${stats.pack.refused} refused / ${stats.pack.failed} failed; ${stats.disconnects} disconnects, ${stats.identities} identities, ${stats.connectedAtEnd}/${cfg.flooders} connected at the end`)
    return { flood: stats, runs }
  } finally {
    await Promise.all(flooders.map(async f => stopChild(f, 20_000)))
  }
}

async function flood (): Promise<FloodResult> {
  let gitdir = cfg.repo
  let repoInfo: FloodResult['repo']
  if (gitdir == null) {
    log('part 2: making the benchmark repository (bench/lib/make-repo.ts; cached under bench/relay/.cache)')
    const r = await makeRepo(join(ROOT, 'bench/relay'), join(ROOT, 'node_modules'))
    gitdir = r.gitdir
    repoInfo = { path: gitdir, objects: r.objects, bundleBytes: r.bundleBytes }
  } else {
    repoInfo = { path: gitdir }
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'guts-bench-relay-'))
  tempDirs.add(dataDir)
  const [port] = await freePorts(1)
  log(`part 2: importing ${gitdir} into the relay's data directory`)
  const out = await runCommand(['relay/main.ts', 'import', gitdir, '--data', dataDir, '--port', String(port)], 5 * 60_000)
  const rid = /RID\s+(\S+)/.exec(out)?.[1]
  if (rid == null) throw new Error(`relay import printed no RID:\n${out}`)
  log(`  RID ${rid}`)
  const relay = await startBenchRelay({ dataDir, args: RELAY_ARGS })
  relays.add(relay)
  try {
    log(`part 2: relay pid ${relay.pid}; unloaded clones`)
    const c0 = { t: Date.now(), relay: cpuSeconds(relay.pid) ?? 0, machine: machineCpu() }
    const unloaded = await honestRuns(relay, rid, 'unloaded')
    const c1 = { t: Date.now(), relay: cpuSeconds(relay.pid) ?? 0, machine: machineCpu() }
    const wall = (c1.t - c0.t) / 1000
    const unloadedCpu = {
      relay: (c1.relay - c0.relay) / wall * 100,
      honest: unloaded.reduce((n, r) => n + (r.processCpuMs ?? 0), 0) / 1000 / wall * 100,
      machine: (c1.machine.busy - c0.machine.busy) / (c1.machine.total - c0.machine.total) * os.cpus().length * 100
    }
    const loaded: FloodResult['loaded'] = []
    const fixed = await floodPhase(relay, rid, false)
    loaded.push(fixed)
    // new PeerIds only matter if the relay refused or cut off the old ones
    const cutOff = fixed.flood.refs.refused + fixed.flood.pack.refused + fixed.flood.disconnects > 0
    let sybilSkipped: string | undefined
    if (cfg.sybil && (cutOff || env.BENCH_SYBIL === '1')) {
      await sleep(3000)
      loaded.push(await floodPhase(relay, rid, true))
    } else if (cfg.sybil) {
      sybilSkipped = 'sybil flood (new PeerId when cut off) skipped: the relay refused no flooder request and cut no flooder off, so new PeerIds would change nothing (BENCH_SYBIL=1 forces it)'
      log(sybilSkipped)
    }
    return { rid, repo: repoInfo, unloaded, unloadedCpu, loaded, sybilSkipped }
  } finally {
    log('part 2: stopping the relay')
    await relay.stop()
    relays.delete(relay)
  }
}

// ---- report

function table (rows: Array<[string, string, string?, string?]>): string {
  const w = [0, 0, 0, 0]
  const head: [string, string, string, string] = ['', 'measured', 'target', '']
  for (const r of [head, ...rows]) r.forEach((c, i) => { w[i] = Math.max(w[i], (c ?? '').length) })
  const line = (r: Array<string | undefined>): string => r.map((c, i) => (c ?? '').padEnd(w[i])).join('  ').trimEnd()
  return [line(head), w.map(n => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n')
}

const sec = (ms: number | undefined): string => ms == null || !Number.isFinite(ms) ? 'n/a' : `${(ms / 1000).toFixed(2)} s`
const verdict = (ok: boolean | undefined): string => ok == null ? '' : ok ? 'OK' : 'MISSED'
const topErrors = (e: Record<string, number>, k = 4): string[] => Object.entries(e).sort((a, b) => b[1] - a[1]).slice(0, k).map(([m, c]) => `${c} × ${m}`)

function report (cap: CapacityResult | undefined, fl: FloodResult | undefined, errors: string[]): void {
  const out: string[] = []
  out.push('', '==== bench/relay ' + '='.repeat(50))
  out.push(`machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB; node ${process.version}; load average ${os.loadavg().map(x => x.toFixed(2)).join(' ')}`)
  if (cap != null) {
    out.push('', `1. Tab-like peers on one relay, ramped to ${cap.steps.map(s => s.peers).join(' / ')} (${cfg.workers} worker processes; ws, Noise, yamux, identify, a reservation each)`, '')
    out.push(...capacityTable(cap))
    if (Object.keys(cap.dialErrors).length > 0) out.push('   dial errors: ' + topErrors(cap.dialErrors).join('; '))
  }
  if (fl != null) {
    const ok = (rs: HonestRun[]): HonestRun[] => rs.filter(r => r.error == null)
    const medSync = (rs: HonestRun[]): number => median(ok(rs).map(r => r.syncMs!))
    const medTransfer = (rs: HonestRun[]): number => median(ok(rs).map(r => transferMs(r)!))
    const u = medSync(fl.unloaded)
    const ut = medTransfer(fl.unloaded)
    const first = ok(fl.unloaded)[0]
    out.push('', `2. Sync under flood: flooders at nice ${cfg.floodNice}; honest clone of ${first?.objects ?? '?'} objects (${first?.packBytes != null ? (first.packBytes / 1e6).toFixed(1) : '?'} MB pack, ${first?.refs ?? '?'} refs) from the relay, ${cfg.runs} runs each, median`, '')
    const rows: Array<[string, string, string?, string?]> = [
      ['unloaded: clone (refs → stored and verified)', `${sec(u)}  [${ok(fl.unloaded).map(r => sec(r.syncMs)).join(', ')}]`],
      ['unloaded: refs + pack transfer only', sec(ut)],
      ['unloaded: honest peer CPU per clone, median', sec(median(ok(fl.unloaded).map(r => r.cpuMs!)))],
      ['unloaded: CPU while measuring: relay / honest / other', `${fl.unloadedCpu.relay.toFixed(0)}% / ${fl.unloadedCpu.honest.toFixed(0)}% / ${Math.max(0, fl.unloadedCpu.machine - fl.unloadedCpu.relay - fl.unloadedCpu.honest).toFixed(0)}%  (machine busy ${fl.unloadedCpu.machine.toFixed(0)}% of ${os.cpus().length * 100}%)`]
    ]
    for (const l of fl.loaded) {
      const name = l.flood.rotate ? 'sybil flood' : 'flood'
      const s = medSync(l.runs)
      const t = medTransfer(l.runs)
      const failed = l.runs.filter(r => r.error != null).length
      rows.push(
        [`${name}: clone`, `${sec(s)}  [${l.runs.map(r => r.error != null ? 'FAILED' : sec(r.syncMs)).join(', ')}]`],
        [`${name}: loaded / unloaded`, `${(s / u).toFixed(2)}×`, '≤ 2×', verdict(Number.isFinite(s) ? s / u <= 2 : false)],
        [`${name}: refs + pack transfer only, loaded / unloaded`, `${sec(t)} (${(t / ut).toFixed(2)}×)`],
        [`${name}: honest dial, median`, `${sec(median(ok(l.runs).map(r => r.dialMs!)))} (attempts: ${ok(l.runs).map(r => r.dialAttempts).join(', ')})`],
        [`${name}: failed honest clones`, String(failed)],
        [`${name}: refs requests served / refused / failed`, `${l.flood.refs.served} / ${l.flood.refs.refused} / ${l.flood.refs.failed}`],
        [`${name}: pack requests served / refused / failed`, `${l.flood.pack.served} / ${l.flood.pack.refused} / ${l.flood.pack.failed}  (${(l.flood.pack.bytes / 1e6).toFixed(0)} MB served)`],
        [`${name}: request rate served (all flooders)`, `${((l.flood.refs.served + l.flood.pack.served) / Math.max(1, l.flood.floodSeconds)).toFixed(1)} /s over ${l.flood.floodSeconds.toFixed(0)} s`],
        [`${name}: flooder connections lost / still connected at the end`, `${l.flood.disconnects} lost; ${l.flood.connectedAtEnd}/${cfg.flooders} connected at the end; ${l.flood.identities} PeerIds used`],
        [`${name}: CPU while measuring: relay / flooders / honest / other`, `${l.flood.relayCpuPct.toFixed(0)}% / ${l.flood.floodersCpuPct.toFixed(0)}% / ${l.flood.honestCpuPct.toFixed(0)}% / ${Math.max(0, l.flood.machineCpuPct - l.flood.relayCpuPct - l.flood.floodersCpuPct - l.flood.honestCpuPct).toFixed(0)}%  (machine busy ${l.flood.machineCpuPct.toFixed(0)}% of ${os.cpus().length * 100}%)`],
        [`${name}: honest peer CPU per clone, median`, `${sec(median(ok(l.runs).map(r => r.cpuMs!)))}`],
        [`${name}: relay after: alive / RSS / loop lag p99`, `${l.flood.relayAlive ? 'yes' : 'NO'} / ${l.flood.relayRssMB?.toFixed(0) ?? 'n/a'} MB / ${l.flood.eventLoopP99Ms?.toFixed(1) ?? 'n/a'} ms`]
      )
    }
    out.push(table(rows))
    for (const l of fl.loaded) {
      const e = topErrors(l.flood.errors)
      if (e.length > 0) out.push(`   ${l.flood.rotate ? 'sybil flood' : 'flood'} errors seen by flooders: ${e.join('; ')}`)
      for (const ev of l.flood.events) out.push(`   ${l.flood.rotate ? 'sybil flood' : 'flood'} ${ev}`)
    }
    for (const r of [...fl.unloaded, ...fl.loaded.flatMap(l => l.runs)]) if (r.error != null) out.push(`   failed clone: ${r.error}`)
    if (fl.sybilSkipped != null) out.push(`   ${fl.sybilSkipped}`)
  }
  if (errors.length > 0) out.push('', 'ERRORS:', ...errors.map(e => `  ${e}`))
  out.push('', `total time ${((Date.now() - started) / 1000).toFixed(0)} s`, '')
  process.stdout.write(out.join('\n') + '\n')
}

// ---- main

const errors: string[] = []
let cap: CapacityResult | undefined
let fl: FloodResult | undefined
log(`bench/relay: ${JSON.stringify({ ...cfg, parts: [...cfg.parts] })}`)
try {
  if (cfg.parts.has('peers')) {
    try {
      cap = await capacity({
        steps: cfg.steps,
        workers: cfg.workers,
        rate: cfg.rate,
        inFlight: cfg.inFlight,
        settleMs: cfg.settleMs,
        reservationWaitMs: cfg.reservationWaitMs,
        dialTimeoutMs: 20_000,
        relayArgs: RELAY_ARGS
      }, { log, track: r => { relays.add(r); tempDirs.add(r.proc.dataDir) }, untrack: r => { relays.delete(r); rmSync(r.proc.dataDir, { recursive: true, force: true }) } })
    } catch (err: any) { errors.push(`part 1: ${err?.stack ?? err}`); log(`part 1 failed: ${err?.message}`) }
    await killAllChildren()
  }
  if (cfg.parts.has('flood')) {
    try { fl = await flood() } catch (err: any) { errors.push(`part 2: ${err?.stack ?? err}`); log(`part 2 failed: ${err?.message}`) }
  }
} finally {
  const left = liveChildren().length
  await cleanup()
  if (left > 0) log(`killed ${left} leftover child process(es)`)
  clearTimeout(globalTimer)
}
report(cap, fl, errors)
process.exit(errors.length > 0 ? 1 : 0)
