// Sync between two tabs in separate profiles: B opens A's link and gets the
// repository over a direct WebRTC connection, then sees A's commits live.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, openTab, test } from './fixtures.js'
import { startRelayProcess } from './relay-process.js'
import { git, refList } from '../test/fixtures/git-fixture.js'

test('B opens A\'s link, gets the repository over WebRTC, and sees A\'s commit within 2 s', async ({ browser }) => {
  test.setTimeout(120_000)
  // a relay that does not seed: the repository can only come from tab A
  const relay = await startRelayProcess({ args: ['--seed', 'none'] })
  try {
    await run(relay.url)
  } finally {
    await relay.stop()
  }

  async function run (relayUrl: string): Promise<void> {
    const a = await openTab(browser, relayUrl, '#/new')
    await a.page.getByTestId('repo-name').fill('shared')
    await a.page.getByTestId('repo-description').fill('from tab A')
    await a.page.getByTestId('create-repo').click()
    await expect(a.page.getByTestId('repo-title')).toHaveText('shared')
    await a.page.getByTestId('share').click()
    const url = (await a.page.getByTestId('share-url').textContent())!.trim()
    expect(url).toMatch(/#\/r\/bafkrei[a-z2-7]+$/)
    const rid = url.split('/').pop()!
    // A must have a relay reservation (a WebRTC address) for B to reach it
    await expect.poll(async () => a.page.evaluate(() => (window as any).guts.snapshot().shareAddrs.length)).toBeGreaterThan(0)

    // B is a fresh profile opening the link directly, before it has joined the network
    const bContext = await browser.newContext()
    const b = { context: bContext, page: await bContext.newPage() }
    const aId = await a.peerId()
    await b.page.goto(url)
    await expect(b.page.getByTestId('repo-title')).toHaveText('shared', { timeout: 30_000 })
    await expect(b.page.getByTestId('readme')).toContainText('from tab A')
    // it came over a direct WebRTC connection, never a relayed one
    const transfers = await b.page.evaluate(() => (window as any).guts.transfers())
    expect(transfers.length).toBeGreaterThan(0)
    expect(transfers.every((t: any) => t.peer === aId && t.limited === false && t.multiplexer === '/webrtc')).toBe(true)

    // B browses it
    await b.page.getByTestId('commits-tab').click()
    await expect(b.page.getByTestId('commit-list').locator('li')).toHaveCount(1)

    // A commits; B shows it within 2 s, without reloading
    await a.page.locator('a', { hasText: 'README.md' }).click()
    await a.page.getByTestId('edit-file').click()
    await a.page.getByTestId('edit-content').fill('# shared\n\nedited live\n')
    await a.page.getByTestId('commit-message').fill('Live edit from A')
    await a.page.getByTestId('commit-button').click()
    await expect(a.page.getByTestId('readme')).toContainText('edited live')
    const committedAt = Date.now()
    await expect(b.page.getByTestId('commit-list')).toContainText('Live edit from A', { timeout: 2000 })
    console.log(`A's commit shown in B after ${Date.now() - committedAt} ms`)

    // B exports a bundle: git finds it clean, with A's refs
    const work = mkdtempSync(join(tmpdir(), 'guts-e2e-sync-'))
    try {
      await b.page.getByTestId('repo-title').click()
      const [download] = await Promise.all([b.page.waitForEvent('download'), b.page.getByTestId('export-bundle').click()])
      await download.saveAs(join(work, 'b.bundle'))
      execFileSync('git', ['clone', '-q', '--mirror', join(work, 'b.bundle'), join(work, 'b.git')])
      git(work, '--git-dir', join(work, 'b.git'), 'fsck', '--full', '--strict')
      const aRefs = await a.page.evaluate(async (r) => {
        const snap = (window as any).guts
        return snap.refsOf(r)
      }, rid)
      expect(refList(join(work, 'b.git'))).toEqual(Object.entries(aRefs as Record<string, string>).map(([n, o]) => `${n} ${o}`).sort())
    } finally {
      rmSync(work, { recursive: true, force: true })
    }
  }
})

test('a repository of several MB travels tab to tab whole, its pack checked by two workers', async ({ browser }) => {
  test.setTimeout(180_000)
  const work = mkdtempSync(join(tmpdir(), 'guts-e2e-big-'))
  const relay = await startRelayProcess({ args: ['--seed', 'none'] })
  try {
    // ~6 MB of pack in ~370 objects: past the size at which a tab indexes a
    // pack in two lanes (src/repo/pack/lanes.ts), with deltas across commits
    const repo = join(work, 'big')
    git(work, 'init', '-q', '-b', 'main', repo)
    // base64 of random bytes hardly compresses; each commit edits a few
    // lines of every file, so later versions travel as deltas
    const files = Array.from({ length: 120 }, () => Array.from({ length: 860 }, () => randomBytes(57).toString('base64')))
    for (let c = 0; c < 3; c++) {
      for (const [f, lines] of files.entries()) {
        for (let k = 0; k < 5; k++) lines[(c * 97 + k * 13 + f) % lines.length] = randomBytes(57).toString('base64')
        writeFileSync(join(repo, `file-${f}.txt`), lines.join('\n') + '\n')
      }
      git(repo, 'add', '-A')
      git(repo, '-c', 'user.name=T', '-c', 'user.email=t@example.org', 'commit', '-q', '-m', `commit ${c}`)
    }
    const bundle = join(work, 'big.bundle')
    git(repo, 'bundle', 'create', '-q', bundle, '--all')
    expect(statSync(bundle).size).toBeGreaterThan(5 * 1024 * 1024)

    const a = await openTab(browser, relay.url, '#/import')
    await a.page.getByTestId('bundle-input').setInputFiles(bundle)
    await expect(a.page.getByTestId('repo-title')).toBeVisible({ timeout: 60_000 })
    const rid = new URL(a.page.url()).hash.split('/')[2]
    await expect.poll(async () => a.page.evaluate(() => (window as any).guts.snapshot().shareAddrs.length)).toBeGreaterThan(0)

    const bContext = await browser.newContext()
    const b = await bContext.newPage()
    await b.goto(`${relay.url}#/r/${rid}`)
    await expect(b.getByTestId('repo-title')).toBeVisible({ timeout: 60_000 })
    const transfers = await b.evaluate(() => (window as any).guts.transfers())
    expect(transfers[0].limited).toBe(false)
    expect(transfers[0].bytes).toBeGreaterThan(5 * 1024 * 1024)
    // navigator.hardwareConcurrency decides: two cores, collected then two lanes; more, indexed while arriving
    const cores = await b.evaluate(() => navigator.hardwareConcurrency)
    expect(transfers[0].indexedBy).toBe(cores > 2 ? 'in a worker' : 'in two workers')
    expect(transfers[0].inflatedWith).toBe('libdeflate')
    console.log(`${(transfers[0].bytes / 1e6).toFixed(1)} MB pack, ${transfers[0].objects} objects, checked ${transfers[0].indexedBy}`)

    const [download] = await Promise.all([b.waitForEvent('download'), b.getByTestId('export-bundle').click()])
    await download.saveAs(join(work, 'b.bundle'))
    execFileSync('git', ['clone', '-q', '--mirror', join(work, 'b.bundle'), join(work, 'b.git')])
    git(work, '--git-dir', join(work, 'b.git'), 'fsck', '--full', '--strict')
    expect(refList(join(work, 'b.git'))).toEqual(refList(join(repo, '.git')))
    await bContext.close()
    await a.context.close()
  } finally {
    await relay.stop()
    rmSync(work, { recursive: true, force: true })
  }
})
