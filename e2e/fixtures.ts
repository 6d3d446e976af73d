// Shared Playwright fixtures: one real relay process per worker, and tabs in
// separate browser contexts (separate profiles: separate IndexedDB, separate
// PeerIds), like two people on two machines.
import { test as base, expect } from '@playwright/test'
import { startRelayProcess } from './relay-process.js'
import type { RelayProcess } from './relay-process.js'
import type { Browser, BrowserContext, Page } from '@playwright/test'

export interface Tab {
  context: BrowserContext
  page: Page
  peerId: () => Promise<string>
}

export const test = base.extend<{ openTab: (url: string, path?: string) => Promise<Tab> }, { relay: RelayProcess }>({
  relay: [async ({}, use) => {
    const relay = await startRelayProcess()
    await use(relay)
    await relay.stop()
  }, { scope: 'worker' }],

  openTab: async ({ browser }, use) => {
    const contexts: BrowserContext[] = []
    await use(async (url, path = '#/network') => {
      const tab = await openTab(browser, url, path)
      contexts.push(tab.context)
      return tab
    })
    await Promise.all(contexts.map(async c => c.close()))
  }
})

export async function openTab (browser: Browser, url: string, path = '#/network'): Promise<Tab> {
  const context = await browser.newContext()
  const page = await context.newPage()
  page.on('pageerror', err => console.error(`[page error] ${err.message}`))
  await page.goto(url + path)
  await expectConnected(page)
  return { context, page, peerId: async () => page.evaluate(() => (window as any).guts.peerId()) }
}

export async function expectConnected (page: Page, timeout = 15_000): Promise<void> {
  await expect(page.getByTestId('net-status')).toContainText(/Connected to [1-9]\d* relay/, { timeout })
}

/** Waits until the tab holds a relay reservation and so a WebRTC address. */
export async function shareAddr (page: Page): Promise<string> {
  await page.goto(page.url().replace(/#.*$/, '#/network'))
  const el = page.getByTestId('share-addr')
  await expect(el).toBeVisible({ timeout: 15_000 })
  return (await el.textContent())!.trim()
}

export { expect }
