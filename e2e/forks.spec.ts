// Forks and maintainers end to end: the Forks view lists the delegate, the
// maintainers form adds a second delegate (a made-up but valid PeerId) as
// identity version 1; a second profile forks and commits in its fork; the
// pages fit a phone. Forks travelling between peers: forks-network.spec.ts.

import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { expect, test } from './fixtures.js'
import type { Page } from '@playwright/test'

async function createRepo (page: Page, name: string): Promise<string> {
  await page.goto(page.url().replace(/#.*$/, '#/new'))
  await page.getByTestId('repo-name').fill(name)
  await page.getByTestId('create-repo').click()
  await expect(page.getByTestId('repo-title')).toHaveText(name)
  return new URL(page.url()).hash.split('/')[2]
}

test('a delegate adds a second delegate from the Forks view, and sees it with history version 1', async ({ relay, openTab }) => {
  const { page, peerId } = await openTab(relay.url, '#/')
  const me = await peerId()
  const rid = await createRepo(page, 'maintained')
  await page.getByTestId('forks-tab').click()
  await expect(page).toHaveURL(new RegExp(`#/r/${rid}/remotes$`))
  const writer = page.getByTestId('writer')
  await expect(writer).toHaveCount(1)
  await expect(writer).toHaveAttribute('data-peer', me)
  await expect(writer.getByTestId('delegate-badge')).toBeVisible()
  await expect(writer.getByTestId('ahead-behind')).toHaveText('even with main')
  // the delegate's own tab has nothing to fork
  await expect(page.getByTestId('fork')).toHaveCount(0)

  const other = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
  const form = page.getByTestId('add-delegate')
  await form.locator('input[name=peer]').fill('12D3KooWnotapeer')
  await form.getByRole('button', { name: 'Add delegate' }).click()
  await expect(page.getByTestId('maintainers-error')).toContainText('52 characters')
  await form.locator('input[name=peer]').fill(other)
  await form.getByRole('button', { name: 'Add delegate' }).click()
  await expect(page.getByTestId('delegate')).toHaveCount(2)
  await expect(page.locator(`[data-testid=delegate][data-peer="${other}"]`)).toBeVisible()
  await expect(page.getByTestId('threshold')).toHaveText('1 of 2')
  const newest = page.getByTestId('identity-version').first()
  await expect(newest).toHaveAttribute('data-version', '1')
  await expect(newest).toContainText(`${other.slice(0, 4)}…${other.slice(-6)}`)
  await expect(page.getByTestId('identity-version').last()).toHaveAttribute('data-version', '0')
  await expect(page.getByTestId('maintainers-error')).toHaveCount(0)

  // the delegate's own refs, seen as a namespace: its links stay inside it
  await writer.locator('a').first().click()
  await expect(page).toHaveURL(new RegExp(`#/r/${rid}/remotes/${me}/tree/main$`))
  await expect(page.getByTestId('namespace-banner')).toContainText('Viewing your refs (a delegate)')
  await page.locator('a', { hasText: 'README.md' }).click()
  await expect(page).toHaveURL(new RegExp(`#/r/${rid}/remotes/${me}/blob/main/README.md$`))
  await page.getByTestId('back-to-repo').click()
  await expect(page).toHaveURL(new RegExp(`#/r/${rid}$`))

  // a phone: the Forks view and a namespace view fit 390 px
  await page.setViewportSize({ width: 390, height: 844 })
  for (const hash of [`#/r/${rid}/remotes`, `#/r/${rid}/remotes/${me}/tree/main`]) {
    await page.goto(relay.url + hash)
    await expect(page.getByTestId('repo-title')).toBeVisible()
    await expect(page.getByTestId(hash.endsWith('remotes') ? 'maintainers' : 'namespace-banner')).toBeVisible()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  }
})

test('B opens A\'s repository, forks it, commits in its fork, and the Forks view shows B one ahead', async ({ relay, openTab }) => {
  test.setTimeout(90_000)
  const a = await openTab(relay.url, '#/')
  const rid = await createRepo(a.page, 'forkme')
  const b = await openTab(relay.url, '#/')
  const bId = await b.peerId()
  // the relay seeds A's repository; B gets it by opening the link
  await b.page.goto(`${relay.url}#/r/${rid}`)
  await expect(b.page.getByTestId('repo-title')).toHaveText('forkme', { timeout: 30_000 })
  await expect(b.page.getByTestId('add-file')).toHaveCount(0)
  await b.page.getByTestId('fork').click()
  await expect(b.page).toHaveURL(new RegExp(`#/r/${rid}/remotes/${bId}/tree/main$`))
  await expect(b.page.getByTestId('namespace-banner')).toContainText('Viewing your fork')
  await expect(b.page.getByTestId('fork')).toHaveCount(0)

  await b.page.getByTestId('add-file').click()
  await expect(b.page).toHaveURL(new RegExp(`#/r/${rid}/remotes/${bId}/new/main$`))
  await b.page.getByTestId('edit-path').fill('fork.txt')
  await b.page.getByTestId('edit-content').fill('from the fork\n')
  await b.page.getByTestId('commit-message').fill('A file in my fork')
  await b.page.getByTestId('commit-button').click()
  await expect(b.page).toHaveURL(new RegExp(`#/r/${rid}/remotes/${bId}/blob/main/fork.txt$`))
  await expect(b.page.getByTestId('namespace-banner')).toBeVisible()

  // the repository's own main has not moved: the delegate has not taken it
  await b.page.getByTestId('back-to-repo').click()
  await expect(b.page.getByTestId('file-tree')).toBeVisible()
  await expect(b.page.getByTestId('file-tree')).not.toContainText('fork.txt')
  await expect(b.page.getByTestId('your-fork')).toBeVisible()
  await b.page.getByTestId('forks-tab').click()
  const mine = b.page.locator(`[data-testid=writer][data-peer="${bId}"]`)
  await expect(mine.getByTestId('ahead-behind')).toHaveText('1 ahead, 0 behind main')
  await expect(b.page.getByTestId('writer').first().getByTestId('delegate-badge')).toBeVisible()

  // a phone: a reader's header (Fork / Your fork buttons) and the fork's view fit 390 px
  await b.page.setViewportSize({ width: 390, height: 844 })
  for (const hash of [`#/r/${rid}`, `#/r/${rid}/remotes/${bId}/blob/main/fork.txt`, `#/r/${rid}/remotes`]) {
    await b.page.goto(relay.url + hash)
    await expect(b.page.getByTestId('repo-title')).toBeVisible()
    expect(await b.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  }
  const c = await openTab(relay.url, '#/')
  await c.page.setViewportSize({ width: 390, height: 844 })
  await c.page.goto(`${relay.url}#/r/${rid}`)
  await expect(c.page.getByTestId('fork')).toBeVisible({ timeout: 30_000 })
  expect(await c.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
})
