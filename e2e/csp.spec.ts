// The Content-Security-Policy as Chromium enforces it. The page's thread
// compiles libdeflate to WebAssembly on every load (main.tsx: packs imported
// in the tab are indexed there), which needs 'wasm-unsafe-eval'; the pack
// indexer's workers are served without a policy of their own and inflate
// with WebAssembly too. Neither may cost the policy anything else.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { expect, expectConnected, test } from './fixtures.js'
import { makeFixtureRepo } from '../test/fixtures/git-fixture.js'
import type { Page } from '@playwright/test'

// the smallest valid module: magic number and version
const EMPTY_WASM = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]

/** Records every CSP violation the page reports, from before its first script. */
async function recordViolations (page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = []
  page.on('console', msg => { if (/Content Security Policy/i.test(msg.text())) console.push(msg.text()) })
  await page.addInitScript(() => {
    const seen: string[] = []
    ;(window as any).cspViolations = seen
    document.addEventListener('securitypolicyviolation', e => { seen.push(`${e.effectiveDirective} blocked ${e.blockedURI}`) })
  })
  return async () => [...await page.evaluate(() => (window as any).cspViolations as string[]), ...console]
}

test('the app loads without a CSP violation, compiles WebAssembly on the page, and still refuses eval', async ({ relay, browser }) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  const violations = await recordViolations(page)
  const res = await page.goto(relay.url + '#/')
  await expectConnected(page)
  expect(await violations()).toEqual([])
  // what main.tsx's loadWasmInflate does on this thread
  expect(await page.evaluate(async bytes => { await WebAssembly.compile(new Uint8Array(bytes)); return 'compiled' }, EMPTY_WASM)).toBe('compiled')
  // the relay's header and the built page's meta tag carry the same policy
  expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval';/)
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toMatch(/script-src 'self' 'wasm-unsafe-eval';/)

  // 'wasm-unsafe-eval' is not 'unsafe-eval'. (eval() itself cannot be tried
  // here: DevTools, through which Playwright evaluates, allows it. A string
  // timer is checked by the page's policy when it is set.)
  await page.evaluate(() => { (setTimeout as (code: string) => number)('window.evalRan = true') })
  await expect.poll(violations).toContain('script-src blocked eval')
  expect(await page.evaluate(() => (window as any).evalRan)).toBeUndefined()
  await context.close()
})

test('the pack indexer\'s workers inflate with WebAssembly', async ({ relay, browser }) => {
  const fixture = makeFixtureRepo()
  const context = await browser.newContext()
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'relay/main.ts', 'import', fixture, '--data', relay.dataDir, '--port', String(relay.port)], { encoding: 'utf8' })
    const rid = /RID\s+(\S+)/.exec(out)![1]
    // the running relay notices, and serves it
    await expect.poll(async () => (await fetch(`${relay.url}git/${rid}/info/refs?service=git-upload-pack`).catch(() => undefined))?.status, { timeout: 15_000 }).toBe(200)
    const page = await context.newPage()
    const violations = await recordViolations(page)
    await page.goto(`${relay.url}#/r/${rid}`)
    await expect(page.getByTestId('repo-title')).toHaveText(/^guts-fixture-/, { timeout: 30_000 })
    const transfers = await page.evaluate(() => (window as any).guts.transfers())
    expect(transfers.length).toBeGreaterThan(0)
    for (const t of transfers) expect(t).toMatchObject({ indexedBy: expect.stringMatching(/^in (a worker|two workers)$/), inflatedWith: 'libdeflate' })
    expect(await violations()).toEqual([])
  } finally {
    await context.close()
    rmSync(fixture, { recursive: true, force: true })
  }
})
