// The app handle's repositories: the UI's only way to the store. Write
// commands announce their own change (the UI once called changed() after
// each, and a view that forgot left peers unaware); queries give plain data.
// A real Repos on Node's fs; sync is a recorder of what it was told.
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRepositories } from './repositories.js'
import { MemoryRepoIndex } from '../repo/repo-index.js'
import { Repos } from '../repo/repos.js'
import type { NetworkPart, SyncPart } from './repositories.js'
import type { CloneProgress } from './types.js'
import type { GitFs } from '../repo/fs.js'

let dir: string
let repos: Repos
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guts-app-repos-'))
  repos = new Repos({ fs: fs as unknown as GitFs, index: new MemoryRepoIndex(), key: await generateKeyPair('Ed25519'), root: dir, author: () => ({ name: 'a', email: 'a@example.org' }) })
})
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

function recorder () {
  const announced: Array<{ rid: string, isNew?: boolean }> = []
  const clones: Array<{ rid: string, patient?: boolean }> = []
  const sync: SyncPart = {
    announce: async (rid, opts) => { announced.push({ rid, isNew: opts?.isNew }) },
    clone: async (rid, opts) => { clones.push({ rid, patient: opts.patient }); opts.onProgress?.({ phase: 'Waiting for peers', tried: 1, next: 0 }); return 'cloned' },
    seedStatus: async () => [],
    relayAnswers: new Map()
  }
  return { sync, announced, clones }
}

describe('the repositories handle', () => {
  it('announces every write itself: views are told, and peers hear of it', async () => {
    const { sync, announced } = recorder()
    const r = createRepositories({ repos, sync })
    let bumps = 0
    r.subscribe(() => bumps++)
    const record = await r.create({ name: 'mine', description: 'd' })
    expect(announced).toEqual([{ rid: record.rid, isNew: true }])
    const oid = await r.commit(record.rid, { branch: 'main', message: 'Add a', changes: [{ op: 'write', path: 'a.txt', content: new TextEncoder().encode('a\n') }] })
    await r.createBranch(await r.record(record.rid), 'feature/x', 'main')
    expect(announced.slice(1)).toEqual([{ rid: record.rid, isNew: undefined }, { rid: record.rid, isNew: undefined }])
    const bundle = await r.exportBundle(record.rid)
    const copy = await r.importBundle(bundle, { name: 'copy' })
    expect(announced.at(-1)).toEqual({ rid: copy.rid, isNew: true })
    expect(bumps).toBe(4)

    // and the queries read what was written
    const now = await r.record(record.rid)
    expect(r.isDelegate(now)).toBe(true)
    expect(r.locate(now, ['feature', 'x', 'a.txt'])).toEqual({ ref: 'feature/x', path: 'a.txt' })
    expect((await r.tree(now, 'main', ''))?.items.map(i => i.name)).toEqual(['a.txt', 'README.md'])
    expect(await r.tree(now, 'nope', '')).toBeUndefined()
    expect(await r.blob(now, 'main', 'missing.txt')).toBeNull()
    expect(await r.blob(now, 'main', 'a.txt')).toMatchObject({ commit: oid, binary: false, bytes: new TextEncoder().encode('a\n') })
    expect((await r.log(now, 'main', { skip: 0, limit: 10 }))?.commits.map(c => c.message.trim())).toEqual(['Add a', 'Initial commit'])
    const diff = await r.diff(now, oid)
    expect(diff.files.map(f => [f.delta.status, f.delta.path, f.diff?.added])).toEqual([['added', 'a.txt', 1]])
    expect((await r.lastCommit(now, oid)).message.trim()).toBe('Add a')
    expect(r.isRid(record.rid) && !r.isRid('not-a-rid')).toBe(true)
  })

  it('refuses a folder without .git in one line, storing and announcing nothing', async () => {
    const { sync, announced } = recorder()
    const r = createRepositories({ repos, sync })
    const files = [{ relativePath: 'work/README.md', read: async () => new Uint8Array() }]
    await expect(r.importGitFolder(files)).rejects.toMatchObject({ name: 'NoGitDirectoryError', message: '"work" holds no .git directory. Pick the folder of a git working copy, or its .git folder.' })
    expect(announced).toEqual([])
  })

  it('clones patiently, once the tab is on the network', async () => {
    const { sync, clones } = recorder()
    let on = false
    const listeners = new Set<() => void>()
    const network: NetworkPart = { onNetwork: () => on, peers: () => [], subscribe: (fn) => { listeners.add(fn); return () => listeners.delete(fn) } }
    const r = createRepositories({ repos, sync, network })
    const seen: CloneProgress[] = []
    const done = r.clone('bafkreiexample', { onProgress: (p) => seen.push(p) })
    await new Promise(resolve => setTimeout(resolve, 20))
    expect(clones).toEqual([])
    on = true
    for (const fn of listeners) fn()
    expect(await done).toBe('cloned')
    expect(clones).toEqual([{ rid: 'bafkreiexample', patient: true }])
    expect(seen.map(p => p.phase)).toEqual(['Joining the network', 'Waiting for peers'])
    expect(listeners.size).toBe(0)
  })

  it('stops waiting for the network when cancelled', async () => {
    const { sync } = recorder()
    const network: NetworkPart = { onNetwork: () => false, peers: () => [], subscribe: () => () => {} }
    const r = createRepositories({ repos, sync, network })
    const ctl = new AbortController()
    const done = r.clone('bafkreiexample', { signal: ctl.signal })
    ctl.abort()
    await expect(done).rejects.toMatchObject({ name: 'AbortError' })
  })
})
