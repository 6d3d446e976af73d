// Failures a new user once met in silence: a clone whose only holder left
// (a bare "Opening a repository" card, never resumed), a tab counted as a
// relay, "Connecting…" for ever with the relay down. Real relay processes
// (seeding nothing, so repositories travel tab to tab), real Chromium.
import { expect, expectConnected, openTab, shareAddr, test } from './fixtures.js'
import { startRelayProcess } from './relay-process.js'
import type { RelayProcess } from './relay-process.js'
import type { Page } from '@playwright/test'

const relays: RelayProcess[] = []
test.afterEach(async () => { await Promise.all(relays.splice(0).map(async r => r.stop())) })

async function relay (args: string[] = []): Promise<RelayProcess> {
  const r = await startRelayProcess({ args })
  relays.push(r)
  return r
}

async function createRepo (page: Page, name: string): Promise<string> {
  await page.goto(page.url().replace(/#.*$/, '#/new'))
  await page.getByTestId('repo-name').fill(name)
  await page.getByTestId('create-repo').click()
  await expect(page.getByTestId('repo-title')).toHaveText(name)
  const rid = new URL(page.url()).hash.split('/')[2]
  // B reaches A through a reservation on the relay
  await expect.poll(async () => page.evaluate(() => (window as any).guts.snapshot().shareAddrs.length)).toBeGreaterThan(0)
  return rid
}

test('a clone whose only holder left says it waits, offers Cancel and Retry, and completes when the holder is back', async ({ browser }) => {
  test.setTimeout(150_000)
  const r = await relay(['--seed', 'none'])
  const a = await openTab(browser, r.url, '#/')
  const rid = await createRepo(a.page, 'left-behind')
  const aId = await a.peerId()
  // A leaves; its profile (key, repository) stays
  await a.page.close()

  const b = await openTab(browser, r.url, `#/r/${rid}`)
  const phase = b.page.getByTestId('clone-phase')
  await expect(phase).toHaveText(/^Waiting for a peer that has it — (\d+ asked|none reachable yet), looking again in \d+ s$/, { timeout: 45_000 })
  const waitingSince = Date.now()
  console.log(`B says: ${await phase.textContent()}`)

  // Cancel keeps nothing and offers Retry; Retry looks again
  await b.page.getByTestId('clone-cancel').click()
  await expect(b.page.getByTestId('clone-cancelled')).toContainText('Cancelled')
  await b.page.getByTestId('clone-retry').click()
  await expect(phase).toHaveText(/^Waiting for a peer that has it/, { timeout: 45_000 })

  // A comes back in the same profile; B goes on by itself, nobody clicks
  const back = await a.context.newPage()
  await back.goto(`${r.url}#/r/${rid}`)
  await expectConnected(back)
  await shareAddr(back)
  const returned = Date.now()
  await expect(b.page.getByTestId('repo-title')).toHaveText('left-behind', { timeout: 75_000 })
  console.log(`B waited ${Math.round((returned - waitingSince) / 1000)} s for A, then got the repository ${Math.round((Date.now() - returned) / 1000)} s after A was back`)
  const transfers = await b.page.evaluate(() => (window as any).guts.transfers())
  expect(transfers.some((t: any) => t.peer === aId && t.limited === false)).toBe(true)
})

test('a tab B fetched from is a peer, never a relay: 1 relay, 1 peer, and no relay tag', async ({ browser }) => {
  test.setTimeout(120_000)
  const r = await relay(['--seed', 'none'])
  const a = await openTab(browser, r.url, '#/')
  const rid = await createRepo(a.page, 'peer-not-relay')
  const aId = await a.peerId()

  // B finds A as a DHT provider (its addresses run through the relay's /ws) and fetches from it
  const b = await openTab(browser, r.url, `#/r/${rid}`)
  await expect(b.page.getByTestId('repo-title')).toHaveText('peer-not-relay', { timeout: 45_000 })
  const transfers = await b.page.evaluate(() => (window as any).guts.transfers())
  expect(transfers.some((t: any) => t.peer === aId)).toBe(true)

  await expect(b.page.getByTestId('net-status')).toHaveText('Connected to 1 relay, 1 peer')
  await b.page.goto(`${r.url}#/network`)
  const rowA = b.page.locator(`[data-testid=connections] tr[data-peer="${aId}"]`)
  await expect(rowA.first()).toBeVisible()
  await expect(rowA.locator('.tag', { hasText: 'relay' })).toHaveCount(0)
  await expect(b.page.locator(`[data-testid=connections] tr[data-peer="${await r.peerId()}"] .tag`, { hasText: 'relay' }).first()).toBeVisible()
  const snap = await b.page.evaluate(() => (window as any).guts.snapshot())
  expect(snap.relayCount).toBe(1)
  expect(snap.connections.filter((c: any) => c.peerId === aId).every((c: any) => c.relay === false)).toBe(true)
  // and it stays so: the peer book did not learn A as a relay either
  await b.page.reload()
  await expectConnected(b.page)
  await expect.poll(async () => b.page.evaluate(() => (window as any).guts.snapshot().relays.map((x: any) => x.peerId))).toEqual([await r.peerId()])
})

test('with the relay down, the header says Offline within 10 s, with the relay tried and the next try', async ({ browser }) => {
  const r = await relay()
  const a = await openTab(browser, r.url, '#/network')
  const relayId = await r.peerId()
  await r.stop()
  const down = Date.now()
  await expect(a.page.getByTestId('net-status')).toContainText('Offline', { timeout: 10_000 })
  console.log(`Offline shown ${Date.now() - down} ms after the relay went down`)
  const reason = a.page.getByTestId('net-reason')
  console.log(`the header says: Offline — ${await reason.textContent()}`)
  await expect(reason).toContainText('the relay could not be reached')
  await expect(reason).toContainText(relayId.slice(-6))
  await expect(reason).toContainText(/trying again (in \d+ s|now)/)
  await expect(a.page.getByTestId('offline')).toContainText(relayId.slice(0, 8))
  // and it heals as before
  await r.restart()
  await expectConnected(a.page, 15_000)
  await expect(a.page.getByTestId('net-reason')).toHaveCount(0)
})

test('who has it updates by itself: a tab that gets the repository shows up on the author\'s page, no Refresh', async ({ browser }) => {
  test.setTimeout(120_000)
  const r = await relay(['--seed', 'none'])
  const a = await openTab(browser, r.url, '#/')
  const rid = await createRepo(a.page, 'who-has-it')
  // the card has answered once: nobody else has it yet
  await expect(a.page.getByRole('button', { name: 'Refresh' })).toBeVisible({ timeout: 30_000 })
  const b = await openTab(browser, r.url, `#/r/${rid}`)
  await expect(b.page.getByTestId('repo-title')).toHaveText('who-has-it', { timeout: 45_000 })
  const got = Date.now()
  const bId = await b.peerId()
  await expect(a.page.getByTestId('seed-status').locator(`li[data-peer="${bId}"]`)).toHaveAttribute('data-state', 'up to date', { timeout: 30_000 })
  console.log(`A's page listed B as up to date ${Date.now() - got} ms after B had it`)
})
