// The tab→tab half of bench/sync: a real relay process, real Chromium, two
// tabs in separate browser contexts (separate profiles, like two people).
// Tab A imports the bundle through the import page; tab B opens A's
// repository link and we time until B shows the repository: finding peers,
// the WebRTC dial through the relay, refs, the pack transfer, verification
// and storage — the whole experience of opening a link.
//
// Memory in the browser, measured three ways (all best effort):
//  - JS heap: performance.memory.usedJSHeapSize sampled in the page every
//    200 ms (Chromium launched with --enable-precise-memory-info). ArrayBuffer
//    contents (the received pack) live outside the JS heap, so this
//    undercounts.
//  - JS heap from CDP Performance.getMetrics 'JSHeapUsedSize', polled from
//    Node every 200 ms (answered by the renderer, so it can lag while the
//    page's main thread is busy).
//  - the renderer process's peak RSS: VmHWM from /proc/<pid>/status, reset
//    through /proc/<pid>/clear_refs just before the clone (or, where the
//    kernel refuses, VmRSS polled every 200 ms). Of the renderer processes
//    that appeared with tab B, B's page is the one that used the most CPU
//    during the clone. This counts everything the renderer holds, including
//    ArrayBuffers, but not the browser process (where IndexedDB writes land).
import fs from 'node:fs'
import { chromium } from '@playwright/test'
import { chromiumLaunchOptions } from '../../e2e/browser.js'
import { startRelayProcess } from '../../e2e/relay-process.js'
import type { Browser, BrowserContext, Page } from '@playwright/test'

export interface TabPhase { phase: string, ms: number }

export interface TabRun {
  /** from B's navigation to the repository link until its title shows */
  openMs: number
  /** the same, measured inside the page (performance.now at navigation and at the title) */
  inPageMs?: number
  phases: TabPhase[]
  heapPeakBytes?: number
  heapBeforeBytes?: number
  cdpHeapPeakBytes?: number
  rendererPeakRssKB?: number
  rendererRssBeforeKB?: number
  rendererHwmReset: boolean
  /** the renderer processes that appeared with tab B; the one that worked hardest during the clone is B's page */
  renderers: Array<{ pid: number, rssBeforeKB?: number, peakKB?: number, cpuMs: number }>
  rendererPid?: number
  transfers: Array<{ peer: string, bytes: number, objects: number, limited: boolean, multiplexer?: string, indexedBy?: string, inflatedWith?: string }>
  /** B's PeerId */
  bPeer: string
  /** A's candidate pairs to B, summed: what the sender put on the wire and what Chromium dropped before it */
  sender?: { bytesSent: number, packetsSent: number, discardedOnSend: number }
  /** per WebRTC connection from B to A: bytes received, selected candidate pair changes */
  webrtc: Array<{ bytesReceived: number, pairChanges: number, selected: string }>
  fromA: boolean
  refsMatch: boolean
}

export interface TabsResult {
  importMs: number
  rid: string
  runs: TabRun[]
  errors: string[]
  chromium: string
}

export interface TabsOptions {
  bundle: string
  appDir: string
  /** refs of the source repository, name -> oid, to check what B got */
  sourceRefs: Record<string, string>
  runs: number
  importTimeoutMs: number
  cloneTimeoutMs: number
  log: (s: string) => void
  /** registers a cleanup that must run even if the benchmark is interrupted */
  onCleanup: (fn: () => Promise<void>) => void
}

const PHASES = ['Finding peers', 'Fetching refs', 'Receiving objects', 'Verifying objects', 'Checking history', 'Done']

