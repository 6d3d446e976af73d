// A folder lists as GitHub lists it: folders first, then files, each by name
// ignoring case, numbers in number order. The entries are what `git ls-tree`
// says (same names, types, ids); only the order is ours.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterAll, describe, expect, it } from 'vitest'
import { compareEntries, compareNames, listTree } from './read.js'
import { MemoryRepoIndex } from './repo-index.js'
import { Repos } from './repos.js'
import type { GitFs } from './fs.js'

const dirs: string[] = []
afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }) })

describe('listTree order', () => {
  it('lists folders first, then files, ignoring case, numbers as numbers', async () => {
    const work = await mkdtemp(join(tmpdir(), 'guts-read-order-'))
    dirs.push(work)
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: work, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.org', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.org', GIT_CONFIG_NOSYSTEM: '1', HOME: work } })
    git('init', '-q', '-b', 'main')
    const files = ['README.md', 'b.txt', 'Apple.txt', 'file10.txt', 'file2.txt', 'file1.txt', 'a.txt', 'a1.txt', 'Makefile', 'src/x.ts', 'Docs/x.md', 'lib/x.js', '_build/x', 'Zeta/x']
    for (const f of files) {
      fs.mkdirSync(join(work, f, '..'), { recursive: true })
      fs.writeFileSync(join(work, f), f)
    }
    git('add', '-A')
    git('commit', '-q', '-m', 'files')
    git('bundle', 'create', '-q', join(work, '..', `${work.split('/').pop()!}.bundle`), '--all')
    const bundle = join(work, '..', `${work.split('/').pop()!}.bundle`)
    const root = await mkdtemp(join(tmpdir(), 'guts-read-order-repos-'))
    dirs.push(root, bundle)
    const repos = new Repos({ fs: fs as unknown as GitFs, index: new MemoryRepoIndex(), key: await generateKeyPair('Ed25519'), root, author: () => ({ name: 'a', email: 'a@example.org' }) })
    const record = await repos.importBundle(new Uint8Array(fs.readFileSync(bundle)), { name: 'order' })
    const items = await listTree(repos, record.rid, record.signedRefs.refs['refs/heads/main'], '')
    expect(items.map(i => i.name)).toEqual(['_build', 'Docs', 'lib', 'src', 'Zeta', 'a.txt', 'a1.txt', 'Apple.txt', 'b.txt', 'file1.txt', 'file2.txt', 'file10.txt', 'Makefile', 'README.md'])
    // the same entries as git's
    const lsTree = git('ls-tree', 'HEAD').trim().split('\n').map(l => { const [meta, name] = l.split('\t'); const [mode, type, oid] = meta.split(' '); return { name, mode, type, oid } })
    expect(items.map(i => ({ name: i.name, mode: i.mode, type: i.type, oid: i.oid })).sort((a, b) => a.name < b.name ? -1 : 1)).toEqual(lsTree.sort((a, b) => a.name < b.name ? -1 : 1))
  })
})

describe('compareNames', () => {
  it('ignores case, then breaks ties in byte order so the order is total', () => {
    expect(['b', 'B', 'a', 'A'].sort(compareNames)).toEqual(['A', 'a', 'B', 'b'])
  })
  it('compares runs of digits as numbers, leading zeros aside', () => {
    expect(['v10', 'v9', 'v1.2', 'v1.10', 'v01'].sort(compareNames)).toEqual(['v01', 'v1.2', 'v1.10', 'v9', 'v10'])
    expect(['x007', 'x7', 'x8'].sort(compareNames)).toEqual(['x007', 'x7', 'x8'])
  })
  it('puts a name before the longer names it begins', () => {
    expect(['a.txt', 'a', 'a1.txt'].sort(compareNames)).toEqual(['a', 'a.txt', 'a1.txt'])
  })
  it('lists submodules with the folders', () => {
    const entries = [{ name: 'z.txt', type: 'blob' }, { name: 'vendor', type: 'commit' }, { name: 'src', type: 'tree' }, { name: 'A.md', type: 'blob' }]
    expect(entries.sort(compareEntries).map(e => e.name)).toEqual(['src', 'vendor', 'A.md', 'z.txt'])
  })
})
