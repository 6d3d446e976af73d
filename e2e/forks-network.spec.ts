// Forks over the network, end to end (issue 14): four fresh profiles and a
// real relay process. B forks A's repository and commits in its fork; C,
// a fresh profile, sees B's fork and commit; the relay seeds the fork so
// stock git fetches it as a namespace and verifies B's SSH signature with
// the relay's allowed-signers file; A makes B a delegate, B commits to the
// canonical branch, and a fourth profile D sees that commit on the
// repository's main page.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures.js'
import type { Page } from '@playwright/test'
import type { Tab } from './fixtures.js'

let work: string
test.beforeAll(() => { work = mkdtempSync(join(tmpdir(), 'guts-e2e-forks-net-')) })
test.afterAll(() => rmSync(work, { recursive: true, force: true }))

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

const hook = async <T>(page: Page, fn: string, ...args: unknown[]): Promise<T> =>
  page.evaluate(async ([f, a]) => (window as any).guts[f as string](...(a as unknown[])), [fn, args] as const)

/** commits one new file through the editor on the page's current tree view */
async function addFile (page: Page, path: string, text: string, message: string): Promise<void> {
  await page.getByTestId('add-file').click()
  await page.getByTestId('edit-path').fill(path)
  await page.getByTestId('edit-content').fill(text)
  await page.getByTestId('commit-message').fill(message)
  await page.getByTestId('commit-button').click()
  await expect(page).toHaveURL(new RegExp(`/blob/main/${path.replace('.', '\\.')}$`))
}

/** the commit that last touched the shown folder, from its link */
async function lastCommitOid (page: Page, subject: string): Promise<string> {
  const line = page.getByTestId('folder-last-commit')
  await expect(line).toContainText(subject)
  const href = await line.locator('a').first().getAttribute('href')
  const oid = href?.match(/[0-9a-f]{40}/)?.[0]
  expect(oid, `a commit id in ${href}`).toBeDefined()
  return oid!
}

/** who a tab received packs from (the relay or a tab), for the log */
async function sources (tab: Tab, relayPeer: string, rid: string): Promise<string> {
  const t = await hook<Array<{ rid: string, peer: string, bytes: number }>>(tab.page, 'transfers')
  return t.filter(x => x.rid === rid).map(x => `${x.peer === relayPeer ? 'relay' : x.peer.slice(-6)} ${x.bytes} B`).join(', ') || 'no packs'
}

