// Which Chromium the end-to-end tests drive. Browsers cannot be downloaded
// everywhere, so by default we use Debian's /usr/bin/chromium when it exists;
// GUTS_CHROMIUM points at another binary, and GUTS_CHROMIUM=playwright uses
// Playwright's own downloaded browser.
import { existsSync } from 'node:fs'
import type { LaunchOptions } from '@playwright/test'

export function chromiumLaunchOptions (): LaunchOptions {
  const env = process.env.GUTS_CHROMIUM
  const executablePath = env === 'playwright'
    ? undefined
    : env ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)
  return {
    executablePath,
    args: [
      // this machine has no outside network: keep Chromium from trying
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run'
    ]
  }
}
