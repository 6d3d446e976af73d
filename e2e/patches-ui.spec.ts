// Patches in one tab, through the UI against the real engine: a delegate
// commits a file, makes a branch `feature` and commits an edit on it with
// the editor, proposes it; comments on a line into a draft review (kept
// over a reload), publishes the review as Reject; commits again, updates
// the patch; compares revision 1 with 2; accepts; merges (a fast-forward)
// and sees it Merged, in the list too; the list, the files tab and the
// page fit 390 px. Then the merge box when the target moved on: a merge
// commit made, and a conflict listed with no button. Patches between peers:
// the lead's network spec.
import { expect, test } from './fixtures.js'
import type { Page } from '@playwright/test'

async function createRepo (page: Page, name: string): Promise<string> {
  await page.goto(page.url().replace(/#.*$/, '#/new'))
  await page.getByTestId('repo-name').fill(name)
  await page.getByTestId('create-repo').click()
  await expect(page.getByTestId('repo-title')).toHaveText(name)
  return new URL(page.url()).hash.split('/')[2]
}

/** commits `text` as `path` on `branch` with the editor (a new file, or an edit of one) */
async function commitWithEditor (page: Page, rid: string, branch: string, path: string, text: string, message: string, isNew: boolean): Promise<void> {
  await page.goto(page.url().replace(/#.*$/, isNew ? `#/r/${rid}/new/${branch}` : `#/r/${rid}/edit/${branch}/${path}`))
  if (isNew) await page.getByTestId('edit-path').fill(path)
  await page.getByTestId('edit-content').fill(text)
  await page.getByTestId('commit-message').fill(message)
  await page.getByTestId('commit-button').click()
  await expect(page).toHaveURL(new RegExp(`#/r/${rid}/(blob|tree)/${branch}`))
}

const noSideScroll = async (page: Page): Promise<void> => {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
}

test('a patch from a branch to merged: a draft review over a reload, Reject, an update, compare, Accept, fast-forward; on a phone too', async ({ relay, openTab }) => {
  test.setTimeout(120_000)
  const { page } = await openTab(relay.url, '#/')
  const rid = await createRepo(page, 'reviewed')
  await commitWithEditor(page, rid, 'main', 'app.txt', 'one\ntwo\nthree\nfour\n', 'Add app.txt', true)

  // a branch, and an edit on it
  await page.goto(page.url().replace(/#.*$/, `#/r/${rid}/tree/main`))
  await page.getByTestId('new-branch').click()
  await page.getByTestId('new-branch-name').fill('feature')
  await page.getByTestId('new-branch-name').press('Enter')
  await expect(page).toHaveURL(new RegExp(`#/r/${rid}/tree/feature`))
  await commitWithEditor(page, rid, 'feature', 'app.txt', 'one\nTWO\nthree\nfour\n', 'Shout two', false)

  // proposing it
  await page.getByTestId('patches-tab').click()
  await expect(page).toHaveURL(new RegExp(`#/r/${rid}/patches$`))
  await expect(page.getByTestId('patches-empty')).toContainText('No patches yet')
  await page.getByTestId('new-patch').click()
  await expect(page.getByTestId('patch-target')).toHaveValue('main')
  await expect(page.getByTestId('patch-branch')).toHaveValue('feature')
  await expect(page.getByTestId('patch-branch').locator('option:checked')).toContainText('1 commit ahead')
  await page.getByTestId('patch-title-input').fill('Shout the second line')
  await page.getByTestId('patch-description').fill('It reads **better**.')
  await page.getByTestId('submit-patch').click()
  await expect(page).toHaveURL(new RegExp(`#/r/${rid}/patches/[0-9a-f]{40}$`))
  const patchUrl = page.url()
  await expect(page.getByTestId('patch-title')).toContainText('Shout the second line')
  await expect(page.getByTestId('patch-status')).toHaveText(/Open/)
  await expect(page.getByTestId('patch-description-body').locator('strong')).toHaveText('better')
  await expect(page.getByTestId('patches-tab-count')).toHaveText('1')

  // the commits tab lists the one commit
  await page.getByTestId('patch-tab-commits').click()
  await expect(page.getByTestId('patch-commit')).toHaveCount(1)
  await expect(page.getByTestId('patch-commit')).toContainText('Shout two')

  // a review that says nothing is refused
  await page.getByTestId('patch-tab-files').click()
  await expect(page).toHaveURL(/tab=files/)
  await page.getByTestId('review-button').click()
  await page.getByTestId('publish-review').click()
  await expect(page.getByTestId('review-error')).toContainText('Accept or Reject')
  await page.getByTestId('review-button').click()
  await expect(page.getByTestId('review-panel')).toHaveCount(0)

  // a line comment into the draft review; it outlives a reload
  const line2 = page.locator('[data-path="app.txt"][data-side="new"][data-line="2"]')
  await line2.hover()
  await line2.getByTestId('diff-line-comment').click()
  await page.getByTestId('inline-comment-input').fill('Why **shout**?')
  await page.getByTestId('add-to-review').click()
  await expect(page.getByTestId('draft-comment')).toHaveCount(1)
  await expect(page.getByTestId('review-draft-count')).toHaveText('1')
  await page.reload()
  await expect(page.getByTestId('draft-comment')).toHaveCount(1)
  await expect(page.getByTestId('draft-comment')).toContainText('Why shout?')
  await expect(page.getByTestId('review-draft-count')).toHaveText('1')

  // Reject, with the draft
  await page.getByTestId('review-button').click()
  await page.getByTestId('review-reject').check()
  await page.getByTestId('review-summary').fill('Not yet: see the comment.')
  await page.getByTestId('publish-review').click()
  await expect(page.getByTestId('review-panel')).toHaveCount(0)
  await expect(page.getByTestId('draft-comment')).toHaveCount(0)
  const shown = page.locator('[data-testid=inline-comment][data-path="app.txt"]').filter({ hasText: 'Why shout?' })
  await expect(shown).toHaveAttribute('data-status', 'current')
  // the thread by its comment's id from here on (folded, its text is hidden)
  const published = page.locator(`[data-testid=inline-comment][data-comment="${(await shown.getAttribute('data-comment'))!}"]`)
  await expect(published.getByTestId('patch-comment-body')).toContainText('Why shout?')
  // a reply under it; resolved, the thread folds; unresolved, it opens
  await published.getByTestId('patch-reply').click()
  await page.getByTestId('patch-reply-box').fill('Because it matters.')
  await page.getByTestId('send-patch-reply').click()
  await expect(published.getByTestId('inline-reply').getByTestId('patch-comment-body')).toHaveText('Because it matters.')
  await published.getByTestId('resolve-thread').click()
  await expect(published.getByTestId('toggle-thread')).toHaveText(/Show \(2\)/)
  await expect(published.getByTestId('inline-comment-card')).toHaveCount(0)
  await published.getByTestId('unresolve-thread').click()
  await expect(published.getByTestId('inline-comment-card')).toHaveCount(1)
  // split: the same tools on each side's lines; then back to unified (the choice is remembered)
  await page.getByTestId('layout-split').click()
  const split2 = page.locator('[data-testid=diff-split] [data-path="app.txt"][data-side="new"][data-line="2"]')
  await split2.hover()
  await split2.getByTestId('diff-line-comment').click()
  await expect(page.getByTestId('inline-comment-form')).toContainText('line 2 of app.txt')
  await expect(page.getByTestId('diff-split').getByTestId('inline-comment')).toHaveCount(1)
  await page.getByTestId('inline-comment-form').getByRole('button', { name: 'Cancel' }).click()
  await page.getByTestId('layout-unified').click()
  // a comment posted at once, on a deleted line
  const old2 = page.locator('[data-path="app.txt"][data-side="old"][data-line="2"]')
  await old2.hover()
  await old2.getByTestId('diff-line-comment').click()
  await page.getByTestId('inline-comment-input').fill('The old two.')
  await page.getByTestId('comment-now').click()
  await expect(page.locator('[data-testid=inline-comment][data-path="app.txt"]').filter({ hasText: 'The old two.' })).toContainText('app.txt:−2')
  await page.getByTestId('patch-tab-conversation').click()
  await expect(page.getByTestId('patch-review')).toHaveCount(1)
  await expect(page.getByTestId('patch-review').getByTestId('review-verdict')).toHaveText(/Rejected/)
  await expect(page.getByTestId('patch-review').getByTestId('inline-comment')).toContainText('app.txt:2')
  await expect(page.getByTestId('patch-reviewers').getByTestId('review-verdict')).toHaveText(/Rejected/)

  // a label, and the state: a draft, then ready again
  await page.getByTestId('patch-label-input').fill('ui')
  await page.getByTestId('patch-add-label').click()
  await expect(page.getByTestId('patch-labels').getByTestId('issue-label')).toHaveAttribute('data-label', 'ui')
  await page.getByTestId('mark-draft').click()
  await expect(page.getByTestId('patch-status')).toHaveText(/Draft/)
  await page.getByTestId('mark-ready').click()
  await expect(page.getByTestId('patch-status')).toHaveText(/Open/)

  // a comment in the conversation
  await page.getByTestId('patch-comment-input').fill('Will fix.')
  await page.getByTestId('send-patch-comment').click()
  await expect(page.getByTestId('patch-comment').getByTestId('patch-comment-body')).toHaveText('Will fix.')
  await expect(page.getByTestId('patch-comment-input')).toHaveValue('')

  // another commit on feature: the patch offers the update
  await commitWithEditor(page, rid, 'feature', 'app.txt', 'one\nTWO\nthree\nfour\nfive\n', 'Add five', false)
  await page.goto(patchUrl)
  await expect(page.getByTestId('update-box')).toContainText('1 commit')
  await page.getByTestId('update-patch-description').fill('Added the fifth line.')
  await page.getByTestId('update-patch').click()
  await expect(page.getByTestId('update-box')).toHaveCount(0)
  await expect(page.getByTestId('revision-select').locator('option')).toHaveCount(2)
  await expect(page.locator('[data-testid=patch-event][data-kind=revision]')).toContainText('Added the fifth line.')

  // compare 1 with 2: the first commit is the same, the second is new
  await page.getByTestId('patch-tab-compare').click()
  await expect(page.getByTestId('compare-from')).toHaveValue('1')
  await expect(page.getByTestId('compare-to')).toHaveValue('2')
  await expect(page.getByTestId('compare-commit-pair')).toHaveCount(2)
  await expect(page.locator('[data-testid=compare-commit-pair][data-mark=same]')).toContainText('Shout two')
  await expect(page.locator('[data-testid=compare-commit-pair][data-mark=added]')).toContainText('Add five')
  await expect(page.getByTestId('file-diff')).toHaveCount(1)

  // the comment made on revision 1, placed in revision 2
  await page.getByTestId('patch-tab-files').click()
  await expect(published).toHaveAttribute('data-status', /kept|moved|outdated/)
  const carried = (await published.getAttribute('data-status'))!

  // accept revision 2, and merge: a fast-forward
  await page.getByTestId('review-button').click()
  await page.getByTestId('review-accept').check()
  await page.getByTestId('publish-review').click()
  await expect(page.getByTestId('review-panel')).toHaveCount(0)
  await page.getByTestId('patch-tab-conversation').click()
  await expect(page.getByTestId('patch-reviewers').getByTestId('review-verdict')).toHaveText(/Accepted/)
  // the timeline shows the comment where it was made, marked when the latest revision lost its lines
  await expect(published).toHaveAttribute('data-status', carried === 'outdated' ? 'outdated' : 'current')
  await expect(page.getByTestId('merge-plan')).toContainText('fast-forward')
  await page.getByTestId('merge-button').click()
  await expect(page.getByTestId('patch-status')).toHaveText(/Merged/)
  await expect(page.getByTestId('merge-box')).toContainText('Merged')
  await expect(page.getByTestId('merge-button')).toHaveCount(0)

  // the list: none open, one merged with its verdicts
  await page.getByTestId('patches-tab').click()
  await expect(page.getByTestId('patch-open-count')).toHaveText('0')
  await page.getByTestId('patch-filter-merged').click()
  await expect(page).toHaveURL(/patches\?state=merged$/)
  const row = page.getByTestId('patch-row')
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('Shout the second line')
  await expect(row.getByTestId('patch-accepts')).toContainText('1')
  await expect(row.getByTestId('issue-label')).toHaveAttribute('data-label', 'ui')

  // a phone: the list, the files tab with its comment, and the conversation fit 390 px
  await page.setViewportSize({ width: 390, height: 844 })
  await noSideScroll(page)
  await row.getByTestId('patch-link').click()
  await expect(page.getByTestId('patch-title')).toBeVisible()
  await noSideScroll(page)
  await page.getByTestId('patch-tab-files').click()
  await expect(page.getByTestId('inline-comment').first()).toBeVisible()
  await noSideScroll(page)
  await page.getByTestId('patch-tab-compare').click()
  await expect(page.getByTestId('compare-commit-pair')).toHaveCount(2)
  await noSideScroll(page)
})

async function branchFrom (page: Page, rid: string, from: string, name: string): Promise<void> {
  await page.goto(page.url().replace(/#.*$/, `#/r/${rid}/tree/${from}`))
  await page.getByTestId('new-branch').click()
  await page.getByTestId('new-branch-name').fill(name)
  await page.getByTestId('new-branch-name').press('Enter')
  await expect(page).toHaveURL(new RegExp(`#/r/${rid}/tree/${name}`))
}

async function propose (page: Page, rid: string, branch: string, title: string): Promise<string> {
  await page.goto(page.url().replace(/#.*$/, `#/r/${rid}/patches/new?branch=${branch}`))
  await expect(page.getByTestId('patch-branch')).toHaveValue(branch)
  await page.getByTestId('patch-title-input').fill(title)
  await page.getByTestId('submit-patch').click()
  await expect(page.getByTestId('patch-title')).toContainText(title)
  return page.url()
}

test('the merge box when the target moved on: a clean merge made as a merge commit; a conflict listed, with no button', async ({ relay, openTab }) => {
  test.setTimeout(120_000)
  const { page } = await openTab(relay.url, '#/')
  const rid = await createRepo(page, 'merging')
  await commitWithEditor(page, rid, 'main', 'a.txt', 'a\nb\nc\n', 'Add a', true)
  await commitWithEditor(page, rid, 'main', 'b.txt', 'x\n', 'Add b', true)
  await branchFrom(page, rid, 'main', 'clean')
  await branchFrom(page, rid, 'main', 'clash')
  await commitWithEditor(page, rid, 'clean', 'a.txt', 'a\nB\nc\n', 'Capital B', false)
  await commitWithEditor(page, rid, 'clash', 'b.txt', 'X\n', 'Capital X', false)
  const cleanUrl = await propose(page, rid, 'clean', 'Capital B')
  // the form and the review panel fit a phone too
  await page.setViewportSize({ width: 390, height: 844 })
  const clashUrl = await propose(page, rid, 'clash', 'Capital X')
  await page.goto(clashUrl.replace(/$/, '?tab=files'))
  await page.getByTestId('review-button').click()
  await expect(page.getByTestId('review-panel')).toBeVisible()
  await noSideScroll(page)
  await page.goto(page.url().replace(/#.*$/, `#/r/${rid}/patches/new`))
  await expect(page.getByTestId('patch-branch')).toBeVisible()
  await noSideScroll(page)
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.goto(clashUrl)
  await expect(page.getByTestId('merge-plan')).toHaveAttribute('data-kind', 'fast-forward')

  // main moves on in another file: a merge commit will be made
  await commitWithEditor(page, rid, 'main', 'b.txt', 'y\n', 'b is y', false)
  await page.goto(cleanUrl)
  await expect(page.getByTestId('merge-plan')).toHaveAttribute('data-kind', 'merge')
  await expect(page.getByTestId('merge-plan')).toContainText('merge')
  await page.getByTestId('merge-button').click()
  await expect(page.getByTestId('patch-status')).toHaveText(/Merged/)
  await expect(page.getByTestId('merge-box')).toContainText('Merged')

  // the other patch changed the line main changed: a conflict, and no merge button
  await page.goto(clashUrl)
  await expect(page.getByTestId('merge-plan')).toHaveAttribute('data-kind', 'conflict')
  await expect(page.getByTestId('merge-conflicts')).toContainText('b.txt')
  await expect(page.getByTestId('merge-button')).toHaveCount(0)
  await expect(page.getByTestId('patch-status')).toHaveText(/Open/)
})
