// The file view, end to end in Chromium: line links and ranges in the URL,
// the permalink pinned to the commit, raw (text/plain, inert) and download,
// Markdown rendered with a Source/Preview toggle, big files held back, and
// the page at 390 px.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures.js'
import { git, makeFixtureRepo } from '../test/fixtures/git-fixture.js'
import type { Page } from '@playwright/test'

let fixture: string
let work: string
let bundlePath: string
let head: string

// a 1x1 PNG, for an image a Markdown file shows from the repository
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64')

test.beforeAll(() => {
  fixture = makeFixtureRepo()
  const lines = Array.from({ length: 40 }, (_, i) => `export const l${i + 1} = ${i + 1}`)
  lines[39] = `export const wide = '${'w'.repeat(400)}'`
  writeFileSync(join(fixture, 'src', 'lines.ts'), lines.join('\n') + '\n')
  mkdirSync(join(fixture, 'docs', 'img'))
  writeFileSync(join(fixture, 'docs', 'img', 'dot.png'), PNG)
  writeFileSync(join(fixture, 'docs', 'guide.mkd'), [
    '# The guide',
    '',
    'See [the main file](../src/main.ts) and ![a dot](img/dot.png).',
    '',
    '```ts',
    'export const x = 1',
    '```',
    ''
  ].join('\n'))
  writeFileSync(join(fixture, 'hostile.html'), '<h1>hi</h1><script>window.__xss = "raw"</script><img src=x onerror="window.__xss = \'img\'">\n')
  writeFileSync(join(fixture, 'many.txt'), 'x\n'.repeat(20_001))
  git(fixture, 'add', '-A')
  git(fixture, 'commit', '-q', '-m', 'Files for the file view')
  head = git(fixture, 'rev-parse', 'main').trim()
  work = mkdtempSync(join(tmpdir(), 'guts-e2e-blob-'))
  bundlePath = join(work, 'fixture.bundle')
  git(fixture, 'bundle', 'create', '-q', bundlePath, '--all')
})
test.afterAll(() => {
  rmSync(fixture, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

/** Imports the fixture into the tab; its repository id. */
async function importFixture (page: Page): Promise<string> {
  await page.goto(page.url().replace(/#.*$/, '#/import'))
  await page.locator('label', { hasText: 'Name' }).locator('input').fill('fixture')
  await page.getByTestId('bundle-input').setInputFiles(bundlePath)
  await expect(page.getByTestId('repo-title')).toHaveText('fixture', { timeout: 30_000 })
  return new URL(page.url()).hash.split('/')[2]
}

const hashOf = (page: Page): string => decodeURIComponent(new URL(page.url()).hash)
const selected = (page: Page) => page.getByTestId('file-content').locator('tr.selected')

test('line links pick a line and a range, the URL keeps them, a permalink pins the commit', async ({ relay, openTab }) => {
  const { page, context } = await openTab(relay.url, '#/')
  const rid = await importFixture(page)
  await page.goto(`${relay.url}#/r/${rid}/blob/main/src/lines.ts`)
  const code = page.getByTestId('file-content')
  await expect(code.locator('td.ln')).toHaveCount(40)

  await code.locator('td.ln a', { hasText: /^3$/ }).click()
  await expect.poll(() => hashOf(page)).toBe(`#/r/${rid}/blob/main/src/lines.ts?L=3`)
  await expect(selected(page)).toHaveCount(1)
  await code.locator('td.ln a', { hasText: /^5$/ }).click({ modifiers: ['Shift'] })
  await expect.poll(() => hashOf(page)).toBe(`#/r/${rid}/blob/main/src/lines.ts?L=3-5`)
  await expect(selected(page).locator('td.ln')).toHaveText(['3', '4', '5'])
  // a shift-click selects no text across the rows
  expect(await page.evaluate(() => getSelection()?.toString())).toBe('')

  await page.reload()
  await expect(selected(page).locator('td.ln')).toHaveText(['3', '4', '5'])

  // the permalink: the commit id for the branch, the same range
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: relay.url })
  await page.getByTestId('permalink').click()
  await expect(page.getByTestId('permalink')).toHaveText('Copied')
  const permalink = await page.evaluate(async () => navigator.clipboard.readText())
  expect(permalink).toBe(`${relay.url.replace(/\/$/, '')}/#/r/${rid}/blob/${head}/src/lines.ts?L=3-5`)
  await page.goto(permalink)
  await expect(selected(page).locator('td.ln')).toHaveText(['3', '4', '5'])
  await expect(page.getByTestId('file-content')).toContainText('export const l4 = 4')

  // opening a range far down scrolls it into view; bad ranges are ignored, long ones clamped
  await page.setViewportSize({ width: 800, height: 400 })
  await page.goto(`${relay.url}#/r/${rid}/blob/main/src/lines.ts?L=30-32`)
  await expect(selected(page)).toHaveCount(3)
  await expect(page.locator('#L31')).toBeInViewport()
  await expect(page.locator('#L1')).not.toBeInViewport()
  await page.goto(`${relay.url}#/r/${rid}/blob/main/src/lines.ts?L=abc`)
  await expect(code.locator('td.ln')).toHaveCount(40)
  await expect(selected(page)).toHaveCount(0)
  await page.goto(`${relay.url}#/r/${rid}/blob/main/src/lines.ts?L=39-9999`)
  await expect(selected(page).locator('td.ln')).toHaveText(['39', '40'])
  await page.goto(`${relay.url}#/r/${rid}/blob/main/src/lines.ts?L=41`)
  await expect(code.locator('td.ln')).toHaveCount(40)
  await expect(selected(page)).toHaveCount(0)
})

test('raw is text/plain and inert, download keeps the name, binaries and big files are held back', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  const rid = await importFixture(page)
  await page.goto(`${relay.url}#/r/${rid}/blob/main/hostile.html`)
  await expect(page.getByTestId('file-content')).toContainText('<script>')
  const [raw] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('raw').click()])
  await raw.waitForLoadState()
  expect(raw.url()).toMatch(/^blob:/)
  expect(await raw.evaluate(() => document.contentType)).toBe('text/plain')
  expect(await raw.evaluate(() => document.body.innerText)).toContain('<script>window.__xss = "raw"</script>')
  expect(await raw.evaluate(() => (window as any).__xss)).toBeUndefined()
  expect(await raw.evaluate(() => document.querySelectorAll('script, img').length)).toBe(0)
  await raw.close()

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()])
  expect(download.suggestedFilename()).toBe('hostile.html')

  // binary: download only, with its size
  await page.goto(`${relay.url}#/r/${rid}/blob/main/logo.bin`)
  await expect(page.getByTestId('not-rendered')).toContainText('Binary file (4.0 KB)')
  await expect(page.getByTestId('raw')).toHaveCount(0)
  await expect(page.getByTestId('download')).toBeVisible()

  // over 20,000 lines: a notice, raw offered, no table
  await page.goto(`${relay.url}#/r/${rid}/blob/main/many.txt`)
  await expect(page.getByTestId('not-rendered')).toContainText('Large file (39.1 KB)')
  await expect(page.getByTestId('file-content')).toHaveCount(0)
  const [big] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('open-raw').click()])
  await big.waitForLoadState()
  expect(await big.evaluate(() => document.body.innerText.length)).toBeGreaterThanOrEqual(40_000)
  await big.close()
  await page.goto(`${relay.url}#/r/${rid}/blob/main/big.txt`)
  await expect(page.getByTestId('not-rendered')).toContainText('Large file (1.0 MB)')
})

