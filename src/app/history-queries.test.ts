// The app handle's blame and history on a repository imported from a git
// bundle: ranges as git blame groups lines, and history pages that cover the
// log exactly once, with an empty page (and the total) past the end.
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRepositories } from './repositories.js'
import { git, makeFixtureRepo } from '../../test/fixtures/git-fixture.js'
import { MemoryRepoIndex } from '../repo/repo-index.js'
import { Repos } from '../repo/repos.js'
import type { GitFs } from '../repo/fs.js'
import type { RepoRecord } from '../repo/repo-index.js'

let dir: string
let fixture: string
let handle: ReturnType<typeof createRepositories>
let record: RepoRecord

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guts-history-queries-'))
  fixture = makeFixtureRepo()
  git(fixture, 'bundle', 'create', '-q', join(dir, 'f.bundle'), '--all')
  const repos = new Repos({ fs: fs as unknown as GitFs, index: new MemoryRepoIndex(), key: await generateKeyPair('Ed25519'), root: join(dir, 'repos'), author: () => ({ name: 'a', email: 'a@example.org' }) })
  handle = createRepositories({ repos })
  record = await handle.importBundle(new Uint8Array(fs.readFileSync(join(dir, 'f.bundle'))), { name: 'f' })
}, 120_000)
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
  await rm(fixture, { recursive: true, force: true })
})

describe('history queries', () => {
  it('blame groups lines by commit as git blame does', async () => {
    const b = await handle.blame(record, 'main', 'src/main.ts')
    const want = git(fixture, 'blame', '--line-porcelain', 'main', '--', 'src/main.ts').split('\n').flatMap(l => /^([0-9a-f]{40}) \d+ \d+/.exec(l)?.[1] ?? [])
    expect(b?.lines).toEqual(['export const answer = 42', 'export const question = "?"'])
    expect(b?.ranges.flatMap(r => Array(r.count).fill(r.commit.oid))).toEqual(want)
    expect(await handle.blame(record, 'main', 'no/such/file')).toBeNull()
    expect(await handle.blame(record, 'no-such-branch', 'src/main.ts')).toBeUndefined()
  }, 60_000)

  it('history pages cover git log -- <path> once each, and a page past the end is empty with the total', async () => {
    for (const path of ['src', '']) {
      const want = git(fixture, 'log', '--topo-order', '--format=%H', 'main', '--', path === '' ? '.' : path).trim().split('\n')
      const seen: string[] = []
      for (let skip = 0; ; skip += 2) {
        const page = await handle.history(record, 'main', path, { skip, limit: 2 })
        expect(page?.total).toBe(want.length)
        seen.push(...page!.commits.map(c => c.oid))
        if (!page!.more) break
      }
      expect(seen, path).toEqual(want)
      const past = await handle.history(record, 'main', path, { skip: 100, limit: 2 })
      expect(past).toEqual({ commits: [], total: want.length, more: false })
    }
  }, 60_000)

  it('a blame or history whose signal aborts rejects, and is not kept: asked again, it is walked afresh', async () => {
    await expect(handle.blame(record, 'main', 'README.md', { signal: AbortSignal.abort() })).rejects.toThrow(/abort/i)
    const want = git(fixture, 'blame', '--line-porcelain', 'main', '--', 'README.md').split('\n').flatMap(l => /^([0-9a-f]{40}) \d+ \d+/.exec(l)?.[1] ?? [])
    const b = await handle.blame(record, 'main', 'README.md')
    expect(b?.ranges.flatMap(r => Array(r.count).fill(r.commit.oid))).toEqual(want)
    await expect(handle.history(record, 'main', 'README.md', { skip: 0, limit: 5 }, { signal: AbortSignal.abort() })).rejects.toThrow(/abort/i)
    const page = await handle.history(record, 'main', 'README.md', { skip: 0, limit: 5 })
    expect(page?.commits.map(c => c.oid)).toEqual(git(fixture, 'log', '--topo-order', '--format=%H', '-5', 'main', '--', 'README.md').trim().split('\n'))
  }, 60_000)
})
