// What a route names, checked on a repository git made: folders, files,
// submodule-free misses with the nearest folder that is there, unknown refs,
// and abbreviated commit ids as git resolves them (unique: the commit;
// ambiguous: an error that says so; unknown: nothing).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { git, makeFixtureRepo } from '../../test/fixtures/git-fixture.js'
import { pathAt } from './path-kind.js'
import { resolveCommit, splitRefAndPath } from './read.js'
import { MemoryRepoIndex } from './repo-index.js'
import { Repos } from './repos.js'
import type { GitFs } from './fs.js'
import type { RepoRecord } from './repo-index.js'

let dir: string
let source: string
let repos: Repos
let record: RepoRecord
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guts-path-kind-'))
  source = makeFixtureRepo()
  repos = new Repos({ fs: fs as unknown as GitFs, index: new MemoryRepoIndex(), key: await generateKeyPair('Ed25519'), root: dir, author: () => ({ name: 'a', email: 'a@example.org' }) })
  const bundle = join(dir, 'fixture.bundle')
  git(source, 'bundle', 'create', '-q', bundle, '--all')
  record = await repos.importBundle(new Uint8Array(fs.readFileSync(bundle)), { name: 'fixture' })
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
  await rm(source, { recursive: true, force: true })
})

describe('pathAt', () => {
  it('tells folders from files, as git ls-tree does', async () => {
    const tip = git(source, 'rev-parse', 'main').trim()
    expect(await pathAt(repos, record, 'main', '')).toEqual({ kind: 'tree', commit: tip })
    expect(await pathAt(repos, record, 'main', 'src')).toEqual({ kind: 'tree', commit: tip })
    expect(await pathAt(repos, record, 'main', 'src/main.ts')).toEqual({ kind: 'blob', commit: tip })
    expect(await pathAt(repos, record, 'v1.0', 'docs/übersicht/naïve café.md')).toMatchObject({ kind: 'blob' })
  })

  it('names the nearest folder that is there when a path is not', async () => {
    expect(await pathAt(repos, record, 'main', 'nope')).toMatchObject({ kind: 'missing', closest: '' })
    expect(await pathAt(repos, record, 'main', 'src/nope/deeper.ts')).toMatchObject({ kind: 'missing', closest: 'src' })
    // a file is no folder: nothing below it
    expect(await pathAt(repos, record, 'main', 'src/main.ts/x')).toMatchObject({ kind: 'missing', closest: 'src' })
    // deleted since v1.0: there then, not now
    expect(await pathAt(repos, record, 'v1.0', 'empty.txt')).toMatchObject({ kind: 'blob' })
    expect(await pathAt(repos, record, 'main', 'empty.txt')).toMatchObject({ kind: 'missing', closest: '' })
  })

  it('says when the ref names nothing', async () => {
    expect(await pathAt(repos, record, 'no-such-branch', 'src')).toEqual({ kind: 'no-rev' })
  })
})

describe('abbreviated commit ids', () => {
  it('resolve as git rev-parse resolves them when only one object starts so', async () => {
    const full = git(source, 'rev-parse', 'feature').trim()
    const short = git(source, 'rev-parse', '--short=7', 'feature').trim()
    expect(await resolveCommit(repos, record, short)).toBe(full)
    expect(await resolveCommit(repos, record, full.slice(0, 12))).toBe(full)
    // in a route: the short id is the ref, the rest the path
    expect(splitRefAndPath([short, 'src', 'main.ts'], record)).toEqual({ ref: short, path: 'src/main.ts' })
    expect(await pathAt(repos, record, short, 'src/feature.ts')).toEqual({ kind: 'blob', commit: full })
  })

  it('name nothing when no object starts so, and say so when several do', async () => {
    expect(await resolveCommit(repos, record, 'ffffffffff')).toBeUndefined()
    // 2,000 more objects (blobs, in a pack git writes) make four-digit
    // prefixes that several ids share certain
    const gitdir = repos.gitdir(record.rid)
    const stream = Array.from({ length: 2000 }, (_, i) => `blob\ndata ${String(i).length + 5}\nblob ${i}\n`).join('')
    execFileSync('git', ['--git-dir', gitdir, 'fast-import', '--quiet'], { input: stream })
    repos.dropCache(record.rid)
    const ids = execFileSync('git', ['--git-dir', gitdir, 'cat-file', '--batch-all-objects', '--batch-check=%(objectname)'], { encoding: 'utf8' }).split('\n').filter(Boolean)
    const counts = new Map<string, number>()
    for (const id of ids) counts.set(id.slice(0, 4), (counts.get(id.slice(0, 4)) ?? 0) + 1)
    const shared = [...counts].find(([, n]) => n > 1)![0]
    await expect(resolveCommit(repos, record, shared)).rejects.toMatchObject({ name: 'AmbiguousRevisionError' })
    expect(() => execFileSync('git', ['--git-dir', gitdir, 'rev-parse', '--verify', '-q', shared], { stdio: 'pipe' })).toThrow()
    expect(await resolveCommit(repos, record, '12')).toBeUndefined()
  })
})
