// Our repository code against the stock git CLI, on a repository git made.
// The same code runs in the tab; here isomorphic-git gets Node's fs.
import fs from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseBundleHeader } from '../../src/core/bundle.js'
import { MemoryRepoIndex } from '../../src/repo/repo-index.js'
import { Repos } from '../../src/repo/repos.js'
import { allObjects, git, listFiles, makeFixtureRepo, refList } from '../fixtures/git-fixture.js'
import type { GitFs } from '../../src/repo/fs.js'

describe('repositories against stock git', () => {
  let fixture: string
  let work: string
  let repos: Repos

  beforeAll(async () => {
    fixture = makeFixtureRepo()
    work = await mkdtemp(join(tmpdir(), 'guts-interop-'))
    repos = new Repos({
      fs: fs as unknown as GitFs,
      index: new MemoryRepoIndex(),
      key: await generateKeyPair('Ed25519'),
      root: join(work, 'repos'),
      author: () => ({ name: 'Tab Author', email: 'tab@example.org' })
    })
    fs.mkdirSync(join(work, 'repos'))
  })
  afterAll(async () => {
    await rm(fixture, { recursive: true, force: true })
    await rm(work, { recursive: true, force: true })
  })

  it('imports a bundle with every commit, tree and blob git has, and the same refs', async () => {
    const bundle = join(work, 'fixture.bundle')
    git(fixture, 'bundle', 'create', '-q', bundle, '--all')
    const record = await repos.importBundle(new Uint8Array(await readFile(bundle)), { name: 'fixture' })
    const ours = repos.gitdir(record.rid)
    expect(allObjects(ours)).toEqual(allObjects(join(fixture, '.git')))
    expect(Object.entries(record.signedRefs.refs).map(([n, o]) => `${n} ${o}`).sort()).toEqual(refList(join(fixture, '.git')))
    expect(record.defaultBranch).toBe('main')
    // what we wrote is a valid git repository in its own right
    git(ours, '--git-dir', ours, 'fsck', '--full', '--strict')
  })

  it('exports a bundle that git clones and finds clean, with the same history', async () => {
    const record = (await repos.list()).find(r => r.name === 'fixture')!
    const out = join(work, 'export.bundle')
    await writeFile(out, await repos.exportBundle(record.rid))
    git(fixture, 'bundle', 'verify', '-q', out)
    const clone = join(work, 'clone')
    git(work, 'clone', '-q', '--mirror', out, clone)
    git(clone, '--git-dir', clone, 'fsck', '--full', '--strict')
    expect(allObjects(clone)).toEqual(allObjects(join(fixture, '.git')))
    expect(refList(clone)).toEqual(refList(join(fixture, '.git')))
    const log = (d: string): string => git(d, '--git-dir', d, 'log', '--all', '--format=%H %P %an %ae %at %s')
    expect(log(clone)).toBe(log(join(fixture, '.git')))
    // a plain clone checks out the default branch
    const checkout = join(work, 'checkout')
    git(work, 'clone', '-q', out, checkout)
    expect(git(checkout, 'rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe('main')
  })

  it('imports from a .git directory as a folder picker gives it', async () => {
    const gitdir = join(fixture, '.git')
    // loose objects and a pack side by side, as in a real working copy
    git(fixture, 'repack', '-q', '-d')
    fs.writeFileSync(join(fixture, 'loose.txt'), 'a loose object\n')
    git(fixture, 'add', 'loose.txt')
    git(fixture, 'commit', '-q', '-m', 'A loose commit')
    const files = listFiles(gitdir).map(p => ({ path: p, read: async () => new Uint8Array(await readFile(join(gitdir, p))) }))
    const record = await repos.importGitdir(files, { name: 'from-folder' })
    const ours = repos.gitdir(record.rid)
    expect(allObjects(ours)).toEqual(allObjects(gitdir))
    expect(Object.entries(record.signedRefs.refs).map(([n, o]) => `${n} ${o}`).sort()).toEqual(refList(gitdir))
    git(ours, '--git-dir', ours, 'fsck', '--full', '--strict')
  })

  it('refuses a folder whose pack is damaged, even with a matching .idx beside it', async () => {
    const gitdir = join(fixture, '.git')
    const count = (await repos.list()).length
    const files = listFiles(gitdir).map(p => ({
      path: p,
      read: async () => {
        const bytes = new Uint8Array(await readFile(join(gitdir, p)))
        if (p.endsWith('.pack')) bytes[bytes.length >> 1] ^= 0xff
        return bytes
      }
    }))
    await expect(repos.importGitdir(files, { name: 'damaged' })).rejects.toThrow(/damaged/)
    expect((await repos.list()).length).toBe(count)
  })

  it('creates, edits, renames and deletes in real git commits that git accepts', async () => {
    const record = await repos.create({ name: 'fresh', description: 'made in a tab' })
    const gitdir = repos.gitdir(record.rid)
    const first = record.signedRefs.refs['refs/heads/main']
    const c1 = await repos.commit(record.rid, {
      branch: 'main',
      message: 'Add files',
      changes: [
        { op: 'write', path: 'src/a.ts', content: new TextEncoder().encode('export const a = 1\n') },
        { op: 'write', path: 'docs/ünïcode.md', content: new TextEncoder().encode('hi\n') }
      ]
    })
    const c2 = await repos.commit(record.rid, {
      branch: 'main',
      message: 'Rename and delete',
      expectedHead: c1,
      changes: [{ op: 'rename', from: 'src/a.ts', to: 'lib/a.ts' }, { op: 'delete', path: 'docs/ünïcode.md' }]
    })
    await repos.createBranch(record.rid, 'topic', c2)
    const after = await repos.get(record.rid)
    expect(after.signedRefs.seq).toBe(4)
    expect(after.signedRefs.refs).toEqual({ 'refs/heads/main': c2, 'refs/heads/topic': c2 })
    git(gitdir, '--git-dir', gitdir, 'fsck', '--full', '--strict')
    expect(git(gitdir, '--git-dir', gitdir, 'rev-list', 'main').trim().split('\n')).toEqual([c2, c1, first])
    expect(git(gitdir, '--git-dir', gitdir, 'ls-tree', '-r', '--name-only', 'main').trim().split('\n')).toEqual(['README.md', 'lib/a.ts'])
    expect(git(gitdir, '--git-dir', gitdir, 'log', '-1', '--format=%an <%ae> %s', 'main').trim()).toBe('Tab Author <tab@example.org> Rename and delete')
    // a stale expected head is refused and nothing moves
    await expect(repos.commit(record.rid, { branch: 'main', message: 'x', expectedHead: c1, changes: [{ op: 'delete', path: 'README.md' }] })).rejects.toThrow(/has moved/)
    expect((await repos.get(record.rid)).signedRefs.seq).toBe(4)
  })

  it('refuses a bundle with missing objects and leaves nothing behind', async () => {
    // a thin bundle: only the last commit, its parents are prerequisites
    const thin = join(work, 'thin.bundle')
    git(fixture, 'bundle', 'create', '-q', thin, 'main~1..main')
    const before = fs.readdirSync(join(work, 'repos')).sort()
    const count = (await repos.list()).length
    await expect(repos.importBundle(new Uint8Array(await readFile(thin)))).rejects.toThrow(/part of a history/)
    // and a pack that lacks a reachable object: point a branch at a commit the pack does not hold
    const full = new Uint8Array(await readFile(join(work, 'fixture.bundle')))
    const { packOffset } = parseBundleHeader(full)
    const header = new TextDecoder().decode(full.subarray(0, packOffset))
    const bogus = '0123456789abcdef0123456789abcdef01234567'
    const forged = new TextEncoder().encode(header.replace(/^[0-9a-f]{40} refs\/heads\/feature$/m, `${bogus} refs/heads/feature`))
    const patched = new Uint8Array(forged.length + full.length - packOffset)
    patched.set(forged)
    patched.set(full.subarray(packOffset), forged.length)
    await expect(repos.importBundle(patched)).rejects.toThrow(/missing/)
    expect((await repos.list()).length).toBe(count)
    expect(fs.readdirSync(join(work, 'repos')).sort()).toEqual(before)
  })
})