export async function runTabs (opts: TabsOptions): Promise<TabsResult> {
  const errors: string[] = []
  // --seed none: the relay must not keep a copy, or B could get the repository
  // from the relay instead of from A
  const relay = await startRelayProcess({ args: ['--app', opts.appDir, '--seed', 'none'] })
  opts.onCleanup(async () => relay.stop())
  let browser: Browser | undefined
  try {
    const launch = chromiumLaunchOptions()
    browser = await chromium.launch({ ...launch, args: [...(launch.args ?? []), '--enable-precise-memory-info'], timeout: 60_000 })
    const b = browser
    opts.onCleanup(async () => { await b.close().catch(() => {}) })
    // Playwright runs Chromium as a child of this process: its renderers descend from us
    const browserPid = process.pid
    opts.log(`tabs: relay ${relay.url}, Chromium ${browser.version()}`)

    // ---- tab A imports the bundle
    const a = await openTab(browser, relay.url, '#/import', 'A')
    await a.page.getByTestId('bundle-input').waitFor({ timeout: 30_000 })
    const t0 = performance.now()
    await a.page.getByTestId('bundle-input').setInputFiles(opts.bundle)
    await Promise.race([
      a.page.getByTestId('repo-title').waitFor({ timeout: opts.importTimeoutMs }),
      a.page.getByTestId('import-error').waitFor({ timeout: opts.importTimeoutMs }).then(async () => {
        throw new Error(`tab A could not import the bundle: ${await a.page.getByTestId('import-error').textContent()}${consoleOf(a.page)}`)
      })
    ])
    const importMs = performance.now() - t0
    const rid = /#\/r\/([a-z2-7]+)/.exec(a.page.url())?.[1]
    if (rid == null) throw new Error(`no RID in tab A's URL ${a.page.url()}`)
    const aPeer = await a.page.evaluate(() => (window as any).guts.peerId() as string)
    opts.log(`tabs: A imported the bundle in ${(importMs / 1000).toFixed(1)} s, RID ${rid}`)
    await poll(async () => (await a.page.evaluate(() => (window as any).guts.snapshot().shareAddrs.length as number)) > 0, 60_000, 'tab A got no relay reservation (no WebRTC address) in 60 s')

    // ---- tab B opens the link, in a fresh context per run
    const runs: TabRun[] = []
    for (let i = 0; i < opts.runs; i++) {
      try {
        const run = await openInB(browser, browserPid, relay.url, rid, aPeer, opts)
        // the sender's side of the transfer, from A's stats of its connection to B
        // (no named functions inside: tsx would wrap them in a helper the page lacks)
        run.sender = await a.page.evaluate(async (bPeer) => {
          const conns = ((await (window as any).guts.webrtcStats()) as any[]).filter(c => c.peer === bPeer)
          const pairs = conns.flatMap(c => c.stats.filter((s: any) => s.type === 'candidate-pair'))
          const total = { bytesSent: 0, packetsSent: 0, discardedOnSend: 0 }
          for (const p of pairs) {
            total.bytesSent += p.bytesSent ?? 0
            total.packetsSent += p.packetsSent ?? 0
            total.discardedOnSend += p.packetsDiscardedOnSend ?? 0
          }
          return conns.length === 0 ? undefined : total
        }, run.bPeer).catch((err: Error) => { opts.log(`tabs: A's WebRTC stats: ${err.message.split('\n')[0]}`); return undefined })
        runs.push(run)
        opts.log(`tabs: run ${i + 1}: B opened the repository in ${(run.openMs / 1000).toFixed(1)} s`)
      } catch (err: any) {
        errors.push(`run ${i + 1}: ${err.message.split('\n')[0]}`)
        opts.log(`tabs: run ${i + 1} failed: ${err.message}`)
        break
      }
    }
    await a.context.close().catch(() => {})
    return { importMs, rid, runs, errors, chromium: browser.version() }
  } finally {
    await withTimeout(browser?.close() ?? Promise.resolve(), 20_000).catch(() => {})
    await withTimeout(relay.stop(), 20_000).catch(() => {})
    fs.rmSync(relay.dataDir, { recursive: true, force: true })
  }
}

