// Repositories in the tab, end to end: create, edit, import, browse, export,
// offline, and text from repositories staying inert.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures.js'
import { allObjects, git, makeFixtureRepo, refList } from '../test/fixtures/git-fixture.js'
import type { Page } from '@playwright/test'

let fixture: string
let work: string
let bundlePath: string

test.beforeAll(() => {
  fixture = makeFixtureRepo()
  work = mkdtempSync(join(tmpdir(), 'guts-e2e-repos-'))
  bundlePath = join(work, 'fixture.bundle')
  git(fixture, 'bundle', 'create', '-q', bundlePath, '--all')
})
test.afterAll(() => {
  rmSync(fixture, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

async function importBundle (page: Page, path: string, name: string): Promise<string> {
  await page.goto(page.url().replace(/#.*$/, '#/import'))
  await page.locator('label', { hasText: 'Name' }).locator('input').fill(name)
  await page.getByTestId('bundle-input').setInputFiles(path)
  await expect(page.getByTestId('repo-title')).toHaveText(name, { timeout: 30_000 })
  return new URL(page.url()).hash.split('/')[2]
}

test('create a repository, commit an edit, and see it in the log and the diff', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/settings')
  await page.getByTestId('author-name').fill('Grace Hopper')
  await page.getByTestId('author-email').fill('grace@example.org')
  await page.getByTestId('save-author').click()
  await page.goto(relay.url + '#/')
  await page.getByTestId('new-repo-link').click()
  await page.getByTestId('repo-name').fill('notes')
  await page.getByTestId('repo-description').fill('Things to remember')
  await page.getByTestId('create-repo').click()
  await expect(page.getByTestId('repo-title')).toHaveText('notes')
  await expect(page.getByTestId('readme')).toContainText('Things to remember')

  // edit the README and commit
  await page.locator('a', { hasText: 'README.md' }).click()
  await page.getByTestId('edit-file').click()
  await page.getByTestId('edit-content').fill('# notes\n\nThings to remember\n\n- buy milk\n')
  await page.getByTestId('commit-message').fill('Add a shopping list')
  await page.getByTestId('commit-button').click()
  // a Markdown file opens rendered
  await expect(page.getByTestId('readme')).toContainText('buy milk')

  // add a file in a new directory
  await page.getByTestId('repo-title').click()
  await page.getByTestId('add-file').click()
  await page.getByTestId('edit-path').fill('src/hello.ts')
  await page.getByTestId('edit-content').fill('export const hello = "world"\n')
  await page.getByTestId('commit-button').click()
  await expect(page.getByTestId('file-content')).toContainText('hello')

  await page.getByTestId('commits-tab').click()
  const log = page.getByTestId('commit-list').locator('li')
  await expect(log).toHaveCount(3)
  await expect(log.nth(0)).toContainText('Add src/hello.ts')
  await expect(log.nth(1)).toContainText('Add a shopping list')
  await expect(log.nth(1)).toContainText('Grace Hopper')
  await log.nth(1).locator('a').first().click()
  await expect(page.getByTestId('commit-title')).toHaveText('Add a shopping list')
  await expect(page.getByTestId('commit-stats')).toContainText('1 file changed, +2 −0')
  await expect(page.getByTestId('file-diff')).toContainText('+- buy milk')
})

test('import a bundle through the file picker, browse it, and export it back', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/')
  await importBundle(page, bundlePath, 'fixture')
  // home: tree and README of the default branch
  await expect(page.getByTestId('file-tree')).toContainText('big.txt')
  await expect(page.getByTestId('readme').locator('b')).toHaveText('everything')
  // binary and large files are not rendered
  await page.locator('a', { hasText: 'logo.bin' }).click()
  await expect(page.getByTestId('not-rendered')).toContainText('Binary file (4.0 KB)')
  await page.goBack()
  await page.locator('a', { hasText: 'big.txt' }).click()
  await expect(page.getByTestId('not-rendered')).toContainText('Large file (1.0 MB)')
  await page.goBack()
  // unicode paths, syntax highlighting with line numbers
  await page.locator('a', { hasText: 'docs' }).click()
  await page.locator('a', { hasText: 'übersicht' }).click()
  await page.locator('a', { hasText: 'naïve café.md' }).click()
  await expect(page.getByTestId('readme')).toContainText('日本語')
  await page.goto(page.url().replace(/blob\/main\/.*$/, 'blob/main/src/main.ts'))
  await expect(page.getByTestId('file-content').locator('.hljs-keyword').first()).toHaveText('export')
  await expect(page.getByTestId('file-content').locator('td.ln')).toHaveText(['1', '2'])
  // tags are in the selector, and browsing a tag shows that revision
  await page.getByTestId('repo-title').click()
  await page.getByTestId('ref-picker').click()
  await page.getByTestId('ref-filter').fill('v1.0')
  await page.getByTestId('ref-filter').press('Enter')
  await expect(page.getByTestId('file-tree')).not.toContainText('features.ts')
  // the log shows the merge; the rename commit shows both renames
  await page.getByTestId('ref-picker').click()
  await page.getByTestId('ref-filter').fill('main')
  await page.getByTestId('ref-filter').press('Enter')
  await page.getByTestId('commits-tab').click()
  await expect(page.getByTestId('commit-list')).toContainText('Merge feature')
  await page.locator('a', { hasText: 'Rename feature, replace the empty file' }).click()
  // as `git show -M` says: R100 empty.txt → empty-again, R100 src/feature.ts → src/features.ts
  await expect(page.locator('[data-testid="file-diff"][data-status="renamed"]', { hasText: 'features.ts' })).toContainText('src/feature.ts → src/features.ts')
  await expect(page.locator('[data-testid="file-diff"][data-status="renamed"]', { hasText: 'empty-again' })).toContainText('empty.txt → empty-again')
  await expect(page.getByTestId('file-list')).toContainText('empty.txt → empty-again')

  // export: git clones it, finds it clean, with the same refs and objects
  await page.getByTestId('repo-title').click()
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-bundle').click()])
  const out = join(work, 'exported.bundle')
  await download.saveAs(out)
  const clone = join(work, 'exported.git')
  execFileSync('git', ['clone', '-q', '--mirror', out, clone])
  git(clone, '--git-dir', clone, 'fsck', '--full', '--strict')
  expect(refList(clone)).toEqual(refList(join(fixture, '.git')))
  expect(allObjects(clone)).toEqual(allObjects(join(fixture, '.git')))
})

test('import from a folder with a .git directory', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/import')
  await page.getByTestId('folder-input').setInputFiles(fixture)
  await expect(page.getByTestId('repo-title')).toHaveText(/^guts-fixture-/, { timeout: 30_000 })
  await expect(page.getByTestId('file-tree')).toContainText('README.md')
  await page.getByTestId('commits-tab').click()
  await expect(page.getByTestId('commit-list')).toContainText('Merge feature')
})

test('repositories survive a reload and can be browsed offline', async ({ relay, openTab }) => {
  const { page, context } = await openTab(relay.url, '#/')
  const rid = await importBundle(page, bundlePath, 'offline-fixture')
  await page.reload()
  await expect(page.getByTestId('repo-title')).toHaveText('offline-fixture')
  await page.evaluate(async () => navigator.serviceWorker.ready)
  await expect.poll(async () => page.evaluate(() => navigator.serviceWorker.controller != null)).toBe(true)
  await context.setOffline(true)
  await page.goto(`${relay.url}#/r/${rid}/commits/main`)
  await expect(page.getByTestId('commit-list')).toContainText('Merge feature')
  await page.goto(`${relay.url}#/r/${rid}/blob/main/src/main.ts`)
  await expect(page.getByTestId('file-content')).toContainText('question')
  await page.goto(`${relay.url}#/`)
  await expect(page.getByTestId('repo-list')).toContainText('offline-fixture')
})

test('script in a README, a file name and a commit message stays inert', async ({ relay, openTab }) => {
  const dir = mkdtempSync(join(tmpdir(), 'guts-xss-'))
  try {
    git(dir, 'init', '-q', '-b', 'main')
    writeFileSync(join(dir, 'README.md'), [
      '# Hello <script>window.__xss = "readme-script"</script>',
      '<img src=x onerror="window.__xss = \'readme-img\'">',
      '[click](javascript:window.__xss=\'readme-link\')',
      '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>'
    ].join('\n\n'))
    writeFileSync(join(dir, '<img src=x onerror="window.__xss=\'filename\'">.md'), '<script>window.__xss="blob"</script>\n')
    git(dir, 'add', '-A')
    git(dir, 'commit', '-q', '-m', '<img src=x onerror="window.__xss=\'message\'"> <script>window.__xss="message"</script>')
    const bundle = join(dir, 'xss.bundle')
    git(dir, 'bundle', 'create', '-q', bundle, '--all')

    const { page } = await openTab(relay.url, '#/')
    const dialogs: string[] = []
    page.on('dialog', d => { dialogs.push(d.message()); void d.dismiss() })
    const rid = await importBundle(page, bundle, '<img src=x onerror=window.__xss=9>')
    await expect(page.getByTestId('repo-title')).toHaveText('<img src=x onerror=window.__xss=9>')
    await expect(page.getByTestId('readme')).toContainText('Hello')
    await expect(page.getByTestId('readme').locator('script, iframe, img[onerror]')).toHaveCount(0)
    await expect(page.getByTestId('file-tree')).toContainText('<img src=x onerror=')
    await page.goto(`${relay.url}#/r/${rid}/commits/main`)
    await expect(page.getByTestId('commit-list')).toContainText('<script>')
    await page.getByTestId('commit-list').locator('a').first().click()
    await expect(page.getByTestId('commit-title')).toContainText('<img src=x')
    await page.locator('[data-testid="file-diff"] a', { hasText: 'onerror' }).click()
    // a Markdown file renders sanitized (here: to nothing); its source shows the text as text
    await expect(page.getByRole('link', { name: 'Source' })).toBeVisible()
    await expect(page.locator('main script')).toHaveCount(0)
    await page.getByRole('link', { name: 'Source' }).click()
    await expect(page.getByTestId('file-content')).toContainText('<script>')
    await page.goto(`${relay.url}#/r/${rid}`)
    await page.getByTestId('readme').locator('a', { hasText: 'click' }).click({ force: true }).catch(() => {})
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined()
    expect(dialogs).toEqual([])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a bundle that is not one gives a clear error and changes nothing', async ({ relay, openTab }) => {
  const { page } = await openTab(relay.url, '#/import')
  const junk = join(work, 'junk.bundle')
  writeFileSync(junk, 'this is not a bundle\n')
  await page.getByTestId('bundle-input').setInputFiles(junk)
  await expect(page.getByTestId('import-error')).toContainText('not a git bundle')
  await page.goto(relay.url + '#/')
  await expect(page.getByText('No repositories yet')).toBeVisible()
})
