// How long a big commit's page takes to draw, on preact's history (a
// temporary measurement, skipped unless GUTS_DIFF_SPEED=1): preact imported
// into a relay, cloned by a tab, then each commit opened, timed in the page
// from the route change until its file list and first diffs are drawn, the
// first time (the diff code and the pack loaded then) and twice again.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { freePorts } from './relay-process.js'

const PREACT = process.env.GUTS_PREACT ?? '/work/.mirror/preactjs+preact/repo'
const COMMITS = ['8e3e4ce5', '4f52598']

test.skip(process.env.GUTS_DIFF_SPEED !== '1' || !existsSync(PREACT), 'set GUTS_DIFF_SPEED=1 (and GUTS_PREACT to a bare clone of preact)')
test.setTimeout(600_000)

test('a big commit opens in under a second', async ({ browser }) => {
  // GUTS_DIFF_SPEED_DATA: a relay data folder preact was imported into before (the import is then quick)
  const dataDir = process.env.GUTS_DIFF_SPEED_DATA ?? mkdtempSync(join(tmpdir(), 'guts-diff-speed-'))
  const [port, wsPort, tcpPort] = await freePorts(3)
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'relay/main.ts', 'import', PREACT, '--data', dataDir, '--port', String(port)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const rid = /RID\s+(\S+)/.exec(out)![1]
  // started here rather than by startRelayProcess: with a big repository on a
  // loaded machine it can take longer than that one's 20 s to start
  const proc = spawn(process.execPath, ['--import', 'tsx', 'relay/main.ts', '--host', '127.0.0.1', '--port', String(port), '--ws-port', String(wsPort), '--tcp-port', String(tcpPort), '--data', dataDir, '--no-mdns'], { stdio: ['ignore', 'pipe', 'pipe'] })
  const relay = { url: `http://127.0.0.1:${port}/` }
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  try {
    await new Promise<void>((resolve, reject) => {
      let log = ''
      const timer = setTimeout(() => reject(new Error(`relay did not start in 180 s:\n${log}`)), 180_000)
      proc.stdout.on('data', (d) => { log += d; if (log.includes('Guts is running')) { clearTimeout(timer); resolve() } })
      proc.stderr.on('data', (d) => { log += d })
      proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`relay exited with ${code}:\n${log}`)) })
    })
    const page = await context.newPage()
    await page.goto(`${relay.url}#/r/${rid}`)
    await expect(page.getByTestId('repo-title')).toBeVisible({ timeout: 300_000 })
    const results: string[] = []
    const times: number[] = []
    for (const short of COMMITS) {
      const oid = execFileSync('git', ['--git-dir', PREACT, 'rev-parse', short], { encoding: 'utf8' }).trim()
      for (const run of ['first', 'again', 'third']) {
        await page.goto(`${relay.url}#/r/${rid}`)
        await expect(page.getByTestId('repo-title')).toBeVisible()
        // from a settled page: the home's last commits found (that walk would
        // otherwise be timed with the commit), then an idle moment
        await expect(page.getByTestId('entry-last-commit').first()).toBeVisible({ timeout: 120_000 })
        await page.evaluate(async () => await new Promise(resolve => requestIdleCallback(resolve, { timeout: 2000 })))
        // GUTS_DIFF_PROFILE=<dir>: a CPU profile of each opening, for Chrome's DevTools (or bench/.cache scripts)
        const cdp = process.env.GUTS_DIFF_PROFILE === undefined ? undefined : await page.context().newCDPSession(page)
        if (cdp !== undefined) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 200 }); await cdp.send('Profiler.start') }
        const t = await page.evaluate(async (hash) => {
          const t0 = performance.now()
          location.hash = hash
          const at: { list?: number, diffs?: number, highlighted?: number } = {}
          while ((at.diffs === undefined || at.highlighted === undefined) && performance.now() - t0 < 30_000) {
            await new Promise(resolve => requestAnimationFrame(resolve))
            if (at.list === undefined && document.querySelector('[data-testid=file-list]') != null) at.list = performance.now() - t0
            if (at.highlighted === undefined && document.querySelector('table.diff-table .hljs-keyword, table.diff-table .hljs-string') != null) at.highlighted = performance.now() - t0
            if (at.diffs === undefined && at.list !== undefined && document.querySelector('table.diff-table') != null) at.diffs = performance.now() - t0
          }
          // a frame more, for what was drawn to be painted
          await new Promise(resolve => requestAnimationFrame(resolve))
          return { ...at, files: document.querySelectorAll('[data-testid=file-diff]').length, tables: document.querySelectorAll('table.diff-table').length, rows: document.querySelectorAll('table.diff-table tr').length }
        }, `#/r/${rid}/commit/${oid}`)
        if (cdp !== undefined) {
          const { profile } = await cdp.send('Profiler.stop')
          writeFileSync(join(process.env.GUTS_DIFF_PROFILE!, `${short}-${run}.cpuprofile`), JSON.stringify(profile))
          await cdp.detach()
        }
        results.push(`${short} ${run}: file list ${Math.round(t.list ?? -1)} ms, first diffs ${Math.round(t.diffs ?? -1)} ms, highlighted ${Math.round(t.highlighted ?? -1)} ms (${t.files} files, ${t.tables} tables, ${t.rows} rows)`)
        times.push(t.diffs ?? Infinity)
      }
    }
    console.log(results.join('\n'))
    for (const ms of times) expect(ms).toBeLessThan(1000)
  } finally {
    await context.close()
    proc.kill()
    if (process.env.GUTS_DIFF_SPEED_DATA === undefined) rmSync(dataDir, { recursive: true, force: true })
  }
})