async function openInB (browser: Browser, browserPid: number, url: string, rid: string, aPeer: string, opts: TabsOptions): Promise<TabRun> {
  const renderersBefore = new Set(renderers(browserPid))
  const b = await openTab(browser, url, '#/', 'B')
  try {
    const pids = renderers(browserPid).filter(p => !renderersBefore.has(p))
    // start the kernel's peak-RSS mark afresh: the peak is then the clone's
    const rendererHwmReset = pids.length > 0 && pids.every(p => clearHwm(p))
    const before = new Map(pids.map(p => [p, { rss: procStatus(p, 'VmRSS'), cpu: cpuMs(p) }]))

    // in-page recorder: phase changes as the progress box shows them, the JS
    // heap every 200 ms, and the moment the repository title appears
    await b.page.evaluate(recorder(PHASES))

    // JS heap as CDP reports it, and renderer RSS, polled from Node
    const cdp = await b.context.newCDPSession(b.page)
    await cdp.send('Performance.enable')
    let cdpHeapPeak = 0
    const rssPeakKB = new Map<number, number>()
    let polling = true
    const poller = (async () => {
      while (polling) {
        for (const p of pids) rssPeakKB.set(p, Math.max(rssPeakKB.get(p) ?? 0, procStatus(p, 'VmRSS') ?? 0))
        try {
          const m = await withTimeout(cdp.send('Performance.getMetrics'), 5000)
          const h = m.metrics.find(x => x.name === 'JSHeapUsedSize')?.value
          if (h != null) cdpHeapPeak = Math.max(cdpHeapPeak, h)
        } catch {}
        await sleep(200)
      }
    })()

    const start = performance.now()
    await b.page.evaluate('window.__benchStart()')
    await b.page.goto(`${url}#/r/${rid}`)
    try {
      await Promise.race([
        b.page.getByTestId('repo-title').waitFor({ timeout: opts.cloneTimeoutMs }),
        b.page.getByTestId('clone-error').waitFor({ timeout: opts.cloneTimeoutMs }).then(async () => {
          throw new Error(`tab B could not get the repository: ${await b.page.getByTestId('clone-error').textContent()}${consoleOf(b.page)}`)
        })
      ])
    } finally {
      polling = false
      await poller
    }
    const openMs = performance.now() - start

    const rec = await b.page.evaluate('clearInterval(window.__benchTimer), window.__bench') as any
    const phases: TabPhase[] = rec.phases.map((p: { phase: string, at: number }, k: number) => ({
      phase: p.phase,
      ms: (rec.phases[k + 1]?.at ?? (rec.titleAt || p.at)) - p.at
    }))
    if (rec.phases.length > 0) phases.unshift({ phase: '(navigation to first progress)', ms: rec.phases[0].at - rec.t0 })
    // a reset HWM is the clone's peak; otherwise the best we have is the polled RSS
    const procs = pids.map(pid => ({
      pid,
      rssBeforeKB: before.get(pid)?.rss,
      peakKB: rendererHwmReset ? procStatus(pid, 'VmHWM') : rssPeakKB.get(pid),
      cpuMs: cpuMs(pid) - (before.get(pid)?.cpu ?? 0)
    }))
    const page = procs.reduce<typeof procs[number] | undefined>((best, p) => best == null || p.cpuMs > best.cpuMs ? p : best, undefined)
    const transfers = (await b.page.evaluate(() => (window as any).guts.transfers())) as TabRun['transfers']
    const bPeer = await b.page.evaluate(() => (window as any).guts.peerId() as string)
    // B's WebRTC connections to A: how many, the bytes each carried, and how
    // often ICE switched the selected candidate pair (a lead on slow transfers)
    const rtc = await b.page.evaluate(async (peer) => ((await (window as any).guts.webrtcStats()) as any[])
      .filter(c => c.peer === peer)
      .map(c => c.stats.filter((s: any) => s.type === 'transport').map((s: any) => {
        const pair = c.stats.find((p: any) => p.id === s.selectedCandidatePairId)
        const local = c.stats.find((l: any) => l.id === pair?.localCandidateId)
        return { bytesReceived: s.bytesReceived as number, pairChanges: s.selectedCandidatePairChanges as number, selected: `${local?.protocol ?? '?'} ${local?.address ?? local?.ip ?? '?'}:${local?.port ?? '?'}` }
      }))
      .flat(), aPeer).catch(() => [])
    const mine = transfers.filter((t: any) => t.rid === rid)
    const refs = await b.page.evaluate(async (r) => (window as any).guts.refsOf(r), rid) as Record<string, string>
    const refsMatch = JSON.stringify(sortObj(refs)) === JSON.stringify(sortObj(opts.sourceRefs))
    return {
      openMs,
      inPageMs: rec.titleAt > 0 ? rec.titleAt - rec.t0 : undefined,
      phases,
      heapPeakBytes: rec.heapPeak || undefined,
      heapBeforeBytes: rec.heapBefore || undefined,
      cdpHeapPeakBytes: cdpHeapPeak || undefined,
      rendererPeakRssKB: page?.peakKB,
      rendererRssBeforeKB: page?.rssBeforeKB,
      rendererHwmReset,
      renderers: procs,
      rendererPid: page?.pid,
      transfers: mine.map(t => ({ peer: t.peer, bytes: t.bytes, objects: t.objects, limited: t.limited, multiplexer: t.multiplexer, indexedBy: t.indexedBy, inflatedWith: t.inflatedWith })),
      fromA: mine.length > 0 && mine.every(t => t.peer === aPeer),
      bPeer,
      webrtc: rtc,
      refsMatch
    }
  } finally {
    await withTimeout(b.context.close(), 20_000).catch(() => {})
  }
}

