// The commit page end to end: the message as Markdown (and inert), Browse
// files, unified and split diffs (remembered), hidden whitespace changing the
// counts, expanding context, word marks and highlighting, compare's diff
// filled in after its list, and 390 px.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures.js'
import { git } from '../test/fixtures/git-fixture.js'
import type { Page } from '@playwright/test'

let work: string
let bundlePath: string
let commit: string
let parent: string

const code = (n: number, change?: (i: number) => string | undefined): string =>
  Array.from({ length: n }, (_, i) => change?.(i) ?? `export const v${i + 1} = ${i + 1}`).join('\n') + '\n'
const prose = (indent: string, change?: number): string =>
  Array.from({ length: 20 }, (_, i) => `${indent}item ${i + 1}${i === change ? ' changed' : ''}`).join('\n') + '\n'

test.beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'guts-e2e-diff-'))
  const dir = join(work, 'repo')
  git(work, 'init', '-q', '-b', 'main', dir)
  writeFileSync(join(dir, 'app.ts'), code(100))
  writeFileSync(join(dir, 'list.txt'), prose('  '))
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', 'First')
  writeFileSync(join(dir, 'app.ts'), code(100, i => i === 49 ? 'export const v50 = 5000' : undefined))
  writeFileSync(join(dir, 'list.txt'), prose('\t', 7))
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', [
    'Tune the app',
    '',
    'Some **bold** words.',
    '',
    '<script>window.__xss = "body-script"</script>',
    '<img src=x onerror="window.__xss = \'body-img\'">'
  ].join('\n'))
  commit = git(dir, 'rev-parse', 'HEAD').trim()
  parent = git(dir, 'rev-parse', 'HEAD~1').trim()
  bundlePath = join(work, 'diff.bundle')
  git(dir, 'bundle', 'create', '-q', bundlePath, '--all')
})
test.afterAll(() => rmSync(work, { recursive: true, force: true }))

async function openCommit (page: Page): Promise<string> {
  await page.goto(page.url().replace(/#.*$/, '#/import'))
  await page.locator('label', { hasText: 'Name' }).locator('input').fill('diffs')
  await page.getByTestId('bundle-input').setInputFiles(bundlePath)
  await expect(page.getByTestId('repo-title')).toHaveText('diffs', { timeout: 30_000 })
  const rid = new URL(page.url()).hash.split('/')[2]
  await page.goto(page.url().replace(/#.*$/, `#/r/${rid}/commit/${commit}`))
  await expect(page.getByTestId('commit-title')).toHaveText('Tune the app')
  return rid
}

const appDiff = (page: Page) => page.locator('[data-testid=file-diff]', { hasText: 'app.ts' })

test('the message renders as Markdown, its script stays inert, and Browse files opens the tree at the commit', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  const dialogs: string[] = []
  page.on('dialog', d => { dialogs.push(d.message()); void d.dismiss() })
  const rid = await openCommit(page)
  await expect(page.getByTestId('commit-body').locator('strong')).toHaveText('bold')
  await expect(page.getByTestId('commit-body').locator('script, img[onerror]')).toHaveCount(0)
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined()
  expect(dialogs).toEqual([])
  await page.getByTestId('browse-files').click()
  expect(new URL(page.url()).hash).toBe(`#/r/${rid}/tree/${commit}`)
  await expect(page.getByTestId('file-tree')).toContainText('list.txt')
})

test('split and unified, remembered; hidden whitespace changes the counts; context expands; words and syntax are marked', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  await page.setViewportSize({ width: 1280, height: 900 })
  await openCommit(page)
  await expect(page.getByTestId('commit-stats')).toContainText('2 files changed, +21 −21')

  // highlighted as TypeScript, the changed number marked on both sides
  await expect(appDiff(page).locator('.hljs-keyword').first()).toHaveText('export')
  await expect(appDiff(page).locator('tr.line-del .wd')).toHaveText('50')
  await expect(appDiff(page).locator('tr.line-add .wd')).toHaveText('5000')

  // split, and still split after a reload
  await expect(page.getByTestId('diff-unified')).toHaveCount(2)
  await page.getByTestId('layout-split').click()
  await expect(page.getByTestId('diff-split')).toHaveCount(2)
  await expect(appDiff(page).locator('tr', { hasText: 'v50 = 5000' })).toContainText('v50 = 50')
  await page.reload()
  await expect(page.getByTestId('diff-split')).toHaveCount(2)
  await page.getByTestId('layout-unified').click()
  await expect(page.getByTestId('diff-unified')).toHaveCount(2)

  // whitespace: the reindented list counts one changed line, as git diff -w
  const list = page.locator('[data-testid=file-diff]', { hasText: 'list.txt' })
  await expect(list.getByTestId('file-counts')).toHaveText('+20 −20')
  await page.getByTestId('ignore-whitespace').check()
  await expect(page.getByTestId('commit-stats')).toContainText('2 files changed, +2 −2')
  await expect(list.getByTestId('file-counts')).toHaveText('+1 −1')
  await page.getByTestId('ignore-whitespace').uncheck()
  await expect(page.getByTestId('commit-stats')).toContainText('+21 −21')

  // context: 20 more lines above the hunk, then below it
  const rows = appDiff(page).locator('tbody tr')
  const before = await rows.count()
  await expect(appDiff(page)).not.toContainText('v27 = 27')
  await appDiff(page).getByTestId('expand-up').click()
  await expect(rows).toHaveCount(before + 20)
  await expect(appDiff(page).locator('tr', { hasText: 'v27 = 27' })).toContainText('27')
  await expect(appDiff(page)).not.toContainText('v26 = 26')
  await appDiff(page).getByTestId('expand-down').click()
  await expect(rows).toHaveCount(before + 40)
  await expect(appDiff(page)).toContainText('v73 = 73')
  // the expanded lines are highlighted too
  await expect(appDiff(page).locator('tr', { hasText: 'v73 = 73' }).locator('.hljs-keyword').first()).toHaveText('export')
})

test('compare lists the files, then fills in their diffs and totals as git diff --numstat counts them', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  const rid = await openCommit(page)
  await page.goto(page.url().replace(/#.*$/, `#/r/${rid}/compare/${parent}...${commit}`))
  await expect(page.getByTestId('compare-stats')).toContainText('2 files changed, +21 −21')
  await expect(page.getByTestId('file-diff')).toHaveCount(2)
  await expect(appDiff(page).locator('tr.line-add')).toContainText('v50 = 5000')
  await expect(page.getByTestId('diff-pending')).toHaveCount(0)
})

test('at 390 px: unified diffs and no page scroll', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  await page.setViewportSize({ width: 390, height: 844 })
  await page.evaluate(() => localStorage.setItem('guts.diff.layout', 'split'))
  await openCommit(page)
  await expect(page.getByTestId('diff-unified')).toHaveCount(2)
  await expect(page.getByTestId('diff-split')).toHaveCount(0)
  await appDiff(page).getByTestId('expand-up').click()
  // Nothing of the commit page is wider than the screen (code scrolls inside
  // its own box).
  const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > 390 && e.closest('.code-scroll') == null)
    .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`).slice(0, 10))
  expect(wide).toEqual([])
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(scrollWidth).toBeLessThanOrEqual(390)
})
