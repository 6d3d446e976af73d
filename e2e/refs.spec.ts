// Branches, tags, the branch picker and compare, end to end on repositories
// git made: the numbers shown are checked against the stock git CLI.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures.js'
import { makeBranchyRepo } from '../test/fixtures/branchy-fixture.js'
import type { Page } from '@playwright/test'

let fixture: string
let work: string
let bundle: string
let manyBundle: string
const git = (...args: string[]): string => execFileSync('git', args, { cwd: fixture, encoding: 'utf8' }).trim()

test.beforeAll(() => {
  fixture = makeBranchyRepo()
  work = mkdtempSync(join(tmpdir(), 'guts-e2e-refs-'))
  bundle = join(work, 'branchy.bundle')
  git('bundle', 'create', '-q', bundle, '--all')
  // as many refs as preact has (607 branches and tags), on the same history
  const many = join(work, 'many')
  execFileSync('git', ['clone', '-q', '--mirror', fixture, many])
  const lines: string[] = []
  const tip = git('rev-parse', 'feature/login')
  for (let i = 0; i < 400; i++) lines.push(`create refs/heads/dependabot/npm/pkg-${i} ${tip}`)
  for (let i = 0; i < 210; i++) lines.push(`create refs/tags/v2.${i}.0 ${tip}`)
  execFileSync('git', ['update-ref', '--stdin'], { cwd: many, input: lines.join('\n') + '\n' })
  manyBundle = join(work, 'many.bundle')
  execFileSync('git', ['bundle', 'create', '-q', manyBundle, '--all'], { cwd: many })
})
test.afterAll(() => {
  rmSync(fixture, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

async function importBundle (page: Page, path: string, name: string): Promise<string> {
  await page.goto(page.url().replace(/#.*$/, '#/import'))
  await page.locator('label', { hasText: 'Name' }).locator('input').fill(name)
  await page.getByTestId('bundle-input').setInputFiles(path)
  await expect(page.getByTestId('repo-title')).toHaveText(name, { timeout: 30_000 })
  return new URL(page.url()).hash.split('/')[2]
}

const counts = (branch: string): { behind: number, ahead: number } => {
  const [behind, ahead] = git('rev-list', '--left-right', '--count', `main...${branch}`).split(/\s+/).map(Number)
  return { behind, ahead }
}

test('the branches page lists every branch with its last commit and ahead/behind, and filters as you type', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  await importBundle(page, bundle, 'branchy')
  await page.getByTestId('branches-tab').click()
  const rows = page.getByTestId('ref-row')
  // the default first, then by last commit, as git sorts by committer date
  const byDate = git('for-each-ref', '--sort=-committerdate', '--format=%(refname:short)', 'refs/heads').split('\n').filter(n => n !== 'main')
  await expect(rows.getByTestId('ref-link')).toHaveText(['main', ...byDate])
  await expect(rows.first()).toContainText('default')
  await expect(rows.first()).toContainText('Say so in the README')
  for (const b of ['feature/login', 'stale', 'topic/rename', 'pages']) {
    const row = rows.filter({ has: page.getByText(b, { exact: true }) })
    const { behind, ahead } = counts(b)
    await expect(row.getByTestId('behind'), b).toHaveText(String(behind))
    await expect(row.getByTestId('ahead'), b).toHaveText(String(ahead))
  }
  const login = rows.filter({ has: page.getByText('feature/login', { exact: true }) })
  await expect(login).toContainText('Login says no')
  await expect(login.locator('code')).toHaveText(git('rev-parse', 'feature/login').slice(0, 8))

  await page.getByTestId('refs-filter').fill('top')
  await expect(rows.getByTestId('ref-link')).toHaveText(['topic/rename'])
  await page.getByTestId('refs-filter').fill('zzz')
  await expect(page.getByTestId('refs-none')).toBeVisible()
  await page.getByTestId('refs-filter').fill('')
  // a branch links to its tree and to compare
  await login.getByTestId('ref-compare').click()
  const lc = counts('feature/login')
  await expect(page.getByTestId('compare-status')).toContainText(`feature/login is ${lc.ahead} commit${lc.ahead === 1 ? '' : 's'} ahead of main and ${lc.behind} behind`)

  // tags, newest first
  await page.getByTestId('tags-tab').click()
  await expect(rows.getByTestId('ref-link')).toHaveText(git('for-each-ref', '--sort=-creatordate', '--format=%(refname:short)', 'refs/tags').split('\n'))
  await expect(rows.first()).toContainText('Version 1.0')
})

test('the picker filters 610 refs as you type, moves with the keyboard, and links to all branches', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  await importBundle(page, manyBundle, 'many')
  await page.getByTestId('ref-picker').click()
  const items = page.getByTestId('ref-popover').getByTestId('ref-item')
  // 50 drawn per section at most; the rest are a filter away
  await expect(items).toHaveCount(100)
  await expect(page.getByTestId('ref-popover')).toContainText('355 more: type to narrow')
  const t0 = Date.now()
  await page.getByTestId('ref-filter').pressSequentially('pkg-39')
  await expect(items).toHaveText(['pkg-39', 'pkg-390', 'pkg-391', 'pkg-392', 'pkg-393', 'pkg-394', 'pkg-395', 'pkg-396', 'pkg-397', 'pkg-398', 'pkg-399'].map(n => `dependabot/npm/${n}`))
  expect(Date.now() - t0).toBeLessThan(3000)
  // down twice, up once, enter: the second match
  await page.getByTestId('ref-filter').press('ArrowDown')
  await page.getByTestId('ref-filter').press('ArrowDown')
  await page.getByTestId('ref-filter').press('ArrowUp')
  await page.getByTestId('ref-filter').press('Enter')
  await expect(page).toHaveURL(/tree\/dependabot\/npm\/pkg-390$/)
  await expect(page.getByTestId('ref-picker')).toContainText('dependabot/npm/pkg-390')
  // tags filter too, and Escape closes
  await page.getByTestId('ref-picker').click()
  await page.getByTestId('ref-filter').fill('v2.10')
  await expect(items).toHaveText(['v2.109.0', 'v2.108.0', 'v2.107.0', 'v2.106.0', 'v2.105.0', 'v2.104.0', 'v2.103.0', 'v2.102.0', 'v2.101.0', 'v2.100.0', 'v2.10.0'])
  await page.getByTestId('ref-filter').press('Escape')
  await expect(page.getByTestId('ref-popover')).toHaveCount(0)
  await page.getByTestId('ref-picker').click()
  await page.getByTestId('view-all-branches').click()
  await expect(page.getByTestId('ref-row')).toHaveCount(100)
  await expect(page.getByRole('heading', { name: '405 branches' })).toBeVisible()
  await page.getByTestId('refs-more').click()
  await expect(page.getByTestId('ref-row')).toHaveCount(200)
  await page.getByTestId('refs-filter').fill('pkg-12')
  await expect(page.getByTestId('ref-row')).toHaveCount(11)
  await expect(page.getByTestId('ref-row').first().getByTestId('ahead')).toHaveText(String(counts('feature/login').ahead))
})

test('compare two branches: their commits and the diff since the merge base, and what identical and unrelated say', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  const rid = await importBundle(page, bundle, 'branchy-compare')
  await page.goto(`${relay.url}#/r/${rid}/compare/main...topic/rename`)
  const { behind, ahead } = counts('topic/rename')
  await expect(page.getByTestId('compare-status')).toContainText(`topic/rename is ${ahead} commit${ahead === 1 ? '' : 's'} ahead of main and ${behind} behind`)
  await expect(page.getByTestId('compare-commits').locator('li')).toHaveText(git('log', '--topo-order', '--format=%s', 'main..topic/rename').split('\n').map(s => new RegExp(s)))
  // git diff --name-status -M main...topic/rename: R util.ts → helpers.ts
  await expect(page.getByTestId('file-diff')).toHaveCount(1)
  await expect(page.locator('[data-testid="file-diff"][data-status="renamed"]')).toContainText('src/util.ts → src/helpers.ts')

  // pick another head in the picker: feature/login (a merge and more)
  await page.getByTestId('compare-head').click()
  await page.getByTestId('ref-filter').fill('feature')
  await page.getByTestId('ref-filter').press('Enter')
  await expect(page).toHaveURL(/compare\/main\.\.\.feature\/login$/)
  await expect(page.getByTestId('compare-commits').locator('li')).toHaveCount(Number(git('rev-list', '--count', 'main..feature/login')))
  const files = git('diff', '--name-only', 'main...feature/login').split('\n')
  await expect(page.getByTestId('file-diff')).toHaveCount(files.length)
  await expect(page.getByTestId('file-diff').first()).toContainText('login')

  // a short commit id as base
  await page.goto(`${relay.url}#/r/${rid}/compare/${git('rev-parse', '--short=7', 'stale')}...main`)
  await expect(page.getByTestId('compare-commits').locator('li')).toHaveCount(Number(git('rev-list', '--count', 'stale..main')))

  await page.goto(`${relay.url}#/r/${rid}/compare/main...v1.0`)
  await expect(page.getByTestId('compare-status')).toContainText('main and v1.0 are identical')
  await page.goto(`${relay.url}#/r/${rid}/compare/main...pages`)
  await expect(page.getByTestId('compare-status')).toContainText('no common ancestor')
  await expect(page.getByTestId('file-diff')).toHaveCount(0)
  await page.goto(`${relay.url}#/r/${rid}/compare/main...nope`)
  await expect(page.getByTestId('compare-status')).toContainText('nope names no branch, tag or commit')
})

test('at 390 px: the picker open, the branches page and compare have no page scroll', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  await page.setViewportSize({ width: 390, height: 844 })
  const rid = await importBundle(page, manyBundle, 'many-narrow')
  const scrollWidth = async (): Promise<number> => await page.evaluate(() => document.documentElement.scrollWidth)
  const noScroll = async (): Promise<void> => {
    expect(await scrollWidth()).toBeLessThanOrEqual(390)
  }
  await page.getByTestId('ref-picker').click()
  await expect(page.getByTestId('ref-item').first()).toBeVisible()
  const box = (await page.getByTestId('ref-popover').boundingBox())!
  expect(box.x).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width).toBeLessThanOrEqual(390)
  await page.getByTestId('ref-filter').fill('pkg-1')
  const before = await scrollWidth()
  expect(before).toBeLessThanOrEqual(390)
  await page.getByTestId('ref-filter').press('Escape')
  // the picker adds no width of its own to the page under it
  expect(await scrollWidth()).toBe(before)
  await page.goto(`${relay.url}#/r/${rid}/branches`)
  await expect(page.getByTestId('ahead-behind').first()).toBeVisible()
  await noScroll()
  await page.goto(`${relay.url}#/r/${rid}/compare/main...feature/login`)
  await expect(page.getByTestId('compare-commits')).toBeVisible()
  await noScroll()
  await page.getByTestId('compare-head').click()
  await expect(page.getByTestId('ref-item').first()).toBeVisible()
  await noScroll()
  const head = (await page.getByTestId('ref-popover').boundingBox())!
  expect(head.x).toBeGreaterThanOrEqual(0)
  expect(head.x + head.width).toBeLessThanOrEqual(390)
})
