// Benchmark: cloning a repository of more than 30,000 objects over our sync
// protocol — Node→Node over loopback TCP (two processes) and tab→tab in
// Chromium over WebRTC through a real relay — against stock `git clone
// --mirror` of the same repository from `git daemon` on loopback, in the same
// run on the same machine. Reports times, ratios, peak memory and where our
// time goes. A measurement, not a test: it exits 0 whether or not the
// targets (tab→tab ≤ 2× git; peak memory ≤ 4× the pack) are met, and
// non-zero only when something could not be measured.
//
//   node --import tsx bench/sync.ts      (or: npm run bench:sync)
//
// Environment:
//   BENCH_RUNS=3            git and Node→Node runs (median reported)
//   BENCH_TAB_RUNS=2        tab→tab runs (each in a fresh browser context)
//   BENCH_SKIP_TABS=1       skip the browser part
//   BENCH_DEBUG=1           print the tabs' console (tab B's sync log times each step)
//   BENCH_LIBP2P_DEBUG=...  libp2p's debug namespaces for tab B, e.g. 'libp2p:webrtc*,libp2p:webrtc*:trace'
//   GUTS_CHROMIUM=<path>    Chromium binary (see e2e/browser.ts)
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { BIG, git, makeRepo, reachableObjects } from './lib/make-repo.js'
import { mb, measure, median, memoryMethod, seconds } from './lib/measure.js'
import { startGitDaemon } from './sync/git-daemon.js'
import { runTabs, withTimeout } from './sync/tabs.js'
import type { ClientResult } from './sync/client.js'
import type { Ready } from './sync/server.js'
import type { TabsResult } from './sync/tabs.js'

const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const TAB_RUNS = Number(process.env.BENCH_TAB_RUNS ?? 2)
const SKIP_TABS = process.env.BENCH_SKIP_TABS === '1'
const TAB_TARGET = 2
const MEMORY_TARGET = 4
const SERVER_START_TIMEOUT_MS = 10 * 60_000
const CLIENT_TIMEOUT_MS = 15 * 60_000
const GIT_CLONE_TIMEOUT_MS = 5 * 60_000
const IMPORT_TIMEOUT_MS = 20 * 60_000
const TAB_CLONE_TIMEOUT_MS = 20 * 60_000

const benchDir = path.dirname(fileURLToPath(import.meta.url))
const projectDir = path.dirname(benchDir)
const syncDir = path.join(benchDir, 'sync')
const cacheDir = path.join(syncDir, '.cache')
const runsDir = path.join(cacheDir, 'runs')
const appDir = path.join(cacheDir, 'dist')

// ---- cleanup that runs whatever happens (errors, Ctrl-C)