test('B forks over the network: C sees the fork, git fetches and verifies it from the relay, and as a delegate B moves main for D', async ({ relay, openTab }) => {
  test.setTimeout(120_000)
  const relayPeer = await relay.peerId()
  const a = await openTab(relay.url, '#/')
  await a.page.goto(`${relay.url}#/new`)
  await a.page.getByTestId('repo-name').fill('forknet')
  await a.page.getByTestId('create-repo').click()
  await expect(a.page.getByTestId('repo-title')).toHaveText('forknet')
  const rid = new URL(a.page.url()).hash.split('/')[2]

  // 2. B forks and commits in its fork through the UI
  const b = await openTab(relay.url, '#/')
  const bId = await b.peerId()
  await b.page.goto(`${relay.url}#/r/${rid}`)
  await expect(b.page.getByTestId('repo-title')).toHaveText('forknet', { timeout: 30_000 })
  await b.page.getByTestId('fork').click()
  await expect(b.page).toHaveURL(new RegExp(`#/r/${rid}/remotes/${bId}/tree/main$`))
  await addFile(b.page, 'fork.txt', 'from the fork\n', 'A file in my fork')
  await b.page.goto(`${relay.url}#/r/${rid}/remotes/${bId}/tree/main`)
  const forkCommit = await lastCommitOid(b.page, 'A file in my fork')

  // 3. C, a fresh profile, sees B in the Forks view and B's commit in B's namespace
  const c = await openTab(relay.url, '#/')
  await c.page.goto(`${relay.url}#/r/${rid}/remotes`)
  await expect(c.page.getByTestId('repo-title')).toHaveText('forknet', { timeout: 30_000 })
  // C's first fetch already holds B's namespace: on our runs its one pack
  // came from the relay (transfers() in the log line below), which took B's
  // document from B's news (announcement or gossip); C could also have met B directly.
  const t0 = Date.now()
  await expect(c.page.locator(`[data-testid=writer][data-peer="${bId}"]`)).toBeVisible({ timeout: 60_000 })
  console.log(`C saw B's fork ${Date.now() - t0} ms after opening the Forks view`)
  await expect(c.page.locator(`[data-testid=writer][data-peer="${bId}"]`).getByTestId('ahead-behind')).toHaveText('1 ahead, 0 behind main')
  await c.page.goto(`${relay.url}#/r/${rid}/remotes/${bId}/tree/main`)
  await expect(c.page.getByTestId('file-tree')).toContainText('fork.txt', { timeout: 30_000 })
  expect(await lastCommitOid(c.page, 'A file in my fork')).toBe(forkCommit)
  console.log(`C got B's fork from: ${await sources(c, relayPeer, rid)}`)

  // 4. the relay seeds the fork: stock git fetches it as a namespace and verifies B's signature
  const clone = join(work, 'clone')
  execFileSync('git', ['clone', '-q', `${relay.url}git/${rid}`, clone])
  await expect.poll(() => {
    git(clone, 'fetch', '-q', 'origin', '+refs/namespaces/*:refs/guts/*')
    return git(clone, 'for-each-ref', '--format=%(objectname)', `refs/guts/${bId}/refs/heads/main`).trim()
  }, { timeout: 30_000 }).toBe(forkCommit)
  expect(git(clone, 'show', '-s', '--format=%s', forkCommit).trim()).toBe('A file in my fork')
  const signers = join(work, 'allowed_signers')
  const res = await fetch(`${relay.url}git/${rid}/allowed_signers`)
  expect(res.status).toBe(200)
  writeFileSync(signers, await res.text())
  // verify-commit prints its verdict on stderr
  const verify = spawnSync('git', ['-c', `gpg.ssh.allowedSignersFile=${signers}`, 'verify-commit', forkCommit], { cwd: clone, encoding: 'utf8' })
  const verdict = verify.stdout + verify.stderr
  expect(verify.status, verdict).toBe(0)
  expect(verdict).toContain('Good "git" signature')
  expect(verdict).toContain(bId)

  // 5. A makes B a delegate (threshold stays 1), B commits on the canonical branch, D sees it
  await a.page.goto(`${relay.url}#/r/${rid}/remotes`)
  const form = a.page.getByTestId('add-delegate')
  await form.locator('input[name=peer]').fill(bId)
  await form.getByRole('button', { name: 'Add delegate' }).click()
  await expect(a.page.locator(`[data-testid=delegate][data-peer="${bId}"]`)).toBeVisible()
  await expect(a.page.getByTestId('threshold')).toHaveText('1 of 2')

  // B learns of identity version 1 (A's refs, signed again one sequence up
  // with the change, are news) and may edit the repository itself
  await b.page.goto(`${relay.url}#/r/${rid}`)
  await expect(b.page.getByTestId('add-file')).toBeVisible({ timeout: 30_000 })
  await expect(b.page.getByText('you are a delegate')).toBeVisible()
  // B's main already holds its fork's commit; as a delegate's, it is canonical now
  await addFile(b.page, 'delegate.txt', 'from a delegate\n', 'A file as a delegate')
  await expect(b.page).toHaveURL(new RegExp(`#/r/${rid}/blob/main/delegate\\.txt$`))

  const d = await openTab(relay.url, '#/')
  await d.page.goto(`${relay.url}#/r/${rid}`)
  await expect(d.page.getByTestId('file-tree')).toContainText('delegate.txt', { timeout: 60_000 })
  await expect(d.page.getByTestId('folder-last-commit')).toContainText('A file as a delegate')
  await expect(d.page.getByTestId('file-tree')).toContainText('fork.txt')
  console.log(`D got main from: ${await sources(d, relayPeer, rid)}`)
  // and stock git's main is B's commit, signed by a writer the relay lists
  const delegateCommit = await lastCommitOid(d.page, 'A file as a delegate')
  await expect.poll(() => {
    git(clone, 'fetch', '-q', 'origin')
    return git(clone, 'rev-parse', 'origin/main').trim()
  }, { timeout: 30_000 }).toBe(delegateCommit)
  writeFileSync(signers, await (await fetch(`${relay.url}git/${rid}/allowed_signers`)).text())
  const again = spawnSync('git', ['-c', `gpg.ssh.allowedSignersFile=${signers}`, 'verify-commit', delegateCommit], { cwd: clone, encoding: 'utf8' })
  expect(again.status, again.stderr).toBe(0)
  expect(again.stderr).toContain(`Good "git" signature for ${bId}`)

  // a phone: D's repository page fits 390 px
  await d.page.setViewportSize({ width: 390, height: 844 })
  await expect(d.page.getByTestId('file-tree')).toBeVisible()
  expect(await d.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
})

// A change of maintainers travels as news: Repos.changeIdentity signs the
// delegate's own refs again one sequence up, so gossip and the announcement
// to the relay make peers fetch, and the fetch brings the new identity.
test('a new delegate hears of being made one without reloading, and can then edit', async ({ relay, openTab }) => {
  const a = await openTab(relay.url, '#/')
  await a.page.goto(`${relay.url}#/new`)
  await a.page.getByTestId('repo-name').fill('promote')
  await a.page.getByTestId('create-repo').click()
  await expect(a.page.getByTestId('repo-title')).toHaveText('promote')
  const rid = new URL(a.page.url()).hash.split('/')[2]
  const b = await openTab(relay.url, '#/')
  const bId = await b.peerId()
  await b.page.goto(`${relay.url}#/r/${rid}`)
  await expect(b.page.getByTestId('repo-title')).toHaveText('promote', { timeout: 30_000 })
  await expect(b.page.getByTestId('add-file')).toHaveCount(0)

  await a.page.goto(`${relay.url}#/r/${rid}/remotes`)
  await a.page.getByTestId('add-delegate').locator('input[name=peer]').fill(bId)
  await a.page.getByTestId('add-delegate').getByRole('button', { name: 'Add delegate' }).click()
  await expect(a.page.locator(`[data-testid=delegate][data-peer="${bId}"]`)).toBeVisible()
  // no reload: the news has to reach B's open tab
  await expect(b.page.getByTestId('add-file')).toBeVisible({ timeout: 30_000 })
  await expect(b.page.getByText('you are a delegate')).toBeVisible()
})
