// Nothing is lost to gossip, in a real browser: a relay that loses every
// gossip message (GUTS_TEST_LOSE_GOSSIP, a fault for tests) imports a new
// commit of a repository a tab is showing. The announcement never reaches
// the tab; the tab's next reconcile round with the relay
// (/guts/inventory/1.0.0, every ~40 s) finds the relay ahead and fetches.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { expect, openTab, test } from './fixtures.js'
import { startRelayProcess } from './relay-process.js'
import { makeFixtureRepo } from '../test/fixtures/git-fixture.js'
import type { Page } from '@playwright/test'

const importInto = (dataDir: string, port: number, repo: string): string =>
  execFileSync(process.execPath, ['--import', 'tsx', 'relay/main.ts', 'import', repo, '--data', dataDir, '--port', String(port)], { encoding: 'utf8' })

const tipsOf = async (page: Page, rid: string): Promise<string[]> =>
  Object.values(await page.evaluate(async (r) => (window as any).guts.refsOf(r), rid) as Record<string, string>)

test('a tab gets a commit whose announcement was lost, from its next reconcile round with the relay', async ({ browser }) => {
  test.setTimeout(150_000)
  const fixture = makeFixtureRepo()
  const r = await startRelayProcess({ env: { GUTS_TEST_LOSE_GOSSIP: '1' } })
  try {
    const rid = /RID\s+(\S+)/.exec(importInto(r.dataDir, r.port, fixture))![1]
    const c = await openTab(browser, r.url, '#/')
    await c.page.goto(`${r.url}#/r/${rid}`)
    await expect(c.page.getByTestId('repo-title')).toHaveText(/^guts-fixture-/, { timeout: 30_000 })

    execFileSync('git', ['-C', fixture, '-c', 'user.name=a', '-c', 'user.email=a@example.org', 'commit', '-q', '--allow-empty', '-m', 'one more'])
    const tip = execFileSync('git', ['-C', fixture, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim()
    importInto(r.dataDir, r.port, fixture)
    const imported = Date.now()
    // the relay publishes it (and loses the message)
    await expect.poll(() => r.output().includes('publishing repository'), { timeout: 15_000 }).toBe(true)
    expect(r.output()).toContain('GUTS_TEST_LOSE_GOSSIP is set')
    // a few seconds later it has still not arrived: gossip did lose it
    await c.page.waitForTimeout(5000)
    expect(await tipsOf(c.page, rid)).not.toContain(tip)
    // within one round (40 s ± 20%) and a fetch: a minute
    await expect.poll(async () => (await tipsOf(c.page, rid)).includes(tip), { timeout: 60_000, intervals: [1000] }).toBe(true)
    console.log(`healed ${Date.now() - imported} ms after the import`)
    await c.context.close()
  } finally {
    await r.stop()
    rmSync(fixture, { recursive: true, force: true })
  }
})
