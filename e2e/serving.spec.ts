// The app served like a production site, checked on the real build (dist/,
// built before Playwright runs): precompressed assets with the right
// headers, a service worker that precaches the shell only and caches the
// rest on use, and what a first visit costs on the wire.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { expect, expectConnected, test } from './fixtures.js'
import { startAssets } from './start-assets.js'
import { startWireProxy } from './wire-proxy.js'
import type { Browser, Page } from '@playwright/test'
import type { IncomingHttpHeaders } from 'node:http'

const dist = 'dist'
/** What dist/index.html loads before the app runs: the shell's assets. */
const shellAssets = (): string[] => [...readFileSync(join(dist, 'index.html'), 'utf8').matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map(m => m[1]).sort()
const builtJs = (): string[] => readdirSync(join(dist, 'assets')).filter(f => f.endsWith('.js')).map(f => `assets/${f}`)

/** A raw request, so the test sees the headers and bytes the relay sent, not a decoded body. */
async function head (port: number, path: string, headers: Record<string, string>): Promise<{ status: number, headers: IncomingHttpHeaders, bytes: number }> {
  return await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, res => {
      let bytes = 0
      res.on('data', (c: Buffer) => { bytes += c.length })
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

async function waitForServiceWorker (page: Page): Promise<void> {
  await page.evaluate(async () => navigator.serviceWorker.ready)
  await expect.poll(async () => page.evaluate(() => navigator.serviceWorker.controller != null)).toBe(true)
}

/** One first visit through the proxy: bytes on the wire once the service worker is installed, and time to Connected. */
async function firstVisit (browser: Browser, target: number, link: { rate?: number, latencyMs?: number } = {}): Promise<{ down: number, up: number, connectedMs: number, inPageMs: number, encodings: Map<string, string> }> {
  const proxy = await startWireProxy({ target, ...link })
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    // what each script came as (the page's requests; the worker's precache
    // fetches are counted by the proxy)
    const encodings = new Map<string, string>()
    page.on('response', res => {
      if (/\.(?:js|css)$/.test(new URL(res.url()).pathname)) encodings.set(new URL(res.url()).pathname, res.headers()['content-encoding'] ?? 'identity')
    })
    const t0 = Date.now()
    await page.goto(proxy.url + '#/network')
    await expectConnected(page, 60_000)
    const connectedMs = Date.now() - t0
    const inPageMs = await page.evaluate(() => (window as any).guts.firstRelayAt())
    await waitForServiceWorker(page) // installed (precache written) and in control
    // and the wire quiet for a moment
    let last = -1
    await expect.poll(async () => {
      const now = proxy.bytes().down
      const quiet = now === last
      last = now
      return quiet
    }, { intervals: [500], timeout: 30_000 }).toBe(true)
    return { ...proxy.bytes(), connectedMs, inPageMs, encodings }
  } finally {
    await context.close()
    await proxy.close()
  }
}

test('compressed assets are served with the right headers', async ({ relay }) => {
  const entry = shellAssets().find(a => /^assets\/index-.+\.js$/.test(a))!
  const plain = readFileSync(join(dist, entry)).length
  const cases: Array<{ path: string, type: string, cache: string }> = [
    { path: `/${entry}`, type: 'text/javascript; charset=utf-8', cache: 'public, max-age=31536000, immutable' },
    { path: `/${shellAssets().find(a => a.endsWith('.css'))!}`, type: 'text/css; charset=utf-8', cache: 'public, max-age=31536000, immutable' },
    { path: '/', type: 'text/html; charset=utf-8', cache: 'no-cache' },
    { path: '/sw.js', type: 'text/javascript; charset=utf-8', cache: 'no-cache' }
  ]
  for (const c of cases) {
    for (const [ae, coding] of [['gzip, deflate, br, zstd', 'br'], ['gzip, deflate', 'gzip'], ['identity', undefined]] as const) {
      const res = await head(relay.port, c.path, { 'accept-encoding': ae })
      expect(res.status, c.path).toBe(200)
      expect(res.headers['content-encoding'], `${c.path} for ${ae}`).toBe(coding)
      expect(res.headers['content-type'], c.path).toBe(c.type)
      expect(res.headers['cache-control'], c.path).toBe(c.cache)
      expect(res.headers.vary, c.path).toBe('Accept-Encoding')
      expect(Number(res.headers['content-length']), c.path).toBe(res.bytes)
    }
  }
  const br = await head(relay.port, `/${entry}`, { 'accept-encoding': 'br' })
  console.log(`entry ${entry}: ${plain} B as it is, ${br.bytes} B as br`)
  expect(br.bytes).toBeLessThan(plain / 3)
})

test('a first visit downloads the shell once, compressed, and the service worker precaches the shell only', async ({ browser, relay }) => {
  test.setTimeout(180_000)
  const visit = await firstVisit(browser, relay.port)
  console.log(`first visit, loopback: ${visit.down} B down, ${visit.up} B up; Connected after ${visit.connectedMs} ms (${Math.round(visit.inPageMs)} ms in the page)`)
  // every script and style sheet the build compressed came as br (the few under 1 KiB have no copy)
  const compressed = [...visit.encodings].filter(([path]) => existsSync(join(dist, path + '.br')))
  const entry = shellAssets().find(a => /^assets\/index-.+\.js$/.test(a))!
  expect(compressed.map(([path]) => path)).toEqual(expect.arrayContaining([`/${entry}`, `/${shellAssets().find(a => a.endsWith('.css'))!}`]))
  for (const [path, coding] of compressed) expect(coding, path).toBe('br')
  // the shell and the network's code, which loads after the first paint
  const shellBytes = startAssets().reduce((n, a) => n + readFileSync(join(dist, a)).length, 0)
  // everything, headers, the precache and the chunks fetched when idle
  // included, in well under half of the shell's scripts and styles as they are
  expect(visit.down).toBeLessThan(shellBytes / 2)
  if (process.env.GUTS_MEASURE != null) {
    // 10 Mbit/s and 40 ms round trips, shared by every connection
    const slow = await firstVisit(browser, relay.port, { rate: 1_250_000, latencyMs: 20 })
    console.log(`first visit, 10 Mbit/s 40 ms RTT: ${slow.down} B down, ${slow.up} B up; Connected after ${slow.connectedMs} ms (${Math.round(slow.inPageMs)} ms in the page)`)
  }
})

test('the precache holds the shell only; other chunks are cached on use and then work offline', async ({ browser, relay }) => {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await page.goto(relay.url + '#/')
    await expectConnected(page)
    await waitForServiceWorker(page)
    const cached = async (): Promise<Record<string, string[]>> => await page.evaluate(async () => {
      const out: Record<string, string[]> = {}
      for (const name of await caches.keys()) {
        out[name] = (await (await caches.open(name)).keys()).map(r => new URL(r.url).pathname.slice(1)).sort()
      }
      return out
    })
    const before = await cached()
    const precache = Object.entries(before).find(([name]) => name.includes('precache'))![1]
    console.log(`precache: ${precache.length} entries: ${precache.join(' ')}`)
    expect(precache.filter(u => u.startsWith('assets/'))).toEqual(startAssets())
    expect(precache.filter(u => !u.startsWith('assets/')).sort()).toEqual(['icon-192.png', 'icon-512.png', 'icon.svg', 'index.html', 'manifest.webmanifest', 'registerSW.js', 'theme-boot.js'])
    // a lazy chunk, fetched once while online, is kept
    // (highlight.js's extra languages: nothing preloads them, unlike the
    // repository views and engines, which the tab fetches when idle)
    const lazy = builtJs().filter(js => !startAssets().includes(js) && /^assets\/(clojure|cmake|dart|dockerfile|elixir|elm|erlang|fsharp|groovy|haskell|julia|latex|nginx|nix|ocaml|powershell|protobuf|scala|vim)-/.test(js)).sort()
    expect(lazy.length).toBeGreaterThan(1)
    const [used, unused] = lazy
    expect(await page.evaluate(async u => (await fetch(u)).status, '/' + used)).toBe(200)
    await expect.poll(async () => (await cached())['guts-assets'] ?? []).toContain(used)
    expect((await cached())['guts-assets']).not.toContain(unused)

    await context.setOffline(true)
    await page.reload()
    await expect(page.locator('header.top')).toBeVisible()
    await expect(page.locator('main h1').first()).toHaveText('Repositories')
    expect(await page.evaluate(async u => (await fetch(u)).status, '/' + used)).toBe(200)
    expect(await page.evaluate(async u => await fetch(u).then(r => r.status, () => 'failed'), '/' + unused)).toBe('failed')
  } finally {
    await context.close()
  }
})
