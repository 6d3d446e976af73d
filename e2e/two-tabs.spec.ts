// Two tabs of one profile (one browser context: one IndexedDB, one key that
// signs): writes are serialised across them, so two commits at the same
// moment both survive with distinct, increasing sequence numbers; each tab
// is its own peer on the network; and the relay seeds what one of them
// imports while the other is open.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, expectConnected, test } from './fixtures.js'
import { git, makeFixtureRepo } from '../test/fixtures/git-fixture.js'
import type { Page } from '@playwright/test'

let work: string
test.beforeAll(() => { work = mkdtempSync(join(tmpdir(), 'guts-e2e-two-tabs-')) })
test.afterAll(() => rmSync(work, { recursive: true, force: true }))

const hook = async <T>(page: Page, fn: string, ...args: unknown[]): Promise<T> =>
  page.evaluate(async ([f, a]) => (window as any).guts[f as string](...(a as unknown[])), [fn, args] as const)

async function seeds (url: string, rid: string): Promise<boolean> {
  const res = await fetch(`${url}git/${rid}/info/refs?service=git-upload-pack`).catch(() => undefined)
  return res?.status === 200
}

test('two tabs of one profile commit at the same moment: both commits survive, in order, and the relay seeds the result', async ({ browser, relay }) => {
  const context = await browser.newContext()
  try {
    const one = await context.newPage()
    const two = await context.newPage()
    for (const p of [one, two]) {
      await p.goto(relay.url + '#/')
      await expectConnected(p)
    }
    // two peers on the network, one profile
    expect(await hook(one, 'peerId')).not.toBe(await hook(two, 'peerId'))

    await one.goto(relay.url + '#/new')
    await one.getByTestId('repo-name').fill('shared')
    await one.getByTestId('create-repo').click()
    await expect(one.getByTestId('repo-title')).toHaveText('shared')
    const rid = new URL(one.url()).hash.split('/')[2]
    await expect.poll(async () => hook<number>(two, 'seqOf', rid).catch(() => 0)).toBe(1)

    // at the same moment, each tab commits a file of its own
    await Promise.all([
      hook(one, 'commitFile', rid, 'one.txt', 'from tab one\n', 'one'),
      hook(two, 'commitFile', rid, 'two.txt', 'from tab two\n', 'two')
    ])
    expect(await hook(one, 'seqOf', rid)).toBe(3)
    expect(await hook(two, 'seqOf', rid)).toBe(3)

    // the relay has both, one after the other, and git agrees
    await expect.poll(async () => seeds(relay.url, rid), { timeout: 20_000 }).toBe(true)
    const clone = join(work, 'shared')
    await expect.poll(() => {
      rmSync(clone, { recursive: true, force: true })
      execFileSync('git', ['clone', '-q', `${relay.url}git/${rid}`, clone])
      return git(clone, 'ls-files').trim().split('\n').sort()
    }, { timeout: 20_000 }).toEqual(['README.md', 'one.txt', 'two.txt'])
    expect(git(clone, 'log', '--format=%s').trim().split('\n')).toHaveLength(3)
    git(clone, 'fsck', '--full', '--strict')
  } finally {
    await context.close()
  }
})

test('the relay seeds a repository one tab imports while a second tab of the profile is open', async ({ browser, relay }) => {
  const fixture = makeFixtureRepo()
  const bundle = join(work, 'fixture.bundle')
  git(fixture, 'bundle', 'create', '-q', bundle, '--all')
  const context = await browser.newContext()
  try {
    const one = await context.newPage()
    const two = await context.newPage()
    for (const p of [one, two]) {
      await p.goto(relay.url + '#/')
      await expectConnected(p)
    }
    await one.goto(relay.url + '#/import')
    await one.locator('label', { hasText: 'Name' }).locator('input').fill('imported')
    await one.getByTestId('bundle-input').setInputFiles(bundle)
    await expect(one.getByTestId('repo-title')).toHaveText('imported', { timeout: 30_000 })
    const rid = new URL(one.url()).hash.split('/')[2]
    const t0 = Date.now()
    await expect.poll(async () => seeds(relay.url, rid), { timeout: 15_000 }).toBe(true)
    console.log(`seeded ${Date.now() - t0} ms after the import, with a second tab open`)
  } finally {
    await context.close()
    rmSync(fixture, { recursive: true, force: true })
  }
})
