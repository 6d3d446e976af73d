// Blame and the history of a file or folder, end to end on a repository git
// made: the ranges and their commits as git blame gives them, blame at a
// parent, a folder's history as git log -- <path>, a page past the end, 390 px.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures.js'
import { git, makeFixtureRepo } from '../test/fixtures/git-fixture.js'
import type { Page } from '@playwright/test'

let fixture: string
let work: string
let bundlePath: string

test.beforeAll(() => {
  fixture = makeFixtureRepo()
  work = mkdtempSync(join(tmpdir(), 'guts-e2e-history-'))
  bundlePath = join(work, 'fixture.bundle')
  git(fixture, 'bundle', 'create', '-q', bundlePath, '--all')
})
test.afterAll(() => {
  rmSync(fixture, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

async function importFixture (page: Page): Promise<string> {
  await page.goto(page.url().replace(/#.*$/, '#/import'))
  await page.locator('label', { hasText: 'Name' }).locator('input').fill('fixture')
  await page.getByTestId('bundle-input').setInputFiles(bundlePath)
  await expect(page.getByTestId('repo-title')).toHaveText('fixture', { timeout: 30_000 })
  return new URL(page.url()).hash.split('/')[2]
}

/** git blame's commits for each line, grouped into consecutive runs */
function gitRanges (rev: string, path: string): Array<{ oid: string, lines: number }> {
  const out: Array<{ oid: string, lines: number }> = []
  for (const l of git(fixture, 'blame', '--line-porcelain', rev, '--', path).split('\n')) {
    const oid = /^([0-9a-f]{40}) \d+ \d+/.exec(l)?.[1]
    if (oid == null) continue
    if (out.length > 0 && out[out.length - 1].oid === oid) out[out.length - 1].lines++
    else out.push({ oid, lines: 1 })
  }
  return out
}

test('blame a file, see its commits, go to blame at a parent; a folder\'s history; a page past the end', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  const rid = await importFixture(page)
  const base = page.url().replace(/#.*$/, '')

  await page.goto(`${base}#/r/${rid}/blame/main/src/main.ts`)
  const ranges = page.getByTestId('blame-range')
  const want = gitRanges('main', 'src/main.ts')
  await expect(ranges).toHaveCount(want.length)
  for (let i = 0; i < want.length; i++) {
    const subject = git(fixture, 'log', '-1', '--format=%s', want[i].oid).trim()
    await expect(ranges.nth(i)).toContainText(subject)
    await expect(ranges.nth(i)).toContainText(want[i].oid.slice(0, 8))
  }
  await expect(page.getByTestId('blame')).toContainText('export const question')

  // the last range's commit added the question: blame at its parent has only the answer
  const last = want[want.length - 1].oid
  const parent = git(fixture, 'rev-parse', `${last}^`).trim()
  await ranges.last().getByTestId('blame-parent').click()
  await expect(page).toHaveURL(new RegExp(`/blame/${parent}/src/main.ts$`))
  const back = gitRanges(parent, 'src/main.ts')
  await expect(page.getByTestId('blame-range')).toHaveCount(back.length)
  await expect(page.getByTestId('blame-range').first()).toContainText(back[0].oid.slice(0, 8))
  await expect(page.getByTestId('blame')).not.toContainText('question')

  // a folder's history, as git log --topo-order -- src
  await page.goto(`${base}#/r/${rid}/commits/main/src`)
  await expect(page.getByTestId('history-title')).toContainText('History for src')
  const subjects = git(fixture, 'log', '--topo-order', '--format=%s', 'main', '--', 'src').trim().split('\n')
  const items = page.getByTestId('commit-list').locator('li')
  await expect(items).toHaveCount(subjects.length)
  for (let i = 0; i < subjects.length; i++) await expect(items.nth(i).locator('.commit-subject')).toHaveText(subjects[i])

  // a page past the end says so, and leads back
  await page.goto(`${base}#/r/${rid}/commits/main/src?page=7`)
  await expect(page.getByTestId('no-commits')).toContainText('no commits on page 7')
  await page.getByTestId('last-page').click()
  await expect(page.getByTestId('commit-list').locator('li')).toHaveCount(subjects.length)
})

test('390 px wide: blame and history do not scroll the page sideways', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  await page.setViewportSize({ width: 390, height: 844 })
  const rid = await importFixture(page)
  const base = page.url().replace(/#.*$/, '')
  for (const route of [`blame/main/src/main.ts`, `blame/main/docs/übersicht/naïve café.md`, 'commits/main/src', 'commits/main/docs/übersicht/naïve café.md', 'commits/main/src?page=9']) {
    await page.goto(`${base}#/r/${rid}/${route}`)
    await expect(page.getByTestId(route.startsWith('blame') ? 'blame' : route.includes('page=') ? 'no-commits' : 'commit-list')).toBeVisible()
    expect(await page.evaluate(() => document.documentElement.scrollWidth), route).toBeLessThanOrEqual(390)
  }
})
