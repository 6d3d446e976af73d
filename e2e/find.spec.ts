// The file finder and content search, end to end in Chromium: `t` opens the
// finder, typing narrows, Enter opens the file; search runs in its worker,
// finds a line and links to its file; at 390 px nothing scrolls the page.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures.js'
import { git } from '../test/fixtures/git-fixture.js'
import { writeSearchFixture } from '../test/fixtures/search-fixture.js'
import type { Page } from '@playwright/test'

let repo: string
let work: string
let bundlePath: string

test.beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'guts-e2e-find-'))
  writeSearchFixture(repo)
  git(repo, 'commit', '-q', '-m', 'Files to find')
  work = mkdtempSync(join(tmpdir(), 'guts-e2e-find-work-'))
  bundlePath = join(work, 'find.bundle')
  git(repo, 'bundle', 'create', '-q', bundlePath, '--all')
})
test.afterAll(() => {
  rmSync(repo, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

async function importBundle (page: Page): Promise<string> {
  await page.goto(page.url().replace(/#.*$/, '#/import'))
  await page.locator('label', { hasText: 'Name' }).locator('input').fill('find')
  await page.getByTestId('bundle-input').setInputFiles(bundlePath)
  await expect(page.getByTestId('repo-title')).toHaveText('find', { timeout: 30_000 })
  return new URL(page.url()).hash.split('/')[2]
}

test('t opens the file finder; typing narrows; arrows and Enter open the file; Escape closes', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  await importBundle(page)
  await page.locator('body').press('t')
  const finder = page.getByTestId('file-finder')
  await expect(finder).toBeVisible()
  await expect(page.getByTestId('finder-input')).toBeFocused()
  await expect(page.getByTestId('finder-input')).toHaveValue('') // the 't' that opened it is not typed in
  await expect(page.getByTestId('finder-count')).toContainText('9 of 9 files')
  await page.keyboard.type('srcnl')
  const hits = page.getByTestId('finder-hits').locator('li')
  await expect(hits).toHaveCount(1)
  await expect(hits.first()).toHaveText('src/no-newline.txt')
  await expect(hits.first().locator('mark')).toHaveText(['src', 'n', 'l'])
  await page.keyboard.press('Enter')
  await expect(finder).toBeHidden()
  await expect(page.getByTestId('file-content')).toContainText('the end: useState')
  expect(decodeURIComponent(new URL(page.url()).hash)).toMatch(/\/blob\/main\/src\/no-newline\.txt$/)

  // the button opens it too; arrow keys move; Escape closes
  await page.getByTestId('go-to-file').click()
  await expect(finder).toBeVisible()
  await page.keyboard.type('md')
  await expect(hits).toHaveCount(3)
  await page.keyboard.press('ArrowDown')
  await expect(hits.nth(1)).toHaveAttribute('aria-selected', 'true')
  const second = await hits.nth(1).textContent()
  await page.keyboard.press('Enter')
  expect(decodeURIComponent(new URL(page.url()).hash)).toContain(`/blob/main/${second!}`)
  await page.getByTestId('go-to-file').click()
  await page.keyboard.press('Escape')
  await expect(finder).toBeHidden()
})

test('t does nothing while typing in a field', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  await importBundle(page)
  await page.getByTestId('search-tab').click()
  await page.getByTestId('search-input').click()
  await page.keyboard.type('t')
  await expect(page.getByTestId('search-input')).toHaveValue('t')
  await expect(page.getByTestId('file-finder')).toHaveCount(0)
})

test('search finds the lines in the files, highlighted, and links to the file', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  const rid = await importBundle(page)
  await page.getByTestId('search-tab').click()
  await page.getByTestId('search-input').fill('usestate')
  await expect(page.getByTestId('search-status')).toContainText('9 of 9 files searched (1 binary skipped)')
  // as git grep -n -i -F -I finds them (the shared fixture's test checks every line against it)
  const lines = page.getByTestId('search-line')
  await expect(lines).toHaveCount(8)
  await expect(page.getByTestId('search-status')).toContainText('8 lines in 6 files')
  await expect(page.getByTestId('search-file')).toHaveText(['README.md', 'docs/ünïcode.md', 'long-line.js', 'src/app.ts', 'src/crlf.txt', 'src/no-newline.txt'])
  await expect(lines.nth(0).locator('mark')).toHaveText(['useState', 'USESTATE', 'usestate'])
  expect(new URL(page.url()).hash).toBe(`#/r/${rid}/search/main?q=usestate`)

  // match case narrows it; a bad expression says why
  await page.getByTestId('search-case').check()
  await expect(page.getByTestId('search-status')).toContainText('1 line in 1 file')
  await page.getByTestId('search-regex').check()
  await page.getByTestId('search-input').fill('use(State')
  await expect(page.getByTestId('search-error')).toContainText('not a valid regular expression')
  await page.getByTestId('search-input').fill('set[A-Z]\\(?')
  await expect(lines).toHaveCount(1)
  await expect(lines.first()).toContainText('const [n, setN] = useState(0)')
  await expect(lines.first().locator('mark')).toHaveText(['setN'])
  await lines.first().click()
  await expect(page.getByTestId('file-content')).toContainText('export function App')
  // the line itself, picked and in view
  const line = git(repo, 'grep', '-n', '-F', 'const [n, setN] = useState(0)', 'main', '--', 'src/app.ts').split(':')[2]
  expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/r/${rid}/blob/main/src/app.ts?L=${line}`)

  // a link to a search runs it
  await page.goto(relay.url + `#/r/${rid}/search/main?q=twice`)
  await expect(lines).toHaveCount(1)
  await expect(lines.first()).toContainText('useState useState twice on a line')
})

test('390 px: the finder and the search results fit without a page scroll', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  const rid = await importBundle(page)
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(relay.url + `#/r/${rid}/search/main?q=usestate`)
  await expect(page.getByTestId('search-line')).toHaveCount(8) // with the 4,000-character line
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await page.getByTestId('go-to-file').click()
  await page.keyboard.type('long')
  await expect(page.getByTestId('finder-hits').locator('li')).toHaveCount(1)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  const box = await page.getByTestId('file-finder').boundingBox()
  expect(box!.x).toBeGreaterThanOrEqual(0)
  expect(box!.x + box!.width).toBeLessThanOrEqual(390)
})
