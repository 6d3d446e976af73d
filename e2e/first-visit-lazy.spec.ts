// A first visit loads only the shell before the app runs: the repository
// views and the network (libp2p and sync) come after the first paint, and
// the app works before they have come. Checked on the real build: the
// network's chunk is held back by the test while the tab creates and opens
// a repository, then let through, and the tab connects and the relay seeds
// what was made before.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { expect, expectConnected, test } from './fixtures.js'
import { dist, networkAssets, shellAssets } from './start-assets.js'
import type { BrowserContext, Page } from '@playwright/test'

/** the initial JavaScript's budget, gzip -9 (bench/bundle.ts prints the detail) */
const INITIAL_JS_GZIP_BUDGET = 300_000

/** Holds the network's chunk until release(); `requested` once the page asked for it. */
async function holdNetwork (context: BrowserContext): Promise<{ requested: Promise<void>, release: () => void }> {
  let release!: () => void
  let requested!: () => void
  const held = new Promise<void>(resolve => { release = resolve })
  const asked = new Promise<void>(resolve => { requested = resolve })
  await context.unroute(/\/assets\/network-stack-[\w-]+\.js$/)
  await context.route(/\/assets\/network-stack-[\w-]+\.js$/, async route => {
    requested()
    await held
    await route.continue()
  })
  return { requested: asked, release }
}

/** ms since navigation start: the first contentful paint, and when each script whose name matches started to load */
async function timings (page: Page, script: RegExp): Promise<{ fcp?: number, starts: number[] }> {
  return page.evaluate((source) => {
    const re = new RegExp(source)
    return {
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      starts: performance.getEntriesByType('resource').filter(e => re.test(new URL(e.name).pathname)).map(e => e.startTime)
    }
  }, script.source)
}

const seeds = async (url: string, rid: string): Promise<boolean> =>
  (await fetch(`${url}git/${rid}/info/refs?service=git-upload-pack`).catch(() => undefined))?.status === 200

test('the initial JavaScript is the shell only, within its budget', () => {
  const shell = shellAssets()
  const js = shell.filter(a => a.endsWith('.js'))
  const gzip = js.reduce((n, a) => n + gzipSync(readFileSync(join(dist, a)), { level: 9 }).length, 0)
  console.log(`initial JS: ${js.length} files, ${gzip} B gzip -9 (budget ${INITIAL_JS_GZIP_BUDGET})`)
  expect(gzip).toBeLessThanOrEqual(INITIAL_JS_GZIP_BUDGET)
  // neither the network's code, nor the repository views, nor isomorphic-git
  const network = networkAssets().find(a => /\/network-stack-/.test(a))!
  expect(shell).not.toContain(network)
  for (const lazy of [/\/RepoPage-/, /\/isomorphic-git-/, /\/network-stack-/]) expect(shell.filter(a => lazy.test(a))).toEqual([])
})

test('a first visit paints before it loads the network and the repository views, and works before the network has loaded', async ({ browser, relay }) => {
  test.setTimeout(120_000)
  // no service worker: the test sees (and holds) every request the page makes
  const context = await browser.newContext({ serviceWorkers: 'block' })
  try {
    const page = await context.newPage()
    page.on('pageerror', err => console.error(`[page error] ${err.message}`))
    await page.setViewportSize({ width: 390, height: 844 })
    const net = await holdNetwork(context)
    await page.goto(relay.url + '#/')
    await net.requested
    // the shell is up and says so while the network's code is held back
    await expect(page.locator('main h1').first()).toHaveText('Repositories')
    await expect(page.getByTestId('net-status')).toHaveText('Connecting…')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    expect(await page.evaluate(() => (window as any).guts.networkStartedAt())).toBeUndefined()

    // a repository made and browsed with no network yet
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.getByTestId('new-repo-link').click()
    await page.getByTestId('repo-name').fill('before-the-network')
    await page.getByTestId('create-repo').click()
    await expect(page.getByTestId('repo-title')).toHaveText('before-the-network')
    await expect(page.getByTestId('file-tree')).toContainText('README.md')
    const rid = new URL(page.url()).hash.split('/')[2]
    await expect(page.getByTestId('net-status')).toHaveText('Connecting…')

    // let it through: the tab joins, and the relay hears of the repository
    net.release()
    await expectConnected(page)
    expect(await page.evaluate(() => (window as any).guts.peerId())).toMatch(/^12D3KooW/)
    await expect.poll(async () => seeds(relay.url, rid), { timeout: 20_000 }).toBe(true)
    // both came after the first paint
    const t = await timings(page, /\/assets\/(?:network-stack|RepoPage)-[\w-]+\.js$/)
    console.log(`first paint at ${t.fcp?.toFixed(0)} ms; network and repository views requested at ${t.starts.map(s => s.toFixed(0)).join(', ')} ms`)
    expect(t.fcp).toBeDefined()
    expect(t.starts).toHaveLength(2)
    for (const start of t.starts) expect(start).toBeGreaterThan(t.fcp!)

    // a reload opens the repository from IndexedDB while the network is held back again
    const again = await holdNetwork(context)
    await page.goto(`${relay.url}#/r/${rid}`)
    const t0 = Date.now()
    await page.reload()
    await expect(page.getByTestId('repo-title')).toHaveText('before-the-network')
    await expect(page.getByTestId('file-tree')).toContainText('README.md')
    console.log(`repository open ${Date.now() - t0} ms after the reload, network not loaded`)
    await again.requested
    await expect(page.getByTestId('net-status')).toHaveText('Connecting…')
    again.release()
    await expectConnected(page)
  } finally {
    await context.close()
  }
})

test('when the network\'s code cannot load, the header says Offline and why, and the repositories still work', async ({ browser, relay }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' })
  try {
    const page = await context.newPage()
    await context.route(/\/assets\/network-stack-[\w-]+\.js$/, async route => route.abort('connectionfailed'))
    await page.goto(relay.url + '#/')
    await expect(page.getByTestId('net-status')).toHaveText(/^Offline/)
    await expect(page.getByTestId('net-reason')).toContainText('the network could not start')
    await page.getByTestId('new-repo-link').click()
    await page.getByTestId('repo-name').fill('no-network')
    await page.getByTestId('create-repo').click()
    await expect(page.getByTestId('repo-title')).toHaveText('no-network')
    await expect(page.getByTestId('file-tree')).toContainText('README.md')
  } finally {
    await context.close()
  }
})
