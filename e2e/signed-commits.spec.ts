// A commit made in a browser tab is signed there with the tab's key, and the
// stock git client checks it: clone from the relay, fetch the relay's
// allowed-signers file, `git verify-commit`.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, openTab, test } from './fixtures.js'
import { startRelayProcess } from './relay-process.js'
import type { RelayProcess } from './relay-process.js'

const work = mkdtempSync(join(tmpdir(), 'guts-e2e-signed-'))
let relay: RelayProcess | undefined
test.afterAll(async () => {
  await relay?.stop()
  rmSync(work, { recursive: true, force: true })
})

test('git verify-commit passes on a commit made in the tab, with the relay\'s allowed signers', async ({ browser }) => {
  relay = await startRelayProcess({})
  const r = relay
  const a = await openTab(browser, r.url, '#/new')
  await a.page.getByTestId('repo-name').fill('signed in a tab')
  await a.page.getByTestId('create-repo').click()
  await expect(a.page.getByTestId('repo-title')).toHaveText('signed in a tab')
  const rid = new URL(a.page.url()).hash.split('/')[2]
  const peer = await a.page.evaluate(() => (window as any).guts.peerId()) as string
  await expect.poll(async () => (await fetch(`${r.url}git/${rid}/allowed_signers`)).status, { timeout: 15_000 }).toBe(200)

  const signers = await (await fetch(`${r.url}git/${rid}/allowed_signers`)).text()
  expect(signers).toMatch(new RegExp(`^${peer} namespaces="git" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI\\S+\\n$`))
  const file = join(work, 'allowed_signers')
  writeFileSync(file, signers)
  const clone = join(work, 'clone')
  execFileSync('git', ['clone', '-q', `${r.url}git/${rid}`, clone])
  const v = spawnSync('git', ['-C', clone, '-c', `gpg.ssh.allowedSignersFile=${file}`, 'verify-commit', 'HEAD'], { encoding: 'utf8' })
  expect(v.stderr).toContain(`Good "git" signature for ${peer} with ED25519 key SHA256:`)
  expect(v.status).toBe(0)
  await a.context.close()
})
