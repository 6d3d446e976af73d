// Relays as seeds, federation, the git CLI, restart safety and the peer
// book, with real relay processes.
import { execFileSync, spawnSync } from 'node:child_process'
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, expectConnected, openTab, test } from './fixtures.js'
import { startRelayProcess } from './relay-process.js'
import { allObjects, git, makeFixtureRepo, refList } from '../test/fixtures/git-fixture.js'
import type { RelayProcess } from './relay-process.js'
import type { Page } from '@playwright/test'

const relays: RelayProcess[] = []
const work = mkdtempSync(join(tmpdir(), 'guts-e2e-relays-'))
test.afterEach(async () => { await Promise.all(relays.splice(0).map(async r => r.stop())) })
test.afterAll(() => rmSync(work, { recursive: true, force: true }))

async function relay (args: string[] = []): Promise<RelayProcess> {
  const r = await startRelayProcess({ args })
  relays.push(r)
  return r
}

/** true once the relay serves `rid` over git smart HTTP, i.e. it seeds it */
async function seeds (r: RelayProcess, rid: string): Promise<boolean> {
  const res = await fetch(`${r.url}git/${rid}/info/refs?service=git-upload-pack`).catch(() => undefined)
  return res?.status === 200
}

async function createRepo (page: Page, name: string): Promise<string> {
  await page.goto(page.url().replace(/#.*$/, '#/new'))
  await page.getByTestId('repo-name').fill(name)
  await page.getByTestId('create-repo').click()
  await expect(page.getByTestId('repo-title')).toHaveText(name)
  return new URL(page.url()).hash.split('/')[2]
}

const refsOfTab = async (page: Page, rid: string): Promise<Record<string, string>> =>
  await page.evaluate(async (r) => (window as any).guts.refsOf(r), rid) as Record<string, string>

const refsOf = async (page: Page, rid: string): Promise<string[]> =>
  Object.entries(await page.evaluate(async (r) => (window as any).guts.refsOf(r), rid) as Record<string, string>).map(([n, o]) => `${n} ${o}`).sort()

test('a relay seeds a tab\'s repository: the link works with the author gone, and git clones it', async ({ browser }) => {
  const r = await relay()
  const a = await openTab(browser, r.url, '#/')
  const rid = await createRepo(a.page, 'seeded')
  await expect.poll(async () => seeds(r, rid), { timeout: 15_000 }).toBe(true)
  const aRefs = await refsOf(a.page, rid)
  await a.context.close()

  // a fresh profile opens the link: the relay serves it
  const c = await openTab(browser, r.url, '#/')
  await c.page.goto(`${r.url}#/r/${rid}`)
  await expect(c.page.getByTestId('repo-title')).toHaveText('seeded', { timeout: 30_000 })
  const transfers = await c.page.evaluate(() => (window as any).guts.transfers())
  expect(transfers[0].peer).toBe(await r.peerId())
  expect(transfers[0].limited).toBe(false)
  // the repository page says who has it: the relay, up to date
  await expect(c.page.getByTestId('seed-status').locator(`li[data-peer="${await r.peerId()}"]`)).toHaveAttribute('data-state', 'up to date', { timeout: 20_000 })

  // the stock git client clones it from the relay
  const clone = join(work, 'seeded.git')
  execFileSync('git', ['clone', '-q', '--mirror', `${r.url}git/${rid}`, clone])
  git(clone, '--git-dir', clone, 'fsck', '--full')
  expect(refList(clone)).toEqual(aRefs)
  // and a push is refused, saying why
  const push = spawnSync('git', ['--git-dir', clone, 'push', `${r.url}git/${rid}`, 'refs/heads/main:refs/heads/x'], { encoding: 'utf8' })
  expect(push.status).not.toBe(0)
  expect(push.stderr).toContain('read-only')
  await c.context.close()
})

test('federated relays: a tab on relay Y gets a repository seeded only on relay X', async ({ browser }) => {
  const x = await relay()
  const y = await relay(['--seed', 'none', '--bootstrap', await x.tcpAddr()])
  const a = await openTab(browser, x.url, '#/')
  const rid = await createRepo(a.page, 'federated')
  await expect.poll(async () => seeds(x, rid), { timeout: 15_000 }).toBe(true)
  await a.context.close()

  const c = await openTab(browser, y.url, '#/')
  await c.page.goto(`${y.url}#/r/${rid}`)
  await expect(c.page.getByTestId('repo-title')).toHaveText('federated', { timeout: 45_000 })
  const transfers = await c.page.evaluate(() => (window as any).guts.transfers())
  expect(transfers[0].peer).toBe(await x.peerId())
  expect(await seeds(y, rid)).toBe(false)
  await c.context.close()
})

test('a relay killed with SIGKILL while writing comes back with every repository valid', async ({ browser }) => {
  const fixture = makeFixtureRepo()
  const bundle = join(work, 'kill.bundle')
  git(fixture, 'bundle', 'create', '-q', bundle, '--all')
  const r = await relay()
  const a = await openTab(browser, r.url, '#/')
  await createRepo(a.page, 'before-the-crash')
  // import a larger repository and kill the relay while it is storing it
  await a.page.goto(`${r.url}#/import`)
  await a.page.getByTestId('bundle-input').setInputFiles(bundle)
  await expect(a.page.getByTestId('repo-title')).toBeVisible({ timeout: 30_000 })
  const rid = new URL(a.page.url()).hash.split('/')[2]
  const packDir = join(r.dataDir, 'repos', `${rid}.git`, 'objects', 'pack')
  await expect.poll(() => existsSync(packDir) && readdirSync(packDir).some(f => f.endsWith('.pack')), { timeout: 15_000, intervals: [5] }).toBe(true)
  await r.kill()

  await r.restart()
  const repos = readdirSync(join(r.dataDir, 'index')).filter(f => f.endsWith('.json')).map(f => f.slice(0, -5))
  expect(repos.length).toBeGreaterThan(0)
  for (const held of repos) {
    const gitdir = join(r.dataDir, 'repos', `${held}.git`)
    git(gitdir, '--git-dir', gitdir, 'fsck', '--full')
    expect(await seeds(r, held)).toBe(true)
  }
  // the tab reconnects, and the relay ends up with the interrupted repository
  await expectConnected(a.page, 15_000)
  await expect.poll(async () => seeds(r, rid), { timeout: 30_000 }).toBe(true)
  const gitdir = join(r.dataDir, 'repos', `${rid}.git`)
  await expect.poll(() => refList(gitdir).join('\n'), { timeout: 15_000 }).toBe(refList(join(fixture, '.git')).join('\n'))
  git(gitdir, '--git-dir', gitdir, 'fsck', '--full')
  rmSync(fixture, { recursive: true, force: true })
  await a.context.close()
})

test('when its first relay is down, a tab reaches the network through another relay it knows', async ({ browser }) => {
  const x = await relay()
  const y = await relay()
  const a = await openTab(browser, x.url, '#/settings')
  // meet relay Y once (through settings), then forget the setting: Y stays in the peer book
  await a.page.locator('input[placeholder^="/dns4/"]').fill(await y.wsAddr())
  await a.page.getByRole('button', { name: 'Add relay' }).click()
  await expect(a.page.getByTestId('net-status')).toContainText('Connected to 2 relays', { timeout: 15_000 })
  await a.page.getByTestId('settings-relays').getByRole('button', { name: 'Remove' }).click()
  await a.page.evaluate(async () => navigator.serviceWorker.ready)
  await expect.poll(async () => a.page.evaluate(() => navigator.serviceWorker.controller != null)).toBe(true)

  await x.stop()
  await a.page.reload()
  await expect(a.page.getByTestId('net-status')).toContainText('Connected to 1 relay', { timeout: 20_000 })
  const connected = await a.page.evaluate(() => (window as any).guts.snapshot().connections.map((c: any) => c.peerId))
  expect(connected).toContain(await y.peerId())
  await a.context.close()
})

test('a repository imported on the relay clones the same with git and in a tab', async ({ browser }) => {
  const fixture = makeFixtureRepo()
  const r = await relay()
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'relay/main.ts', 'import', fixture, '--data', r.dataDir, '--port', String(r.port)], { encoding: 'utf8' })
  const rid = /RID\s+(\S+)/.exec(out)![1]
  expect(out).toContain(`${r.url}#/r/${rid}`)
  // the running relay notices and serves it
  await expect.poll(async () => seeds(r, rid), { timeout: 15_000 }).toBe(true)
  const viaGit = join(work, 'imported.git')
  execFileSync('git', ['clone', '-q', '--mirror', `${r.url}git/${rid}`, viaGit])

  const c = await openTab(browser, r.url, '#/')
  await c.page.goto(`${r.url}#/r/${rid}`)
  await expect(c.page.getByTestId('repo-title')).toHaveText(/^guts-fixture-/, { timeout: 30_000 })
  const [download] = await Promise.all([c.page.waitForEvent('download'), c.page.getByTestId('export-bundle').click()])
  await download.saveAs(join(work, 'tab.bundle'))
  const viaTab = join(work, 'tab.git')
  execFileSync('git', ['clone', '-q', '--mirror', join(work, 'tab.bundle'), viaTab])
  expect(allObjects(viaTab)).toEqual(allObjects(viaGit))
  expect(allObjects(viaGit)).toEqual(allObjects(join(fixture, '.git')))

  // a new commit editing one line of the 1 MB file, imported again, reaches
  // git fetch, and the tab as a thin pack (a delta against the blob it
  // holds), which the tab completes before storing
  execFileSync('git', ['-C', fixture, 'checkout', '-q', 'main'])
  appendFileSync(join(fixture, 'big.txt'), 'one more line\n')
  execFileSync('git', ['-C', fixture, '-c', 'user.name=a', '-c', 'user.email=a@example.org', 'commit', '-q', '-am', 'one more'])
  const tip = execFileSync('git', ['-C', fixture, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim()
  execFileSync(process.execPath, ['--import', 'tsx', 'relay/main.ts', 'import', fixture, '--data', r.dataDir, '--port', String(r.port)])
  await expect.poll(() => {
    execFileSync('git', ['--git-dir', viaGit, 'fetch', '-q', 'origin'])
    return git(viaGit, '--git-dir', viaGit, 'log', '-1', '--format=%s', 'main').trim()
  }, { timeout: 15_000 }).toBe('one more')
  await expect.poll(async () => Object.values(await refsOfTab(c.page, rid)).includes(tip), { timeout: 30_000 }).toBe(true)
  const update = (await c.page.evaluate(() => (window as any).guts.transfers()) as Array<{ rid: string, bytes: number }>).filter(t => t.rid === rid).at(-1)!
  console.log(`the update came as a ${update.bytes} B pack`)
  expect(update.bytes).toBeLessThan(16 * 1024)
  const [again] = await Promise.all([c.page.waitForEvent('download'), c.page.getByTestId('export-bundle').click()])
  await again.saveAs(join(work, 'tab-2.bundle'))
  const viaTab2 = join(work, 'tab-2.git')
  execFileSync('git', ['clone', '-q', '--mirror', join(work, 'tab-2.bundle'), viaTab2])
  execFileSync('git', ['--git-dir', viaTab2, 'fsck', '--full', '--strict'])
  expect(allObjects(viaTab2)).toEqual(allObjects(viaGit))
  rmSync(fixture, { recursive: true, force: true })
  await c.context.close()
})