const cleanups: Array<() => Promise<void>> = []
const onCleanup = (fn: () => Promise<void>): void => { cleanups.push(fn) }
async function cleanUp (): Promise<void> {
  for (const fn of cleanups.splice(0).reverse()) await withTimeout(fn(), 20_000).catch(() => {})
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: stopping the processes this benchmark started`)
    // then any child still starting (not yet registered): our own children, by pid
    void cleanUp().finally(() => { stopChildren(); process.exit(130) })
  })
}

const log = (s: string): void => console.log(`  … ${s}`)

try {
  await main()
} catch (err: any) {
  console.error(`\nbench:sync failed: ${err.stack ?? err.message}`)
  process.exitCode = 1
} finally {
  await cleanUp()
  fs.rmSync(runsDir, { recursive: true, force: true })
}

async function main (): Promise<void> {
  // ---- 1. the repository

  const t0 = performance.now()
  const repo = await makeRepo(syncDir, path.join(projectDir, 'node_modules'), { shape: BIG, log })
  const types = ['commit', 'tree', 'blob', 'tag'].map(t => `${repo.types[t] ?? 0} ${t}s`).join(', ')
  console.log(`repository: ${repo.objects} objects (${types}), ${repo.files} source files (${mb(repo.sourceBytes)} MB of text)` +
    ` — ${repo.cached ? 'cached' : `generated in ${seconds(performance.now() - t0)} s`}`)
  console.log(`            ${repo.commits} commits on ${repo.refs.join(', ')}`)
  console.log(`bundle:     ${mb(repo.bundleBytes)} MB (pack ${mb(repo.packBytes)} MB)  ${path.relative(projectDir, repo.bundle)}`)
  console.log(`machine:    ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()} CPUs, Node ${process.version}, ${git(projectDir, '--version').trim()}`)
  console.log(`memory:     git: ${memoryMethod}; Node: the receiving process's own maxRSS`)
  console.log(`load:       ${loadavg()} (other work on this machine skews the times)`)
  console.log()
  const sourceObjects = reachableObjects(repo.gitdir)
  const sourceRefs = Object.fromEntries(git(repo.gitdir, 'for-each-ref', '--format=%(refname) %(objectname)').split('\n').filter(Boolean).map(l => l.split(' ') as [string, string]))

  fs.rmSync(runsDir, { recursive: true, force: true })
  fs.mkdirSync(runsDir, { recursive: true })

  // ---- 2. stock git: git daemon on loopback, git clone --mirror

  const gitRuns: Array<{ ms: number, rssKB?: number }> = []
  let gitPackBytes = 0
  const daemon = await startGitDaemon(path.dirname(repo.gitdir))
  onCleanup(daemon.stop)
  try {
    for (let i = 0; i < RUNS; i++) {
      const out = path.join(runsDir, 'git-clone.git')
      fs.rmSync(out, { recursive: true, force: true })
      const r = await withTimeout(measure('git', ['clone', '--mirror', '-q', daemon.url(repo.gitdir), out]), GIT_CLONE_TIMEOUT_MS)
      gitRuns.push({ ms: r.wallMs, rssKB: r.peakRssKB })
      gitPackBytes = packSize(out)
      console.log(`git clone (daemon) run ${i + 1}: ${seconds(r.wallMs)} s, peak ${kbToMb(r.peakRssKB)} MB`)
    }
    const out = path.join(runsDir, 'git-clone.git')
    const same = JSON.stringify(reachableObjects(out)) === JSON.stringify(sourceObjects)
    if (!same) throw new Error('git clone from the daemon does not hold the source\'s objects')
    fs.rmSync(out, { recursive: true, force: true })
  } finally {
    await daemon.stop()
  }

  // ---- 3. Node→Node: a server process and one client process per run

  const server = startChild(path.join(syncDir, 'server.ts'), [repo.bundle, path.join(runsDir, 'server')])
  onCleanup(server.stop)
  const nodeRuns: Array<{ result: ClientResult }> = []
  let ready: Ready
  let verified = false
  try {
    ready = await server.next<Ready>('READY', SERVER_START_TIMEOUT_MS)
    console.log(`node server: imported the bundle in ${seconds(ready.importMs)} s, serving ${ready.addr.replace(/\/p2p\/.*/, '')}`)
    for (let i = 0; i < RUNS; i++) {
      const root = path.join(runsDir, `client-${i}`)
      const client = startChild(path.join(syncDir, 'client.ts'), [ready.addr, ready.rid, root])
      onCleanup(client.stop)
      let result: ClientResult
      try {
        result = await client.next<ClientResult>('RESULT', CLIENT_TIMEOUT_MS)
      } finally {
        await client.stop()
      }
      nodeRuns.push({ result })
      console.log(`node→node run ${i + 1}: ${seconds(result.cloneMs)} s, peak RSS ${kbToMb(result.maxRssKB)} MB (${kbToMb(result.rssBeforeKB)} MB before), ` +
        `${mb(result.transfer?.bytes ?? 0)} MB over ${result.transfer?.multiplexer ?? '?'}`)
      if (!verified) {
        // the clone holds exactly the source's objects: once is enough
        const same = JSON.stringify(reachableObjects(result.gitdir)) === JSON.stringify(sourceObjects)
        console.log(`  verify: rev-list --all --objects of the clone vs the source: ${same ? 'OK' : 'MISMATCH'} (${sourceObjects.length} objects)`)
        if (!same) throw new Error('the Node clone does not hold the source\'s objects')
        verified = true
      }
      fs.rmSync(root, { recursive: true, force: true })
    }
  } finally {
    await server.stop()
  }

  // ---- 4. tab→tab

  let tabs: TabsResult | undefined
  let tabsError: string | undefined
  if (SKIP_TABS) {
    console.log('tab→tab: skipped (BENCH_SKIP_TABS=1)')
  } else {
    try {
      log('building the app into bench/sync/.cache/dist (vite build)')
      await run(process.execPath, [path.join(projectDir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', appDir, '--emptyOutDir', '--logLevel', 'error'], 5 * 60_000)
      tabs = await runTabs({
        bundle: repo.bundle,
        appDir,
        sourceRefs,
        runs: TAB_RUNS,
        importTimeoutMs: IMPORT_TIMEOUT_MS,
        cloneTimeoutMs: TAB_CLONE_TIMEOUT_MS,
        log,
        onCleanup
      })
      for (const [i, r] of tabs.runs.entries()) {
        const t = r.transfers[0]
        console.log(`tab→tab run ${i + 1}: ${seconds(r.openMs)} s (in page ${r.inPageMs == null ? '?' : seconds(r.inPageMs)} s), ` +
          `JS heap peak ${mb(r.heapPeakBytes ?? 0)} MB, renderer peak RSS ${kbToMb(r.rendererPeakRssKB)} MB, ` +
          `${mb(t?.bytes ?? 0)} MB over ${t?.multiplexer ?? '?'} (limited: ${t?.limited ?? '?'}), from A: ${r.fromA ? 'yes' : 'NO'}, refs match: ${r.refsMatch ? 'yes' : 'NO'}`)
      }
    } catch (err: any) {
      tabsError = err.message.split('\n')[0]
      console.log(`tab→tab failed: ${err.stack ?? err.message}`)
    }
  }

  // ---- 5. the report

  const gitMs = median(gitRuns.map(r => r.ms))
  const gitPeakKB = Math.max(...gitRuns.map(r => r.rssKB ?? 0))
  const nodeMs = median(nodeRuns.map(r => r.result.cloneMs))
  const nodePeakKB = Math.max(...nodeRuns.map(r => r.result.maxRssKB))
  const nodeBeforeKB = median(nodeRuns.map(r => r.result.rssBeforeKB))
  const wireBytes = nodeRuns[0]?.result.transfer?.bytes ?? 0
  const packBytes = repo.packBytes
  const perPack = (bytes: number | undefined): string => bytes == null || bytes === 0 ? '?' : `${(bytes / packBytes).toFixed(1)}×`
  const tabMs = tabs != null && tabs.runs.length > 0 ? median(tabs.runs.map(r => r.openMs)) : undefined
  // the same clones as the page timed them (navigation to the title in the
  // DOM, by a MutationObserver), without Playwright's own round trips
  const inPage = tabs?.runs.map(r => r.inPageMs).filter((ms): ms is number => ms != null) ?? []
  const tabInPageMs = inPage.length > 0 ? median(inPage) : undefined
  const heapPeak = tabs != null && tabs.runs.length > 0 ? Math.max(...tabs.runs.map(r => r.heapPeakBytes ?? 0)) : undefined
  const rendererPeakKB = tabs != null && tabs.runs.length > 0 ? Math.max(...tabs.runs.map(r => r.rendererPeakRssKB ?? 0)) : undefined
  const rendererBeforeKB = tabs != null && tabs.runs.length > 0 ? median(tabs.runs.map(r => r.rendererRssBeforeKB ?? 0)) : undefined

  console.log()
  console.log(`pack: ${mb(packBytes)} MB as git stores it (the bundle's pack); git clone received ${mb(gitPackBytes)} MB; ` +
    `our sync sent ${mb(wireBytes)} MB${wireBytes === packBytes ? ' (the stored pack as it is)' : ''}; ${repo.objects} objects; load at the end ${loadavg()}`)
  console.log()
  table([
    ['', 'time', 'ratio to git', 'peak memory', 'peak / pack'],
    [`git clone --mirror (git daemon), median of ${RUNS}`, `${seconds(gitMs)} s`, '1.00', `${kbToMb(gitPeakKB)} MB RSS (max of ${RUNS}, clone + index-pack)`, perPack(gitPeakKB * 1024)],
    [`Node→Node clone (TCP), median of ${RUNS}`, `${seconds(nodeMs)} s`, (nodeMs / gitMs).toFixed(2), `${kbToMb(nodePeakKB)} MB RSS (receiver maxRSS; ${kbToMb(nodeBeforeKB)} MB before the clone)`, `${perPack(nodePeakKB * 1024)} (growth ${perPack((nodePeakKB - nodeBeforeKB) * 1024)})`],
    tabMs == null
      ? ['tab→tab open (WebRTC)', tabsError != null ? `failed: ${tabsError}` : 'skipped', '', '', '']
      : [`tab→tab open (WebRTC), ${tabs!.runs.length === 1 ? '1 run' : `median of ${tabs!.runs.length}`}`, `${seconds(tabMs)} s`, (tabMs / gitMs).toFixed(2),
          `${mb(heapPeak ?? 0)} MB JS heap; renderer ${kbToMb(rendererPeakKB)} MB RSS (${kbToMb(rendererBeforeKB)} MB before)`,
          `heap ${perPack(heapPeak)}, renderer RSS ${perPack((rendererPeakKB ?? 0) * 1024)} (growth ${perPack(((rendererPeakKB ?? 0) - (rendererBeforeKB ?? 0)) * 1024)})`],
    ...(tabInPageMs == null ? [] : [['  the same, as timed in the page', `${seconds(tabInPageMs)} s`, (tabInPageMs / gitMs).toFixed(2), '', '']])
  ])
  console.log('(pack = the git pack of the repository; memory "growth" is the peak minus the process\'s RSS just before the clone)')

  // where our time goes
  const mid = nodeRuns.find(r => r.result.cloneMs === nodeMs) ?? nodeRuns[0]
  if (mid != null) {
    console.log()
    console.log(`Node→Node by phase (run with the median time; client-side progress phases, RSS sampled every 50 ms):`)
    table([
      ['phase', 'time', 'share', 'peak RSS'],
      ...mid.result.phases.map(p => [p.phase, `${seconds(p.ms)} s`, `${(100 * p.ms / mid.result.cloneMs).toFixed(0)}%`, `${kbToMb(p.peakRssKB)} MB`])
    ])
    console.log("  ('waiting for the pack': from asking for the pack to its first bytes, i.e. the server finding and packing the objects)")
  }
  if (tabs != null) {
    console.log()
    console.log(`tab A imported the bundle in ${seconds(tabs.importMs)} s (Chromium ${tabs.chromium})`)
    for (const [i, r] of tabs.runs.entries()) {
      console.log(`tab→tab run ${i + 1} by phase (as tab B's progress box showed it; a phase ends when the next one shows; ` +
        `'Fetching refs' also covers asking the relay, the DHT lookup for A, and the WebRTC dial to A through the relay):`)
      table([
        ['phase', 'time', 'share'],
        ...r.phases.map(p => [p.phase, `${seconds(p.ms)} s`, `${(100 * p.ms / r.openMs).toFixed(0)}%`])
      ])
      console.log(`  memory: JS heap ${mb(r.heapBeforeBytes ?? 0)} → ${mb(r.heapPeakBytes ?? 0)} MB (in-page performance.memory, every 200 ms); ` +
        `CDP JSHeapUsedSize peak ${mb(r.cdpHeapPeakBytes ?? 0)} MB (polled every 200 ms)`)
      console.log(`          B's renderer (pid ${r.rendererPid ?? '?'}) RSS ${kbToMb(r.rendererRssBeforeKB)} → ${kbToMb(r.rendererPeakRssKB)} MB ` +
        `(${r.rendererHwmReset ? 'VmHWM, reset just before the clone' : 'VmRSS polled every 200 ms'}); ` +
        `renderers that appeared with B: ${r.renderers.map(p => `${p.pid}: ${kbToMb(p.rssBeforeKB)} → ${kbToMb(p.peakKB)} MB, ${seconds(p.cpuMs)} s CPU`).join('; ')}`)
      console.log(`  transfer: ${r.transfers.map(t => `${mb(t.bytes)} MB, ${t.objects} objects, over ${t.multiplexer ?? '?'}, limited: ${t.limited}, checked ${t.indexedBy ?? '?'} with ${t.inflatedWith ?? '?'}`).join('; ')}; from A: ${r.fromA ? 'yes' : 'NO'}; B's signed refs equal the source's refs: ${r.refsMatch ? 'yes' : 'NO'}`)
      console.log(`  WebRTC connections B→A: ${r.webrtc.map(c => `${mb(c.bytesReceived)} MB received, selected candidate pair changed ${c.pairChanges}× (now ${c.selected})`).join('; ') || '?'}`)
      if (r.sender != null) console.log(`  A sent ${mb(r.sender.bytesSent)} MB in ${r.sender.packetsSent} packets; Chromium discarded ${r.sender.discardedOnSend} of them before the wire`)
    }
    if (tabs.errors.length > 0) console.log(`tab→tab errors: ${tabs.errors.join('; ')}`)
  }

  console.log()
  if (tabMs != null) {
    console.log(`target tab→tab ≤ ${TAB_TARGET}× git: ${tabMs / gitMs <= TAB_TARGET ? 'met' : 'not met'} (${(tabMs / gitMs).toFixed(1)}×` +
      `${tabInPageMs != null ? `; ${(tabInPageMs / gitMs).toFixed(1)}× as timed in the page` : ''})`)
  }
  else console.log(`target tab→tab ≤ ${TAB_TARGET}× git: not measured`)
  // what a clone adds to its process, the worst run: a Node process with
  // libp2p loaded, or a renderer with the page, is ~140-180 MB before any clone
  const nodeGrowthKB = Math.max(...nodeRuns.map(r => r.result.maxRssKB - r.result.rssBeforeKB))
  const rendererGrowthKB = tabs != null && tabs.runs.length > 0 ? Math.max(...tabs.runs.map(r => (r.rendererPeakRssKB ?? 0) - (r.rendererRssBeforeKB ?? 0))) : undefined
  const met = (bytes: number): string => bytes / packBytes <= MEMORY_TARGET ? 'met' : 'not met'
  console.log(`target peak memory ≤ ${MEMORY_TARGET}× pack, as what the clone adds (worst run): Node receiver ${met(nodeGrowthKB * 1024)} (${perPack(nodeGrowthKB * 1024)}; the whole process ${perPack(nodePeakKB * 1024)})` +
    (heapPeak != null ? `; tab JS heap ${met(heapPeak)} (${perPack(heapPeak)})` : '') +
    (rendererGrowthKB != null && rendererGrowthKB > 0 ? `; tab renderer RSS ${met(rendererGrowthKB * 1024)} (${perPack(rendererGrowthKB * 1024)}; the whole renderer ${perPack((rendererPeakKB ?? 0) * 1024)})` : ''))
  if (tabsError != null) process.exitCode = 1
}

// ---- child processes speaking `TAG {json}` lines

interface Child {
  /** the next `tag` line not yet taken, waiting for it up to `timeoutMs` */
  next: <T>(tag: string, timeoutMs: number) => Promise<T>
  /** a `tag` line already received, if any */
  take: <T>(tag: string) => T | undefined
  stop: () => Promise<void>
}

function startChild (script: string, args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: projectDir, stdio: ['pipe', 'pipe', 'pipe'] })
  const lines: Array<{ tag: string, value: unknown }> = []
  let stderr = ''
  let buf = ''
  let wake = (): void => {}
  proc.stdout.setEncoding('utf8').on('data', (s: string) => {
    buf += s
    let nl
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl)
      buf = buf.slice(nl + 1)
      const m = /^([A-Z]+) (\{.*\})$/.exec(line)
      if (m != null) lines.push({ tag: m[1], value: JSON.parse(m[2]) })
      else if (line.trim() !== '') stderr += line + '\n'
    }
    wake()
  })
  proc.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; if (stderr.length > 100_000) stderr = stderr.slice(-50_000) })
  const exited = new Promise<void>(resolve => proc.once('exit', () => { wake(); resolve() }))
  const take = <T>(tag: string): T | undefined => {
    const i = lines.findIndex(l => l.tag === tag)
    return i < 0 ? undefined : lines.splice(i, 1)[0].value as T
  }
  return {
    take,
    next: async <T>(tag: string, timeoutMs: number): Promise<T> => {
      const until = Date.now() + timeoutMs
      while (true) {
        const v = take<T>(tag)
        if (v != null) return v
        if (proc.exitCode != null || proc.signalCode != null) throw new Error(`${path.basename(script)} exited (${proc.exitCode ?? proc.signalCode}) without ${tag}:\n${stderr.slice(-4000)}`)
        if (Date.now() > until) throw new Error(`${path.basename(script)}: no ${tag} within ${timeoutMs / 1000} s:\n${stderr.slice(-4000)}`)
        await new Promise<void>(resolve => { wake = resolve; setTimeout(resolve, 1000) })
      }
    },
    stop: async () => {
      if (proc.exitCode != null || proc.signalCode != null) return
      proc.stdin.end()
      proc.kill('SIGTERM')
      const killer = setTimeout(() => proc.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(killer)
    }
  }
}