test('a Markdown file renders, toggles to its numbered source and back; 390 px has no page scroll', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  const rid = await importFixture(page)
  await page.goto(`${relay.url}#/r/${rid}/blob/main/docs/guide.mkd`)
  const md = page.getByTestId('readme')
  await expect(md.locator('h1')).toHaveText('The guide')
  // links and images resolve in the repository
  await expect(md.locator('a', { hasText: 'the main file' })).toHaveAttribute('href', `#/r/${rid}/blob/main/src/main.ts`)
  await expect(md.locator('img')).toHaveAttribute('src', /^blob:/)
  await expect(page.getByTestId('file-content')).toHaveCount(0)

  await page.getByTestId('show-source').click()
  await expect.poll(() => hashOf(page)).toBe(`#/r/${rid}/blob/main/docs/guide.mkd?plain=1`)
  await expect(page.getByTestId('readme')).toHaveCount(0)
  const code = page.getByTestId('file-content')
  await expect(code.locator('td.ln')).toHaveCount(7)
  await expect(code).toContainText('# The guide')
  await code.locator('td.ln a', { hasText: /^2$/ }).click()
  await expect.poll(() => hashOf(page)).toBe(`#/r/${rid}/blob/main/docs/guide.mkd?L=2&plain=1`)
  await page.reload()
  await expect(selected(page).locator('td.ln')).toHaveText(['2'])

  await page.getByTestId('show-preview').click()
  await expect.poll(() => hashOf(page)).toBe(`#/r/${rid}/blob/main/docs/guide.mkd`)
  // rendered, or as text where a loaded machine made Markdown miss its time budget (readme.ts)
  await expect(page.getByTestId('readme')).toContainText('The guide')
  await expect(page.getByTestId('file-content')).toHaveCount(0)

  await page.setViewportSize({ width: 390, height: 844 })
  const noPageScroll = async (): Promise<void> => {
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  }
  await noPageScroll()
  await page.goto(`${relay.url}#/r/${rid}/blob/main/src/lines.ts?L=40`)
  await expect(selected(page)).toHaveCount(1)
  await noPageScroll()
  // the wide line scrolls inside the code block
  expect(await page.locator('.code-scroll').evaluate(el => el.scrollWidth > el.clientWidth)).toBe(true)
  for (const id of ['raw', 'download', 'permalink']) await expect(page.getByTestId(id)).toBeInViewport()
})