/**
 * The in-page recorder, as source text: functions passed to page.evaluate
 * would carry the `__name` helper tsx's transform adds, which the page lacks.
 */
function recorder (phases: string[]): string {
  return `(() => {
    const phases = ${JSON.stringify(phases)}
    const rec = { t0: 0, phases: [], heapPeak: 0, heapBefore: performance.memory?.usedJSHeapSize ?? 0, titleAt: 0 }
    window.__bench = rec
    function heap () { rec.heapPeak = Math.max(rec.heapPeak, performance.memory?.usedJSHeapSize ?? 0) }
    window.__benchTimer = setInterval(heap, 200)
    function look () {
      heap()
      const box = document.querySelector('[data-testid=clone-progress]')
      const text = box?.firstElementChild?.textContent ?? ''
      let phase = phases.find(p => text.startsWith(p))
      // 'Receiving objects' shows sizes once the first pack bytes are in
      if (phase === 'Receiving objects') phase = text.includes(' of ') ? 'Receiving objects: transfer' : 'Receiving objects: waiting for the pack'
      const last = rec.phases[rec.phases.length - 1]
      if (phase != null && phase !== last?.phase) rec.phases.push({ phase, at: performance.now() })
      if (rec.titleAt === 0 && document.querySelector('[data-testid=repo-title]') != null) rec.titleAt = performance.now()
    }
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true })
    window.__benchStart = function () { rec.t0 = performance.now() }
  })()`
}

const consoles = new WeakMap<Page, string[]>()
/** the last console lines of a tab, for an error message */
function consoleOf (page: Page): string {
  const lines = consoles.get(page) ?? []
  return lines.length === 0 ? '' : `\n  last console lines of the tab:\n    ${lines.slice(-30).join('\n    ')}`
}

async function openTab (browser: Browser, url: string, path: string, name: string): Promise<{ context: BrowserContext, page: Page }> {
  const context = await browser.newContext()
  if (process.env.BENCH_LIBP2P_DEBUG != null && name === 'B') await context.addInitScript(`localStorage.setItem('debug', ${JSON.stringify(process.env.BENCH_LIBP2P_DEBUG)})`)
  const page = await context.newPage()
  page.on('pageerror', err => console.error(`[page error] ${err.message}`))
  // the page's console (the sync service logs there), kept for failure reports
  const lines: string[] = []
  page.on('console', msg => {
    lines.push(`${new Date().toISOString().slice(11, 23)} [${msg.type()}] ${msg.text()}`.slice(0, 500))
    if (lines.length > 200) lines.shift()
    if (process.env.BENCH_DEBUG === '1') console.log(`  [${name}] ${lines[lines.length - 1]}`)
  })
  consoles.set(page, lines)
  await page.goto(url + path)
  // connected to the relay: the header says so
  await page.getByTestId('net-status').filter({ hasText: /Connected to [1-9]\d* relay/ }).waitFor({ timeout: 30_000 })
  return { context, page }
}

// ---- Chromium's renderer processes, from /proc

/** Chromium renderer processes descending from `ancestorPid`. */
function renderers (ancestorPid: number): number[] {
  const out: number[] = []
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const pid = Number(name)
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      if (!cmd.includes('--type=renderer')) continue
      if (descendsFrom(pid, ancestorPid)) out.push(pid)
    } catch {}
  }
  return out
}

function descendsFrom (pid: number, ancestor: number): boolean {
  for (let p = pid, n = 0; p > 1 && n < 20; n++) {
    if (p === ancestor) return true
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8')
      p = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    } catch { return false }
  }
  return false
}

function procStatus (pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m == null ? undefined : Number(m[1])
  } catch { return undefined }
}

/** user + system CPU time of a process, ms */
function cpuMs (pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(f[11]) + Number(f[12])) * 10 // clock ticks of 10 ms
  } catch { return 0 }
}

/** Resets the process's peak RSS (Linux: writing 5 to clear_refs). */
function clearHwm (pid: number): boolean {
  try { fs.writeFileSync(`/proc/${pid}/clear_refs`, '5'); return true } catch { return false }
}

// ---- small helpers

function sortObj (o: Record<string, string>): Array<[string, string]> {
  return Object.entries(o).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
}

async function poll (ok: () => Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (await ok()) return
    await sleep(250)
  }
  throw new Error(message)
}

async function sleep (ms: number): Promise<void> { await new Promise(resolve => setTimeout(resolve, ms)) }

export async function withTimeout<T> (p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([p, new Promise<T>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms) })])
  } finally {
    clearTimeout(timer)
  }
}
