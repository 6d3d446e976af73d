// Packs a tab serves and exports, written from its stored packs and loose
// objects (src/repo/pack/pack-writer.ts) and found by walking from the wants
// down to the haves (src/repo/send-walk.ts), checked by the stock git.
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { packNames } from '../../src/repo/object-files.js'
import { ObjectStore } from '../../src/repo/pack/object-store.js'
import { packFor } from '../../src/repo/remote.js'
import { git } from '../fixtures/git-fixture.js'
import { drain, editedHistory, fetchInto, gitTakesPack, makeRepos, packPlanStats, reachableIds } from './pack-repos.js'
import type { Repos } from '../../src/repo/repos.js'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const tipsOf = async (repos: Repos, rid: string): Promise<string[]> => [...new Set(Object.values((await repos.get(rid)).signedRefs.refs))]

describe('clones from a repository that took in many packs', () => {
  let work: string
  beforeAll(async () => { work = await mkdtemp(join(tmpdir(), 'guts-many-packs-')) })
  afterAll(async () => { await rm(work, { recursive: true, force: true }) })

  it('after 1, 10 and 100 received packs, a clone holds exactly what the refs reach, and git finds it clean', async () => {
    const author = await makeRepos(join(work, 'author'), 'author')
    const replica = await makeRepos(join(work, 'replica'), 'replica')
    replica.packLimit = undefined // keep every pack: the writer merges them all
    // a history git packed with deltas: the replica's first pack holds them
    const src = editedHistory(60, 12)
    const bundle = join(work, 'src.bundle')
    git(src, 'bundle', 'create', '-q', bundle, '--all')
    fs.rmSync(src, { recursive: true, force: true })
    const { rid } = await author.importBundle(new Uint8Array(fs.readFileSync(bundle)), { name: 'many' })
    await fetchInto(author, replica, rid)
    for (let k = 1; k <= 100; k++) {
      const path = k % 4 === 0 ? `f${k % 5}.txt` : `src/d${k % 3}/f${k % 5}.txt`
      const changes = [{ op: 'write' as const, path, content: text(`version ${k}\n`.repeat(20 + k)) }]
      if (k % 10 === 0) await author.createBranch(rid, `b${k}`, (await author.get(rid)).signedRefs.refs['refs/heads/main'])
      await author.commit(rid, { branch: 'main', message: `commit ${k}`, changes })
      const got = await fetchInto(author, replica, rid)
      expect(got.objects).toBeGreaterThan(0)
      if (k === 1 || k === 10 || k === 100) {
        expect(await packNames(replica.fs, replica.gitdir(rid))).toHaveLength(k + 1)
        const record = await replica.get(rid)
        const clone = await packFor(replica, rid, await tipsOf(replica, rid), [])
        const held = gitTakesPack(await drain(clone), record.signedRefs.refs)
        expect(held).toEqual(reachableIds(replica.gitdir(rid)))
        expect(held).toEqual(reachableIds(author.gitdir(rid)))
      }
    }
  }, 180_000)
})

