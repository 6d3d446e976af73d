// The diff views' object store takes a pack isomorphic-git has loaded
// already instead of reading the file again (20 MB out of IndexedDB in the
// tab), and reads it itself when isomorphic-git has not.
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterAll, describe, expect, it, vi } from 'vitest'
import git from 'isomorphic-git'
import { git as gitCli, makeFixtureRepo } from '../../test/fixtures/git-fixture.js'
import { MemoryRepoIndex } from '../repo/repo-index.js'
import { Repos } from '../repo/repos.js'
import { objectReader } from './diff-object-store.js'
import type { GitFs } from '../repo/fs.js'

const dirs: string[] = []
afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }) })

async function imported (): Promise<{ repos: Repos, rid: string, head: string }> {
  const work = makeFixtureRepo()
  const dir = await mkdtemp(join(tmpdir(), 'guts-diff-store-'))
  dirs.push(work, dir)
  gitCli(work, 'bundle', 'create', '-q', join(dir, 'all.bundle'), '--all')
  const repos = new Repos({ fs: fs as unknown as GitFs, index: new MemoryRepoIndex(), key: await generateKeyPair('Ed25519'), root: join(dir, 'store'), author: () => ({ name: 'a', email: 'a@example.org' }) })
  const record = await repos.importBundle(new Uint8Array(fs.readFileSync(join(dir, 'all.bundle'))), { name: 'fixture' })
  return { repos, rid: record.rid, head: gitCli(work, 'rev-parse', 'HEAD').trim() }
}

const packReads = (spy: { mock: { calls: unknown[][] } }): number => spy.mock.calls.filter(c => String(c[0]).endsWith('.pack')).length

describe('objectReader', () => {
  it('takes the pack isomorphic-git loaded, and reads it itself otherwise', async () => {
    const a = await imported()
    await git.readObject({ fs, gitdir: a.repos.gitdir(a.rid), oid: a.head, cache: a.repos.cache(a.rid) })
    const spy = vi.spyOn(fs.promises, 'readFile')
    try {
      expect((await objectReader(a.repos, a.rid)(a.head))?.type).toBe('commit')
      expect(packReads(spy)).toBe(0)
      const b = await imported()
      spy.mockClear()
      expect((await objectReader(b.repos, b.rid)(b.head))?.type).toBe('commit')
      expect(packReads(spy)).toBe(1)
    } finally {
      spy.mockRestore()
    }
  })
})
