import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from './e2e/browser.js'

// End-to-end tests drive real Chromium against real relay processes that the
// tests start themselves (see e2e/relay-process.ts). One worker: the machine
// has two cores and WebRTC between tabs needs both.
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI != null ? [['list']] : [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure'
  }
})