describe('an incremental fetch', () => {
  let work: string
  let src: string
  let author: Repos
  let rid: string
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'guts-incremental-'))
    src = editedHistory(400, 24)
    author = await makeRepos(join(work, 'author'), 'author')
    const bundle = join(work, 'src.bundle')
    git(src, 'bundle', 'create', '-q', bundle, '--all')
    rid = (await author.importBundle(new Uint8Array(fs.readFileSync(bundle)), { name: 'edited' })).rid
  }, 120_000)
  afterAll(async () => {
    await rm(work, { recursive: true, force: true })
    fs.rmSync(src, { recursive: true, force: true })
  })

  it('sends exactly the new objects, reading a handful of objects, not the history', async () => {
    const reads = vi.spyOn(ObjectStore.prototype, 'read')
    try {
      // a clone reads every object: the counter sees the walk
      const clone = await packFor(author, rid, await tipsOf(author, rid), [])
      await clone.close()
      const all = reads.mock.calls.length
      expect(all).toBeGreaterThan(1000)
      expect(clone.objects).toBe(reachableIds(author.gitdir(rid)).length)

      for (const [path, expected] of [['f3.txt', 3], ['dir1/sub0/f4.txt', 5]] as const) {
        const old = (await author.get(rid)).signedRefs.refs['refs/heads/main']
        await author.commit(rid, { branch: 'main', message: `change ${path}`, changes: [{ op: 'write', path, content: text(`new ${path}\n`) }] })
        const tip = (await author.get(rid)).signedRefs.refs['refs/heads/main']
        reads.mockClear()
        const pack = await packFor(author, rid, [tip], [old])
        const bytes = await drain(pack)
        // the commit, the trees on the way down to the file, the file
        expect(pack.objects).toBe(expected)
        expect(bytes.length).toBeLessThan(2048)
        // the new commit and the old one, then their trees down the changed path
        expect(reads.mock.calls.length).toBeLessThanOrEqual(2 + 2 * (expected - 1))
      }
    } finally {
      reads.mockRestore()
    }
  })

  it('from behind by several commits and a new branch, sends what git would, and git takes it', async () => {
    const gitdir = author.gitdir(rid)
    const before = await author.get(rid)
    const haves = [...new Set(Object.values(before.signedRefs.refs))]
    // the receiver: a copy of the repository as it is now
    const peer = join(work, 'peer.git')
    git(work, 'clone', '-q', '--bare', '--no-local', gitdir, peer)
    await author.createBranch(rid, 'topic', before.signedRefs.refs['refs/heads/main'])
    for (let i = 0; i < 5; i++) {
      // a new file, and one at a new path with content the peer holds (a copy)
      const changes = [{ op: 'write' as const, path: `dir2/sub1/f${i}.txt`, content: text(`more ${i}\n`) }, { op: 'write' as const, path: `copies/f${i}.txt`, content: text(git(src, 'show', 'main:f0.txt')) }]
      await author.commit(rid, { branch: i % 2 === 0 ? 'main' : 'topic', message: `more ${i}`, changes })
    }
    const record = await author.get(rid)
    const wants = [...new Set(Object.values(record.signedRefs.refs))]
    const pack = await drain(await packFor(author, rid, wants, haves))
    const expected = git(gitdir, '--git-dir', gitdir, 'rev-list', '--objects', ...wants, '--not', ...haves).trim().split('\n').map(l => l.slice(0, 40)).sort()
    fs.writeFileSync(join(peer, 'objects', 'pack', 'in.pack'), pack)
    git(peer, '--git-dir', peer, 'index-pack', '--strict', join(peer, 'objects', 'pack', 'in.pack'))
    const sent = git(peer, 'verify-pack', '-v', join(peer, 'objects', 'pack', 'in.idx')).split('\n').filter(l => /^[0-9a-f]{40} /.test(l)).map(l => l.slice(0, 40)).sort()
    expect(sent).toEqual(expected)
    for (const [ref, oid] of Object.entries(record.signedRefs.refs)) git(peer, '--git-dir', peer, 'update-ref', ref, oid)
    git(peer, '--git-dir', peer, 'fsck', '--full', '--strict', '--no-dangling')
  })

  it('from an old commit of a repository git packed with deltas, sends a pack that stands on its own', async () => {
    const gitdir = author.gitdir(rid)
    const old = git(gitdir, '--git-dir', gitdir, 'rev-parse', 'main~300').trim()
    const peer = join(work, 'old-peer.git')
    git(work, 'init', '-q', '--bare', peer)
    git(peer, '--git-dir', peer, 'fetch', '-q', '--no-tags', gitdir, `${old}:refs/heads/main`)
    const record = await author.get(rid)
    const wants = [...new Set(Object.values(record.signedRefs.refs))]
    const { bytes, stats } = await packPlanStats(author, rid, wants, [old])
    // entries that were deltas on what the peer holds are sent whole; the rest are copied
    expect(stats.rebuilt).toBeGreaterThan(0)
    expect(stats.rebased).toBeGreaterThan(0)
    fs.writeFileSync(join(peer, 'objects', 'pack', 'in.pack'), bytes)
    git(peer, '--git-dir', peer, 'index-pack', '--strict', join(peer, 'objects', 'pack', 'in.pack'))
    for (const [ref, oid] of Object.entries(record.signedRefs.refs)) git(peer, '--git-dir', peer, 'update-ref', ref, oid)
    git(peer, '--git-dir', peer, 'fsck', '--full', '--strict', '--no-dangling')
    const expected = git(gitdir, '--git-dir', gitdir, 'rev-list', '--objects', ...wants, '--not', old).trim().split('\n').map(l => l.slice(0, 40)).sort()
    const sent = git(peer, 'verify-pack', '-v', join(peer, 'objects', 'pack', 'in.idx')).split('\n').filter(l => /^[0-9a-f]{40} /.test(l)).map(l => l.slice(0, 40)).sort()
    expect(sent).toEqual(expected)
  })

  it('exports a bundle git verifies, about the size of git\'s own', async () => {
    const gitdir = author.gitdir(rid)
    const t0 = performance.now()
    const ours = await author.exportBundle(rid)
    const ms = performance.now() - t0
    const file = join(work, 'ours.bundle')
    fs.writeFileSync(file, ours)
    const theirs = join(work, 'git.bundle')
    git(gitdir, '--git-dir', gitdir, 'bundle', 'create', '-q', theirs, '--all')
    git(src, 'bundle', 'verify', '-q', file)
    const size = fs.statSync(theirs).size
    expect(ours.length).toBeLessThan(size * 1.2)
    const clone = join(work, 'from-bundle')
    git(work, 'clone', '-q', '--mirror', file, clone)
    git(clone, '--git-dir', clone, 'fsck', '--full', '--strict')
    expect(reachableIds(clone)).toEqual(reachableIds(gitdir))
    console.log(`export: ${ours.length} B in ${ms.toFixed(0)} ms; git bundle create --all: ${size} B`)
  })
})
