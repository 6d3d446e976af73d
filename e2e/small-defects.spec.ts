// Issue 13's smaller defects, in Chromium: "Add file" on branches only, right-
// to-left folder names in the breadcrumbs in path order, folders listed as
// GitHub lists them, and a bundle imported twice named as the repository it
// already is; all at 390 px too.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures.js'
import type { Page } from '@playwright/test'

let work: string
let bundle: string

test.beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'guts-e2e-small-'))
  const repo = join(work, 'repo')
  mkdirSync(repo)
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.org', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.org', GIT_CONFIG_NOSYSTEM: '1', HOME: repo } })
  git('init', '-q', '-b', 'main')
  for (const f of ['README.md', 'b.txt', 'Apple.txt', 'file10.txt', 'file2.txt', 'src/x.ts', 'Docs/x.md', 'מסמכים/דוחות/קובץ.md']) {
    mkdirSync(join(repo, f, '..'), { recursive: true })
    writeFileSync(join(repo, f), `${f}\n`)
  }
  git('add', '-A')
  git('commit', '-q', '-m', 'files')
  git('tag', 'v1')
  bundle = join(work, 'small.bundle')
  git('bundle', 'create', '-q', bundle, '--all')
})
test.afterAll(() => { rmSync(work, { recursive: true, force: true }) })

async function importBundle (page: Page, name: string): Promise<string> {
  await page.goto(page.url().replace(/#.*$/, '#/import'))
  await page.locator('label', { hasText: 'Name' }).locator('input').fill(name)
  await page.getByTestId('bundle-input').setInputFiles(bundle)
  await expect(page.getByTestId('repo-title')).toHaveText(name, { timeout: 30_000 })
  return new URL(page.url()).hash.split('/')[2]
}

/** Nothing on the page is wider than the screen. */
const noSideScroll = async (page: Page): Promise<void> => {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
}

test('Add file on branches only; right-to-left breadcrumbs in path order; GitHub order; a second import of the same bundle is asked about', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  const rid = await importBundle(page, 'small')

  // GitHub's order: folders first, case ignored, numbers as numbers
  await page.goto(`${relay.url}#/r/${rid}/tree/main`)
  const names = page.getByTestId('file-tree').locator('tbody tr td:nth-child(2)')
  await expect(names).toHaveText(['Docs', 'src', 'מסמכים', 'Apple.txt', 'b.txt', 'file2.txt', 'file10.txt', 'README.md'])
  await expect(page.getByTestId('add-file')).toBeVisible()
  await page.goto(`${relay.url}#/r/${rid}/tree/v1`)
  await expect(page.getByTestId('file-tree')).toContainText('Apple.txt')
  await expect(page.getByTestId('add-file')).toHaveCount(0)

  // two right-to-left names in a row: still in path order, left to right
  await page.goto(`${relay.url}#/r/${rid}/tree/main/${encodeURIComponent('מסמכים')}/${encodeURIComponent('דוחות')}`)
  const crumbs = page.getByTestId('breadcrumbs')
  await expect(crumbs).toContainText('דוחות')
  const x = async (text: string): Promise<number> => (await crumbs.locator('bdi', { hasText: text }).boundingBox())!.x
  expect(await x('small')).toBeLessThan(await x('מסמכים'))
  expect(await x('מסמכים')).toBeLessThan(await x('דוחות'))

  // the same bundle again: named, opened instead when asked
  await page.goto(`${relay.url}#/import`)
  await page.getByTestId('bundle-input').setInputFiles(bundle)
  await expect(page.getByTestId('import-duplicate')).toContainText('same repository as small')
  await page.setViewportSize({ width: 390, height: 844 })
  await noSideScroll(page)
  await page.getByTestId('open-existing').click()
  await expect(page.getByTestId('repo-title')).toHaveText('small')
  expect(new URL(page.url()).hash.split('/')[2]).toBe(rid)
  await page.goto(`${relay.url}#/`)
  await expect(page.getByText('small', { exact: true })).toHaveCount(1)

  // at 390 px: the tree with its right-to-left breadcrumbs
  await page.goto(`${relay.url}#/r/${rid}/tree/main/${encodeURIComponent('מסמכים')}/${encodeURIComponent('דוחות')}`)
  await expect(page.getByTestId('file-tree')).toContainText('קובץ.md')
  await noSideScroll(page)
})
