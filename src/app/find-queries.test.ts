// The handle's find queries on a real Repos (Node's fs; no workers here, so
// search runs in this thread through the same search-tree.ts the worker runs):
// paths at a branch and a commit, cached per tree; search streams lines and
// ends with a summary; a bad revision or query says so.
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findQueries } from './find-queries.js'
import { MemoryRepoIndex } from '../repo/repo-index.js'
import { Repos } from '../repo/repos.js'
import type { LineMatch } from './find-queries.js'
import type { GitFs } from '../repo/fs.js'
import type { RepoRecord } from '../repo/repo-index.js'

let dir: string
let repos: Repos
let record: RepoRecord
let first: string
const enc = (s: string): Uint8Array => new TextEncoder().encode(s)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guts-find-queries-'))
  repos = new Repos({ fs: fs as unknown as GitFs, index: new MemoryRepoIndex(), key: await generateKeyPair('Ed25519'), root: dir, author: () => ({ name: 'a', email: 'a@example.org' }) })
  const created = await repos.create({ name: 'find', readme: '# Find\n' })
  first = await repos.commit(created.rid, { branch: 'main', message: 'files', changes: [
    { op: 'write', path: 'src/ui/FileFinder.tsx', content: enc('export function FileFinder () {}\n') },
    { op: 'write', path: 'src/core/fuzzy.ts', content: enc('// fuzzy\nexport const fuzzy = 1\n') }
  ] })
  await repos.commit(created.rid, { branch: 'main', message: 'more', changes: [{ op: 'write', path: 'docs/find.md', content: enc('How to FIND things\n') }] })
  record = (await repos.index.get(created.rid))!
})
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

describe('find queries', () => {
  it('lists every path at a branch and at a commit, in git\'s order', async () => {
    const q = findQueries(repos)
    expect((await q.paths(record, 'main'))?.paths).toEqual(['README.md', 'docs/find.md', 'src/core/fuzzy.ts', 'src/ui/FileFinder.tsx'])
    expect((await q.paths(record, first))?.paths).toEqual(['README.md', 'src/core/fuzzy.ts', 'src/ui/FileFinder.tsx'])
    expect(await q.paths(record, 'nope')).toBeUndefined()
  })

  it('searches the tree at a revision, streaming what it finds', async () => {
    const q = findQueries(repos)
    const lines: LineMatch[] = []
    const summary = await q.search(record, 'main', { text: 'find' }, { onProgress: p => lines.push(...p.found) })
    expect(lines.map(l => `${l.path}:${l.line}`)).toEqual(['README.md:1', 'docs/find.md:1', 'src/ui/FileFinder.tsx:1'])
    expect(summary).toMatchObject({ searched: 4, total: 4, matches: 3, capped: false })
    const exact: LineMatch[] = []
    await q.search(record, 'main', { text: 'FIND', caseSensitive: true }, { onProgress: p => exact.push(...p.found) })
    expect(exact.map(l => l.path)).toEqual(['docs/find.md'])
    expect(await q.search(record, 'nope', { text: 'x' })).toBeUndefined()
    await expect(q.search(record, 'main', { text: '(', regex: true })).rejects.toMatchObject({ name: 'SearchQueryError' })
  })
})
