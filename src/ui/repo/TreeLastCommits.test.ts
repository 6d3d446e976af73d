// The tree view's "last commit" line and column: the folder's line names the
// commit that last touched the folder, not the branch tip, and each entry
// shows its own last commit; the listing shows before those are known.
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
import { TreeView } from './TreeView.js'
import { truncate } from './EntryLastCommit.js'
import type { GutsApp } from '../../app/types.js'
import type { GitFs } from '../../repo/fs.js'

const dom = new JSDOM('<!doctype html><div id="root"></div>')
const globals = globalThis as Record<string, unknown>
let dir: string
let repos: Repos

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guts-treelast-'))
  repos = new Repos({ fs: fs as unknown as GitFs, index: new MemoryRepoIndex(), key: await generateKeyPair('Ed25519'), root: dir, author: () => ({ name: 'a', email: 'a@example.org' }) })
  globals.window = dom.window
  globals.document = dom.window.document
})
afterAll(async () => {
  render(null, dom.window.document.getElementById('root')!)
  delete globals.window
  delete globals.document
  await rm(dir, { recursive: true, force: true })
})

async function eventually<T> (read: () => T | null | undefined): Promise<T> {
  for (let i = 0; i < 1000; i++) {
    const v = read()
    if (v != null) return v
    await new Promise(resolve => setTimeout(resolve, 10))
  }
  throw new Error('timed out waiting for the view')
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('TreeView last commits', () => {
  it('shows the folder\'s and each entry\'s last commit, after the listing', async () => {
    const r = createRepositories({ repos })
    let record = await r.create({ name: 'last' })
    await r.commit(record.rid, { branch: 'main', message: 'Add the docs', changes: [{ op: 'write', path: 'docs/intro.md', content: text('hi') }] })
    await r.commit(record.rid, { branch: 'main', message: 'Add src', changes: [{ op: 'write', path: 'src/a.ts', content: text('a') }] })
    await r.commit(record.rid, { branch: 'main', message: 'Tip: touch only src', changes: [{ op: 'write', path: 'src/b.ts', content: text('b') }] })
    record = await r.record(record.rid)

    // hold the history walk back: the listing must not wait for it
    let release!: () => void
    const held = new Promise<void>(resolve => { release = resolve })
    const app = { repos: { ...r, lastCommits: async (...args: Parameters<typeof r.lastCommits>) => { await held; return await r.lastCommits(...args) } } } as unknown as GutsApp
    const root = dom.window.document.getElementById('root')!
    render(h(TreeView, { app, record, rev: 'main', path: 'docs', delegate: false }), root)
    const files = await eventually(() => root.querySelector('[data-testid=file-tree]'))
    expect(files.textContent).toContain('intro.md')
    expect(root.querySelector('[data-testid=folder-last-commit]')).toBeNull()

    release()
    const folder = await eventually(() => root.querySelector('[data-testid=folder-last-commit]'))
    // not the tip, which did not touch docs/
    expect(folder.textContent).toContain('Add the docs')
    expect(folder.textContent).not.toContain('Tip')
    const cell = await eventually(() => root.querySelector('[data-testid=entry-last-commit]'))
    expect(cell.textContent).toBe('Add the docs')
    render(null, root)
  })

  it('cuts long subjects', () => {
    expect(truncate('x'.repeat(100), 10)).toBe('x'.repeat(9) + '…')
    expect(truncate('short', 10)).toBe('short')
  })
})
