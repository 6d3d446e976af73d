// Every page at a phone's width (390 × 844): nothing scrolls sideways but
// code blocks, the header's network status reads whole, and the Share
// popover stays on screen, closes as a popover should, and gives a clone
// command that the stock git client runs against the relay.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, expectConnected, test } from './fixtures.js'
import { startRelayProcess } from './relay-process.js'
import { git, makeFixtureRepo, refList } from '../test/fixtures/git-fixture.js'
import type { Page } from '@playwright/test'

const WIDTH = 390
const SHOTS = '/tmp/shots-mobile'
const LONG_FILE = 'a-file-name-far-too-long-for-a-phone-to-show-on-one-line-without-wrapping.md'
const LONG_BRANCH = 'topic/a-branch-name-long-enough-to-stretch-the-branch-picker'

let fixture: string
let work: string
let bundlePath: string
let longCommit: string

test.beforeAll(() => {
  fixture = makeFixtureRepo()
  // the shapes that stretch a narrow page: a long file name (tree, commit
  // page) and a long branch name (the branch picker, the branches page)
  mkdirSync(join(fixture, 'docs'), { recursive: true })
  writeFileSync(join(fixture, 'docs', LONG_FILE), 'Long names wrap.\n')
  writeFileSync(join(fixture, 'src', 'long-lines.ts'), `export const line = '${'a long line of code '.repeat(20)}'\n`)
  git(fixture, 'add', '-A')
  git(fixture, 'commit', '-q', '-m', 'Add a file whose name is longer than a phone is wide, to see that the subject and the name wrap')
  longCommit = git(fixture, 'rev-parse', 'HEAD').trim()
  git(fixture, 'branch', LONG_BRANCH)
  work = mkdtempSync(join(tmpdir(), 'guts-e2e-phone-'))
  bundlePath = join(work, 'fixture.bundle')
  git(fixture, 'bundle', 'create', '-q', bundlePath, '--all')
  mkdirSync(SHOTS, { recursive: true })
})
test.afterAll(() => {
  rmSync(fixture, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

/** Screenshots the page and checks it fits the phone and the status reads whole. */
async function fits (page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })
  const m = await page.evaluate(() => {
    const status = document.querySelector('[data-testid=net-status]')!
    const r = status.getBoundingClientRect()
    return {
      page: document.documentElement.scrollWidth,
      statusOverflow: status.scrollWidth - status.clientWidth,
      statusLeft: r.left,
      statusRight: r.right,
      statusText: status.textContent
    }
  })
  // soft: one run names every page that does not fit
  expect.soft(m.page, `${name}: the page is ${m.page} px wide`).toBeLessThanOrEqual(WIDTH)
  expect.soft(m.statusOverflow, `${name}: the status "${m.statusText}" is clipped`).toBeLessThanOrEqual(0)
  expect.soft(m.statusLeft, name).toBeGreaterThanOrEqual(0)
  expect.soft(m.statusRight, `${name}: the status ends at ${m.statusRight} px`).toBeLessThanOrEqual(WIDTH)
}

async function go (page: Page, hash: string): Promise<void> {
  await page.goto(page.url().replace(/#.*$/, hash))
}

async function importBundle (page: Page): Promise<string> {
  await go(page, '#/import')
  await page.locator('label', { hasText: 'Name' }).locator('input').fill('fixture')
  await page.getByTestId('bundle-input').setInputFiles(bundlePath)
  await expect(page.getByTestId('repo-title')).toHaveText('fixture', { timeout: 30_000 })
  return new URL(page.url()).hash.split('/')[2]
}

test('every page fits 390 px, and the header status reads whole', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  await page.setViewportSize({ width: WIDTH, height: 844 })
  await fits(page, 'home-empty')
  await go(page, '#/network')
  await expect(page.getByTestId('peer-id')).not.toBeEmpty()
  await fits(page, 'network')
  await go(page, '#/settings')
  await fits(page, 'settings')
  await go(page, '#/new')
  await fits(page, 'new')
  await go(page, '#/import')
  await fits(page, 'import')

  const rid = await importBundle(page)
  await expect(page.getByTestId('file-tree')).toContainText('big.txt')
  await fits(page, 'repo-home')
  await go(page, '#/')
  await expect(page.getByTestId('repo-list')).toContainText('fixture')
  await fits(page, 'home')
  await go(page, `#/r/${rid}/tree/main/docs`)
  await expect(page.getByTestId('file-tree')).toContainText(LONG_FILE)
  await fits(page, 'tree')
  await go(page, `#/r/${rid}/blob/main/src/main.ts`)
  await expect(page.getByTestId('file-content')).toContainText('answer')
  await fits(page, 'blob')
  // long lines scroll inside their block, not the page
  await go(page, `#/r/${rid}/blob/main/src/long-lines.ts`)
  await expect(page.getByTestId('file-content')).toContainText('a long line of code')
  expect(await page.locator('.code-scroll').evaluate(el => el.scrollWidth > el.clientWidth)).toBe(true)
  await fits(page, 'blob-long-lines')
  await go(page, `#/r/${rid}/commits/main`)
  await expect(page.getByTestId('commit-list').locator('li').first()).toBeVisible()
  await fits(page, 'commits')
  await go(page, `#/r/${rid}/commit/${longCommit}`)
  await expect(page.getByTestId('commit-title')).toContainText('longer than a phone')
  await expect(page.getByTestId('file-diff').filter({ hasText: LONG_FILE })).toBeVisible()
  await fits(page, 'commit')
  await go(page, `#/r/${rid}/branches`)
  await expect(page.getByTestId('branches-tab')).toHaveClass(/active/)
  await fits(page, 'branches')
  await go(page, `#/r/${rid}/tags`)
  await fits(page, 'tags')
  await go(page, `#/r/${rid}/search/main`)
  await fits(page, 'search')
  // the branch picker on the long branch
  await go(page, `#/r/${rid}/tree/${LONG_BRANCH}`)
  await expect(page.getByTestId('ref-picker')).toHaveAttribute('title', LONG_BRANCH)
  await fits(page, 'tree-long-branch')

  // a repository nobody has: the page that waits for peers
  const unknown = rid.slice(0, 10) + (rid[10] === 'a' ? 'b' : 'a') + rid.slice(11)
  await go(page, `#/r/${unknown}`)
  await expect(page.getByTestId('clone-progress')).toBeVisible()
  await fits(page, 'clone-waiting')

  // dark, for the eye: code and a diff
  await page.emulateMedia({ colorScheme: 'dark' })
  await go(page, `#/r/${rid}/blob/main/src/main.ts`)
  await expect(page.getByTestId('file-content')).toContainText('answer')
  await fits(page, 'blob-dark')
  await go(page, `#/r/${rid}/commit/${longCommit}`)
  await expect(page.getByTestId('file-diff').filter({ hasText: LONG_FILE })).toBeVisible()
  await fits(page, 'commit-dark')
})

test('the Share popover stays on screen, closes on Escape, outside and on navigation, and gives a clone command git runs', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  await page.setViewportSize({ width: WIDTH, height: 844 })
  const rid = await importBundle(page)
  const share = page.getByTestId('share')
  const box = page.getByTestId('share-box')

  await share.click()
  await expect(box).toBeVisible()
  // focus moves into it
  expect(await box.evaluate(el => el.contains(document.activeElement))).toBe(true)
  const r = (await box.boundingBox())!
  expect(r.x).toBeGreaterThanOrEqual(0)
  expect(r.x + r.width).toBeLessThanOrEqual(WIDTH)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH)

  // the relay that served the app seeds it: its clone command, which git runs
  const clone = page.getByTestId('share-clone')
  await expect(clone).toHaveText(`git clone ${relay.url}git/${rid}`, { timeout: 30_000 })
  await page.screenshot({ path: join(SHOTS, 'share.png') })
  const dest = join(work, 'cloned')
  const [cmd, sub, url] = (await clone.textContent())!.split(' ')
  expect([cmd, sub]).toEqual(['git', 'clone'])
  execFileSync('git', ['clone', '-q', url, dest])
  expect(refList(join(dest, '.git')).filter(l => l.startsWith('refs/tags/'))).toEqual(refList(join(fixture, '.git')).filter(l => l.startsWith('refs/tags/')))
  expect(git(dest, 'rev-parse', 'HEAD').trim()).toBe(longCommit)

  // Escape closes it and gives focus back to the button
  await page.keyboard.press('Escape')
  await expect(box).toBeHidden()
  expect(await share.evaluate(el => el === document.activeElement)).toBe(true)

  // a click outside closes it; one inside does not
  await share.click()
  await expect(box).toBeVisible()
  await box.locator('.muted').first().click()
  await expect(box).toBeVisible()
  const before = page.url()
  await page.locator('.repo-header').click({ position: { x: 4, y: 4 } })
  await expect(box).toBeHidden()
  expect(page.url()).toBe(before)

  // so does going to another page of the same repository without a click
  // (the back button, the file finder's keys)
  await share.click()
  await expect(box).toBeVisible()
  await page.evaluate((r) => { location.hash = `#/r/${r}/commits/main` }, rid)
  await expect(page.getByTestId('commit-list')).toBeVisible()
  await expect(box).toBeHidden()
  await expectConnected(page)
})

test('with a relay that seeds nothing the Share popover says so; offline, the header status stays whole with its reason', async ({ openTab }) => {
  // a relay of its own: it seeds nothing, and it is stopped
  const bare = await startRelayProcess({ args: ['--seed', 'none'] })
  try {
    const { page } = await openTab(bare.url, '#/')
    await page.setViewportSize({ width: WIDTH, height: 844 })
    await importBundle(page)
    await page.getByTestId('share').click()
    await expect(page.getByTestId('share-no-seed')).toBeVisible({ timeout: 20_000 })
    await expect(page.getByTestId('share-clone')).toHaveCount(0)
    await page.keyboard.press('Escape')

    await bare.stop()
    await expect(page.getByTestId('net-status')).toContainText('Offline', { timeout: 20_000 })
    await expect(page.getByTestId('net-reason')).toBeVisible()
    await go(page, '#/')
    await fits(page, 'home-offline')
  } finally {
    await bare.stop()
  }
})
