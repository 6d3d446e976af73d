// The import page: what the bar says after a counted phase ends (the import
// goes on: it stores, checks and signs), and a bundle already held here is
// named, with the choice to open it or import it again. Rendered by Preact
// into jsdom; the second part on real repositories on Node's fs.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { JSDOM } from 'jsdom'
import { h, render } from 'preact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRepositories } from '../../app/repositories.js'
import { MemoryRepoIndex } from '../../repo/repo-index.js'
import { Repos } from '../../repo/repos.js'
import { ImportPage, progressLabel } from './ImportPage.js'
import type { GutsApp, ImportOpts } from '../../app/types.js'
import type { GitFs } from '../../repo/fs.js'

const dom = new JSDOM('<!doctype html><div id="root"></div>', { url: 'http://guts.test/#/import' })
const globals = globalThis as Record<string, unknown>
const dirs: string[] = []
beforeAll(() => {
  globals.window = dom.window
  globals.document = dom.window.document
  globals.location = dom.window.location
})
afterAll(async () => {
  render(null, dom.window.document.getElementById('root')!)
  for (const k of ['window', 'document', 'location']) delete globals[k]
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

async function eventually<T> (read: () => T | null | undefined | false): Promise<T> {
  for (let i = 0; i < 1000; i++) {
    const v = read()
    if (v != null && v !== false) return v
    await new Promise(resolve => setTimeout(resolve, 10))
  }
  throw new Error('timed out waiting for the page')
}

function show (app: GutsApp): HTMLElement {
  const root = dom.window.document.getElementById('root')!
  render(null, root)
  render(h(ImportPage, { app }), root)
  return root as unknown as HTMLElement
}

/** what a file picker gives: a File-like with its bytes */
function pick (root: HTMLElement, bytes: Uint8Array, name = 'repo.bundle'): void {
  const input = root.querySelector('[data-testid=bundle-input]') as HTMLInputElement
  const file = { name, arrayBuffer: async () => bytes.slice().buffer }
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  input.dispatchEvent(new dom.window.Event('change', { bubbles: true }))
}

describe('import progress', () => {
  it('counts with thousands separators, then says it is checking and saving once a phase is done (not a bar stuck at 100%)', async () => {
    let report!: ImportOpts['onProgress']
    let finish!: () => void
    const app = {
      repos: {
        sameAs: async () => [],
        importBundle: async (_bytes: Uint8Array, opts: ImportOpts) => {
          report = opts.onProgress
          await new Promise<void>(resolve => { finish = resolve })
          return { rid: 'R' }
        }
      }
    } as unknown as GutsApp
    const root = show(app)
    pick(root, new Uint8Array(10))
    await eventually(() => report != null)
    const phase = (): string => root.querySelector('[data-testid=import-phase]')?.textContent ?? ''
    const bar = (): HTMLProgressElement => root.querySelector('[data-testid=import-progress] progress') as HTMLProgressElement
    report!({ phase: 'Indexing objects', loaded: 1234, total: 5678 })
    await eventually(() => phase().includes('1,234'))
    expect(phase()).toBe('Indexing objects — 1,234 of 5,678')
    expect(bar().getAttribute('value')).toBe('22')
    report!({ phase: 'Indexing objects', loaded: 5678, total: 5678 })
    await eventually(() => phase().includes('Checking'))
    expect(phase()).toBe('Indexing objects: all 5,678 done. Checking and saving…')
    // indeterminate: no value at all
    expect(bar().hasAttribute('value')).toBe(false)
    finish()
    await eventually(() => location.hash === '#/r/R')
  })

  it('words each kind of report', () => {
    expect(progressLabel({ phase: 'Reading' })).toEqual({ text: 'Reading…' })
    expect(progressLabel({ phase: 'Writing pack', loaded: 2048, total: 4096 })).toEqual({ text: 'Writing pack — 2.0 KB of 4.0 KB', pct: 50 })
    expect(progressLabel({ phase: 'Checking history', loaded: 3, total: 0 })).toEqual({ text: 'Checking history…' })
  })
})

describe('importing a repository held here already', () => {
  it('names the repository it is the same as, offers to open it, and imports it again only when asked', async () => {
    const work = await mkdtemp(join(tmpdir(), 'guts-import-page-'))
    const root = await mkdtemp(join(tmpdir(), 'guts-import-page-repos-'))
    dirs.push(work, root)
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: work, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.org', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.org', GIT_CONFIG_NOSYSTEM: '1', HOME: work } })
    git('init', '-q', '-b', 'main')
    fs.writeFileSync(join(work, 'a.txt'), 'a\n')
    git('add', '-A')
    git('commit', '-q', '-m', 'one')
    git('tag', 'v1')
    git('bundle', 'create', '-q', 'one.bundle', '--all')
    const repos = new Repos({ fs: fs as unknown as GitFs, index: new MemoryRepoIndex(), key: await generateKeyPair('Ed25519'), root, author: () => ({ name: 'a', email: 'a@example.org' }) })
    const handle = createRepositories({ repos })
    const app = { repos: handle } as unknown as GutsApp
    const bundle = new Uint8Array(fs.readFileSync(join(work, 'one.bundle')))
    const first = await handle.importBundle(bundle, { name: 'first' })

    location.hash = '#/import'
    const page = show(app)
    pick(page, bundle)
    const notice = await eventually(() => page.querySelector('[data-testid=import-duplicate]'))
    expect(notice.textContent).toContain('same repository as first')
    expect(page.querySelector('[data-testid=open-existing]')?.getAttribute('href')).toBe(`#/r/${first.rid}`)
    // nothing imported while it asks
    expect((await handle.list()).length).toBe(1)
    ;(page.querySelector('[data-testid=import-anyway]') as HTMLButtonElement).click()
    await eventually(() => location.hash !== '#/import' && location.hash)
    const all = await handle.list()
    expect(all.length).toBe(2)
    expect(location.hash).toBe(`#/r/${all.find(r => r.rid !== first.rid)!.rid}`)

    // one more commit: another history, imported without a question
    fs.writeFileSync(join(work, 'b.txt'), 'b\n')
    git('add', '-A')
    git('commit', '-q', '-m', 'two')
    git('bundle', 'create', '-q', 'two.bundle', '--all')
    location.hash = '#/import'
    const again = show(app)
    pick(again, new Uint8Array(fs.readFileSync(join(work, 'two.bundle'))))
    await eventually(() => location.hash !== '#/import')
    expect(again.querySelector('[data-testid=import-duplicate]')).toBeNull()
    expect((await handle.list()).length).toBe(3)
  })
})
