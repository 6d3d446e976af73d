// Issues over the network, end to end (issue 15): fresh profiles and a real
// relay process. B opens A's link and opens an issue whose body carries XSS
// payloads; A sees it without reloading, comments, labels and closes it; B
// sees the comment and the state without reloading; both tabs close; a
// fresh tab C shows the issue closed with both comments, from the relay;
// stock git fetches every change from the relay and verifies each one.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures.js'
import type { Page } from '@playwright/test'

let work: string
test.beforeAll(() => { work = mkdtempSync(join(tmpdir(), 'guts-e2e-issues-net-')) })
test.afterAll(() => rmSync(work, { recursive: true, force: true }))

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

const hook = async <T>(page: Page, fn: string, ...args: unknown[]): Promise<T> =>
  page.evaluate(async ([f, a]) => (window as any).guts[f as string](...(a as unknown[])), [fn, args] as const)

const XSS = [
  'It breaks when I click.',
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=1</script>',
  '[click me](javascript:window.__xss=1)',
  '<iframe src="javascript:window.__xss=1"></iframe>'
].join('\n\n')

test('B opens an issue on A\'s repository; A answers, labels and closes it live; C sees it from the relay; git verifies every change', async ({ relay, openTab }) => {
  test.setTimeout(120_000)
  const a = await openTab(relay.url, '#/')
  await a.page.goto(`${relay.url}#/new`)
  await a.page.getByTestId('repo-name').fill('issuenet')
  await a.page.getByTestId('create-repo').click()
  await expect(a.page.getByTestId('repo-title')).toHaveText('issuenet')
  const rid = new URL(a.page.url()).hash.split('/')[2]
  const aId = await a.peerId()
  await a.page.goto(`${relay.url}#/r/${rid}/issues`)

  // B, a fresh profile, opens the link and opens an issue
  const b = await openTab(relay.url, '#/')
  const bId = await b.peerId()
  await b.page.goto(`${relay.url}#/r/${rid}`)
  await expect(b.page.getByTestId('repo-title')).toHaveText('issuenet', { timeout: 30_000 })
  // through the UI: the Issues tab, a new issue whose body carries XSS payloads
  await b.page.getByTestId('issues-tab').click()
  await b.page.getByTestId('new-issue').click()
  await b.page.getByTestId('new-issue-title').fill('Clicking breaks it')
  await b.page.getByTestId('new-issue-body').fill(XSS)
  await b.page.getByTestId('submit-issue').click()
  await expect(b.page).toHaveURL(new RegExp(`#/r/${rid}/issues/[0-9a-f]{40}$`))
  const id = b.page.url().match(/[0-9a-f]{40}$/)![0]

  // A, on the Issues list all along, sees it without reloading
  let t0 = Date.now()
  await expect(a.page.getByTestId('issue-row')).toHaveCount(1, { timeout: 30_000 })
  console.log(`A saw B's issue in the list ${Date.now() - t0} ms after it was opened`)
  await expect(a.page.getByTestId('issue-row')).toContainText('Clicking breaks it')
  await a.page.getByTestId('issue-row').getByText('Clicking breaks it').click()
  await expect(a.page.getByTestId('issue-title')).toContainText('Clicking breaks it')
  const body = a.page.getByTestId('issue-comment').first().getByTestId('comment-body')
  await expect(body).toContainText('It breaks when I click.')
  expect(await body.locator('script, iframe, [onerror]').count()).toBe(0)
  await body.getByText('click me').click()
  expect(await a.page.evaluate(() => (window as any).__xss)).toBeUndefined()

  // A comments, labels and closes: through the handle, one after another at once
  await hook(a.page, 'issueAction', rid, 'comment', id, { body: 'Thanks, **confirmed**.' })
  await hook(a.page, 'issueAction', rid, 'label', id, { add: ['bug'] })
  await hook(a.page, 'issueAction', rid, 'close', id, 'solved')

  // B, still on the issue page, sees the comment and the state without reloading
  t0 = Date.now()
  await expect(b.page.getByTestId('issue-status')).toHaveText(/Closed/, { timeout: 30_000 })
  await expect(b.page.getByTestId('issue-comment')).toHaveCount(2)
  console.log(`B saw A's comment, label and close ${Date.now() - t0} ms after them`)
  await expect(b.page.getByTestId('issue-comment').nth(1).getByTestId('comment-body').locator('strong')).toHaveText('confirmed')
  await expect(b.page.getByTestId('issue-labels')).toContainText('bug')
  expect(await hook(b.page, 'issueState', rid, id)).toEqual({ status: 'closed', labels: ['bug'], comments: [XSS, 'Thanks, **confirmed**.'] })
  expect(await b.page.evaluate(() => (window as any).__xss)).toBeUndefined()

  // the relay seeds the issue: stock git fetches every change and verifies each one
  const clone = join(work, 'clone')
  execFileSync('git', ['clone', '-q', `${relay.url}git/${rid}`, clone])
  const aRef = `refs/guts/${aId}/refs/cobs/guts.issue/${id}`
  await expect.poll(() => {
    git(clone, 'fetch', '-q', 'origin', '+refs/namespaces/*:refs/guts/*')
    return git(clone, 'for-each-ref', '--format=%(refname)', 'refs/guts/').trim().split('\n').filter(r => r.includes('/cobs/')).sort()
  }, { timeout: 30_000 }).toEqual([aRef, `refs/guts/${bId}/refs/cobs/guts.issue/${id}`].sort())
  await expect.poll(() => {
    git(clone, 'fetch', '-q', 'origin', '+refs/namespaces/*:refs/guts/*')
    return git(clone, 'log', '--format=%s', aRef).trim().split('\n')
  }, { timeout: 30_000 }).toEqual(['Close issue as solved', 'Label issue +bug', 'Comment on issue', 'Open issue: Clicking breaks it'])
  const signers = join(work, 'allowed_signers')
  writeFileSync(signers, await (await fetch(`${relay.url}git/${rid}/allowed_signers`)).text())
  for (const oid of git(clone, 'rev-list', aRef).trim().split('\n')) {
    const v = spawnSync('git', ['-c', `gpg.ssh.allowedSignersFile=${signers}`, 'verify-commit', oid], { cwd: clone, encoding: 'utf8' })
    expect(v.status, v.stderr).toBe(0)
  }
  const opener = git(clone, 'rev-list', '--max-parents=0', aRef).trim()
  expect(opener).toBe(id)
  expect(spawnSync('git', ['-c', `gpg.ssh.allowedSignersFile=${signers}`, 'verify-commit', id], { cwd: clone, encoding: 'utf8' }).stderr).toContain(`Good "git" signature for ${bId}`)

  // both authors leave; a fresh tab C gets the whole issue from the relay
  await a.page.close()
  await b.page.close()
  const c = await openTab(relay.url, '#/')
  await c.page.goto(`${relay.url}#/r/${rid}`)
  await expect(c.page.getByTestId('repo-title')).toHaveText('issuenet', { timeout: 30_000 })
  await c.page.goto(`${relay.url}#/r/${rid}/issues?state=closed`)
  await expect(c.page.getByTestId('issue-row')).toHaveCount(1, { timeout: 30_000 })
  await c.page.goto(`${relay.url}#/r/${rid}/issues/${id}`)
  await expect(c.page.getByTestId('issue-status')).toHaveText(/Closed/, { timeout: 30_000 })
  await expect(c.page.getByTestId('issue-comment')).toHaveCount(2)
  expect(await hook(c.page, 'issueState', rid, id)).toEqual({ status: 'closed', labels: ['bug'], comments: [XSS, 'Thanks, **confirmed**.'] })
})
