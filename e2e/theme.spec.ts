// The theme: System follows the device's light or dark setting; Light or
// Dark chosen in Settings wins over it, survives a reload, and is applied
// before the page's body is parsed (no light flash before a dark page).
import { expect, test } from './fixtures.js'
import type { Page } from '@playwright/test'

const DARK_BG = 'rgb(13, 17, 23)'
const LIGHT_BG = 'rgb(255, 255, 255)'

const background = async (page: Page): Promise<string> => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)

test('choosing Dark or Light in Settings wins over the system, survives a reload, and applies before the body is parsed', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/settings')
  // records the theme when the parser reaches the app's element: before
  // any of the page's own modules run, and before the first paint of it
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.getElementById('app') == null) return
      ;(window as any).themeAtBody = document.documentElement.dataset.theme ?? 'system'
      obs.disconnect()
    }).observe(document, { childList: true, subtree: true })
  })
  await page.emulateMedia({ colorScheme: 'light' })
  await expect(page.getByTestId('theme-system')).toBeChecked()
  expect(await background(page)).toBe(LIGHT_BG)
  // System follows the device
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect.poll(async () => background(page)).toBe(DARK_BG)
  await page.emulateMedia({ colorScheme: 'light' })

  await page.getByTestId('theme-dark').check()
  await expect.poll(async () => background(page)).toBe(DARK_BG)
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).color)).toBe('rgb(230, 237, 243)')
  await page.reload()
  await expect(page.getByTestId('theme-dark')).toBeChecked()
  expect(await background(page)).toBe(DARK_BG)
  expect(await page.evaluate(() => (window as any).themeAtBody)).toBe('dark')

  // Light wins over a dark device
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.getByTestId('theme-light').check()
  await expect.poll(async () => background(page)).toBe(LIGHT_BG)
  await page.reload()
  expect(await background(page)).toBe(LIGHT_BG)
  expect(await page.evaluate(() => (window as any).themeAtBody)).toBe('light')

  // back to System: the device's dark again, and nothing kept
  await page.getByTestId('theme-system').check()
  await expect.poll(async () => background(page)).toBe(DARK_BG)
  await page.reload()
  expect(await background(page)).toBe(DARK_BG)
  expect(await page.evaluate(() => localStorage.getItem('guts-theme'))).toBeNull()
})

test('the theme settings fit a phone', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/settings')
  await page.setViewportSize({ width: 390, height: 844 })
  await page.getByTestId('theme-dark').check()
  await page.screenshot({ path: '/tmp/shots-mobile/settings-dark.png', fullPage: true })
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
})