// ---- helpers

/** Runs a command to completion (async, so signals are handled meanwhile), killing it after `timeoutMs`. */
async function run (cmd: string, args: string[], timeoutMs: number): Promise<void> {
  const proc = spawn(cmd, args, { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  proc.stdout.on('data', (d) => { out += d })
  proc.stderr.on('data', (d) => { out += d })
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs)
  const code = await new Promise<number | null>((resolve, reject) => { proc.on('error', reject); proc.on('close', resolve) })
  clearTimeout(timer)
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${code}): ${out.slice(-4000)}`)
}

/** SIGTERM to every direct child of this process (the last resort on Ctrl-C). */
function stopChildren (): void {
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8')
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid) process.kill(Number(name), 'SIGTERM')
    } catch {}
  }
}

function packSize (gitdir: string): number {
  const dir = path.join(gitdir, 'objects', 'pack')
  return fs.readdirSync(dir).filter(f => f.endsWith('.pack')).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0)
}

function loadavg (): string { return os.loadavg().map(x => x.toFixed(1)).join(' ') }

function kbToMb (kb: number | undefined): string { return kb == null || kb === 0 ? '?' : (kb / 1024).toFixed(0) }

function table (rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map(r => (r[c] ?? '').length)))
  for (const r of rows) console.log(r.map((cell, c) => (cell ?? '').padEnd(widths[c])).join('  ').trimEnd())
}
