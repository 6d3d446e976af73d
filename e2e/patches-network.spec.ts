// Patches over the network, end to end (issue 16): fresh profiles and a real
// relay process. B forks A's repository, edits two files on a branch and
// opens a patch through the page; A sees it live, comments on a line and
// rejects; B revises one file and updates the patch; A compares revision 1
// with 2 (the comment carried), accepts and merges with a merge commit made
// in the tab (main moved on meanwhile); a fresh tab C shows the patch merged
// and B's change on main; stock git clones main from the relay with B's
// change, `git fsck` is clean, and every patch change verifies.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures.js'
import type { Page } from '@playwright/test'

let work: string
test.beforeAll(() => { work = mkdtempSync(join(tmpdir(), 'guts-e2e-patches-net-')) })
test.afterAll(() => rmSync(work, { recursive: true, force: true }))

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
const hook = async <T>(page: Page, fn: string, ...args: unknown[]): Promise<T> =>
  page.evaluate(async ([f, a]) => (window as any).guts[f as string](...(a as unknown[])), [fn, args] as const)
const lines = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n'

test('B proposes from a fork; A reviews a line and rejects; B revises; A compares, accepts and merges; C sees it merged; git clones it', async ({ relay, openTab }) => {
  test.setTimeout(180_000)
  const a = await openTab(relay.url, '#/')
  await a.page.goto(`${relay.url}#/new`)
  await a.page.getByTestId('repo-name').fill('patchnet')
  await a.page.getByTestId('create-repo').click()
  await expect(a.page.getByTestId('repo-title')).toHaveText('patchnet')
  const rid = new URL(a.page.url()).hash.split('/')[2]
  const aId = await a.peerId()
  await hook(a.page, 'commitFile', rid, 'a.txt', lines(30), 'Add a')
  await hook(a.page, 'commitFile', rid, 'b.txt', lines(5), 'Add b')
  await a.page.goto(`${relay.url}#/r/${rid}/patches`)

  // B, a fresh profile, forks and edits two files on a branch
  const b = await openTab(relay.url, '#/')
  const bId = await b.peerId()
  await b.page.goto(`${relay.url}#/r/${rid}`)
  await expect(b.page.getByTestId('file-tree')).toContainText('b.txt', { timeout: 30_000 })
  await b.page.getByTestId('fork').click()
  await expect(b.page).toHaveURL(new RegExp(`#/r/${rid}/remotes/${bId}/tree/main$`))
  await hook(b.page, 'createBranch', rid, 'feature', 'main')
  await hook(b.page, 'commitFiles', rid, 'feature', { 'a.txt': lines(30).replace('line 15\n', 'line fifteen\n'), 'b.txt': lines(5) + 'six\n' }, 'Edit two files')

  // B opens the patch through the page
  await b.page.goto(`${relay.url}#/r/${rid}/patches`)
  await b.page.getByTestId('new-patch').click()
  await b.page.getByTestId('patch-branch').selectOption('feature')
  await b.page.getByTestId('patch-title-input').fill('Spell fifteen')
  await b.page.getByTestId('patch-description').fill('Words read **better**.')
  await b.page.getByTestId('submit-patch').click()
  await expect(b.page).toHaveURL(new RegExp(`#/r/${rid}/patches/[0-9a-f]{40}`))
  const id = b.page.url().match(/patches\/([0-9a-f]{40})/)![1]

  // A, on the list all along, sees it live
  let t0 = Date.now()
  await expect(a.page.getByTestId('patch-row')).toHaveCount(1, { timeout: 30_000 })
  console.log(`A saw B's patch ${Date.now() - t0} ms after it was opened`)
  await a.page.getByTestId('patch-row').getByText('Spell fifteen').click()
  await expect(a.page.getByTestId('patch-title')).toContainText('Spell fifteen')

  // A comments on line 15 of a.txt and rejects, as one review
  await a.page.getByTestId('patch-tab-files').click()
  const row = a.page.locator('[data-path="a.txt"][data-side="new"][data-line="15"]')
  await row.hover()
  await row.getByTestId('diff-line-comment').click()
  // the comment box takes the keys at once (focused when it opens)
  await a.page.keyboard.type('Keep the digits here')
  await expect(a.page.getByTestId('inline-comment-input')).toHaveValue('Keep the digits here')
  await a.page.getByTestId('add-to-review').click()
  await a.page.getByTestId('review-button').click()
  await a.page.getByTestId('review-summary').fill('Almost there')
  await a.page.getByTestId('review-reject').check()
  await a.page.getByTestId('publish-review').click()
  await expect(a.page.getByTestId('inline-comment')).toHaveCount(1)

  // main moves on meanwhile, so the merge will need a merge commit
  await hook(a.page, 'commitFile', rid, 'c.txt', 'from A\n', 'Add c')

  // B sees the rejection live, revises one file and updates the patch
  t0 = Date.now()
  await expect(b.page.getByTestId('review-verdict').first()).toContainText('Rejected', { timeout: 30_000 })
  console.log(`B saw A's review ${Date.now() - t0} ms after it was published`)
  await hook(b.page, 'commitFiles', rid, 'feature', { 'b.txt': lines(5) + 'seven\n' }, 'Only b')
  await b.page.getByTestId('update-patch-description').fill('Changed b only')
  await b.page.getByTestId('update-patch').click()
  await expect(b.page.getByTestId('revision-select').locator('option')).toHaveCount(2)

  // A compares revision 1 with 2: b.txt only; the comment on a.txt is carried
  await expect(a.page.getByTestId('revision-select').locator('option')).toHaveCount(2, { timeout: 30_000 })
  await a.page.getByTestId('patch-tab-compare').click()
  await expect(a.page.getByTestId('compare-commit-pair').first()).toBeVisible()
  await expect(a.page.getByTestId('file-diff')).toHaveCount(1)
  await expect(a.page.getByTestId('file-diff')).toContainText('b.txt')
  await expect(a.page.getByTestId('compare-commit-pair')).toHaveCount(2)
  await a.page.getByTestId('patch-tab-files').click()
  await expect(a.page.getByTestId('inline-comment')).toHaveAttribute('data-status', 'kept')

  // A accepts and merges: a merge commit made in the tab
  await a.page.getByTestId('review-button').click()
  await a.page.getByTestId('review-accept').check()
  await a.page.getByTestId('publish-review').click()
  await a.page.getByTestId('patch-tab-conversation').click()
  await expect(a.page.getByTestId('merge-plan')).toContainText(/merge/i)
  await a.page.getByTestId('merge-button').click()
  await expect(a.page.getByTestId('patch-status')).toHaveText(/Merged/, { timeout: 30_000 })
  const state = (await hook<{ shown: string, heads: string[], verdicts: string[][], merged?: string }>(a.page, 'patchState', rid, id))!
  expect(state.shown).toBe('merged')
  expect(state.verdicts).toEqual([['reject'], ['accept']])
  const merged = state.merged!
  expect((await hook<Record<string, string>>(a.page, 'refsOf', rid))['refs/heads/main']).toBe(merged)

  // B sees it merged live; both leave; a fresh C gets it all from the relay
  await expect(b.page.getByTestId('patch-status')).toHaveText(/Merged/, { timeout: 30_000 })
  await a.page.close()
  await b.page.close()
  const c = await openTab(relay.url, '#/')
  await c.page.goto(`${relay.url}#/r/${rid}/patches/${id}`)
  await expect(c.page.getByTestId('patch-status')).toHaveText(/Merged/, { timeout: 60_000 })
  await c.page.goto(`${relay.url}#/r/${rid}/blob/main/b.txt`)
  await expect(c.page.getByText('seven')).toBeVisible({ timeout: 30_000 })

  // stock git: main from the relay has B's change and A's, fsck is clean, every patch change verifies
  const clone = join(work, 'clone')
  await expect.poll(() => {
    rmSync(clone, { recursive: true, force: true })
    execFileSync('git', ['clone', '-q', `${relay.url}git/${rid}`, clone])
    return git(clone, 'rev-parse', 'HEAD').trim()
  }, { timeout: 30_000 }).toBe(merged)
  expect(readFileSync(join(clone, 'b.txt'), 'utf8')).toBe(lines(5) + 'seven\n')
  expect(readFileSync(join(clone, 'a.txt'), 'utf8')).toContain('line fifteen')
  expect(readFileSync(join(clone, 'c.txt'), 'utf8')).toBe('from A\n')
  expect(git(clone, 'rev-list', '--parents', '-n1', 'HEAD').trim().split(' ')).toHaveLength(3)
  const fsck = spawnSync('git', ['fsck', '--strict'], { cwd: clone, encoding: 'utf8' })
  expect(fsck.status, fsck.stderr).toBe(0)
  git(clone, 'fetch', '-q', 'origin', '+refs/namespaces/*:refs/guts/*')
  const signers = join(work, 'allowed_signers')
  writeFileSync(signers, await (await fetch(`${relay.url}git/${rid}/allowed_signers`)).text())
  const aRef = `refs/guts/${aId}/refs/cobs/guts.patch/${id}`
  const bRef = `refs/guts/${bId}/refs/cobs/guts.patch/${id}`
  const changes = git(clone, 'log', '--format=%H %s', aRef, bRef, '--not', 'HEAD').trim().split('\n')
  expect(changes.map(l => l.slice(41)).sort()).toEqual(['Accept revision', 'Merge patch as ' + merged.slice(0, 12), 'Propose patch: Spell fifteen', 'Reject revision', 'Update patch (new revision)'].sort())
  for (const line of changes) {
    const v = spawnSync('git', ['-c', `gpg.ssh.allowedSignersFile=${signers}`, 'verify-commit', line.slice(0, 40)], { cwd: clone, encoding: 'utf8' })
    expect(v.status, v.stderr).toBe(0)
  }
})
