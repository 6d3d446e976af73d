// Sync between two tabs in separate profiles: B opens A's link and gets the
// repository over a direct WebRTC connection, then sees A's commits live.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
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
    await expect(a.page.getByTestId('file-content')).toContainText('edited live')
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
