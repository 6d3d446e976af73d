// A commit of many files, one of them a lock file and one a long rewrite:
// a list of every file with its counts first, the lock file and the long
// diff collapsed until asked for. Rendered by Preact into jsdom from a real
// repository, through the app layer.
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
import { CommitView } from './CommitView.js'
import { startsCollapsed } from './DiffFiles.js'
import type { GutsApp } from '../../app/types.js'
import type { GitFs } from '../../repo/fs.js'

const dom = new JSDOM('<!doctype html><div id="root"></div>')
const globals = globalThis as Record<string, unknown>
let dir: string
let repos: Repos
const text = (s: string): Uint8Array => new TextEncoder().encode(s)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guts-commitview-'))
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

describe('CommitView', () => {
  it('lists every file with its counts, and collapses lock files and long diffs', async () => {
    const record = await repos.create({ name: 'big' })
    const long = Array.from({ length: 600 }, (_, i) => `line ${i}`).join('\n') + '\n'
    const oid = await repos.commit(record.rid, {
      branch: 'main',
      message: 'many files',
      changes: [
        { op: 'write', path: 'package-lock.json', content: text('{ "lockfileVersion": 3 }\n') },
        { op: 'write', path: 'src/long.txt', content: text(long) },
        { op: 'write', path: 'src/a.ts', content: text('export const a = 1\n') },
        { op: 'write', path: 'src/b.ts', content: text('export const b = 2\n') }
      ]
    })
    const app = { repos: createRepositories({ repos }) } as unknown as GutsApp
    const root = dom.window.document.getElementById('root')!
    render(h(CommitView, { app, record: await repos.get(record.rid), oid }), root)
    const list = await eventually(() => root.querySelector('[data-testid=file-list]'))
    expect(list.querySelectorAll('li')).toHaveLength(4)
    expect(list.textContent).toContain('src/long.txt')
    // the diffs are computed after the list shows: the totals say so until all are in
    await eventually(() => list.textContent!.includes('+600') ? true : undefined)
    await eventually(() => root.querySelector('[data-testid=counting]') == null ? true : undefined)
    expect(root.querySelector('[data-testid=commit-stats]')!.textContent).toContain('4 files changed, +603 −0')
    // two collapsed (the lock file, the 600-line diff), two shown
    expect(root.querySelectorAll('[data-testid=show-diff]')).toHaveLength(2)
    expect(root.querySelectorAll('table.diff-table')).toHaveLength(2)
    ;(root.querySelector('[data-testid=show-diff]') as HTMLButtonElement).click()
    await eventually(() => root.querySelectorAll('table.diff-table').length === 3 ? true : undefined)
  })

  it('collapses generated files whatever their size', () => {
    expect(startsCollapsed('yarn.lock', 3)).toBe(true)
    expect(startsCollapsed('web/app.min.js', 3)).toBe(true)
    expect(startsCollapsed('dist/index.js', 3)).toBe(true)
    expect(startsCollapsed('src/index.js', 3)).toBe(false)
    expect(startsCollapsed('src/index.js', 401)).toBe(true)
  })
})
