// Links that name something that is not there, or name it loosely: each
// gets a clear message and a way back, and what can be understood opens the
// view that fits (a file under tree/, a folder under blob/, an abbreviated
// commit id anywhere a commit goes).
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
  work = mkdtempSync(join(tmpdir(), 'guts-e2e-bad-urls-'))
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

test('bad and loose links: a message and a way back, or the view that fits', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  const rid = await importFixture(page)
  const go = async (route: string): Promise<void> => { await page.goto(`${relay.url}#/r/${rid}/${route}`) }

  // a folder that is not there: what is missing, and the nearest folder that is
  await go('tree/main/src/nope/deeper')
  const missing = page.getByTestId('not-there')
  await expect(missing).toContainText('There is no “src/nope/deeper” at main')
  await missing.getByRole('link', { name: 'The folder src' }).click()
  await expect(page.getByTestId('file-tree')).toContainText('main.ts')

  // a file under tree/ opens the file; a folder under blob/ opens the folder
  await go('tree/main/src/main.ts')
  await expect(page.getByTestId('file-content')).toContainText('export const answer = 42')
  await go('blob/main/src')
  await expect(page.getByTestId('file-tree')).toContainText('main.ts')

  // a deleted file: missing now, with the way to its history
  await go('blob/main/empty.txt')
  await expect(page.getByTestId('not-there')).toContainText('There is no “empty.txt” at main')
  await expect(page.getByTestId('not-there').getByRole('link', { name: /Commits that touched this path/ })).toBeVisible()

  // no such branch: say so, offer the default branch and the lists
  await go('tree/no-such-branch/src')
  await expect(page.getByTestId('not-there')).toContainText('No branch, tag or commit named “no-such-branch”')
  await page.getByTestId('not-there').getByRole('link', { name: 'Browse main' }).click()
  await expect(page.getByTestId('file-tree')).toContainText('README.md')

  // abbreviated commit ids, as git takes them
  const short = git(fixture, 'rev-parse', '--short=7', 'main~1').trim()
  const subject = git(fixture, 'log', '-1', '--format=%s', 'main~1').trim()
  await go(`commit/${short}`)
  await expect(page.getByTestId('commit-title')).toHaveText(subject)
  await go(`tree/${short}/src`)
  await expect(page.getByTestId('file-tree')).toContainText('main.ts')
  await go('commit/ffffff1')
  await expect(page.getByTestId('not-there')).toContainText('No branch, tag or commit named “ffffff1”')
})
