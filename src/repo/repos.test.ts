// The repository store's promises when storage fails: a clear error, and the
// repository exactly as it was. Uses Node's fs with a quota that runs out.
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StorageFullError } from './errors.js'
import { MemoryRepoIndex } from './repo-index.js'
import { Repos } from './repos.js'
import type { GitFs } from './fs.js'
import type { RepoRecord } from './repo-index.js'

function quotaError (): Error {
  const e = new Error('The quota has been exceeded.')
  e.name = 'QuotaExceededError'
  return e
}

/** Node's fs, with writes that fail once `full` is set. */
function limitedFs (): { fs: GitFs, fill: () => void } {
  let full = false
  const promises = new Proxy(fs.promises, {
    get (target, prop) {
      const v = (target as any)[prop]
      if (prop === 'writeFile' || prop === 'mkdir') {
        return async (...args: any[]) => { if (full) throw quotaError(); return v.apply(target, args) }
      }
      return typeof v === 'function' ? v.bind(target) : v
    }
  })
  return { fs: { ...fs, promises } as unknown as GitFs, fill: () => { full = true } }
}

class FullIndex extends MemoryRepoIndex {
  full = false
  async put (record: RepoRecord): Promise<void> {
    if (this.full) throw quotaError()
    return super.put(record)
  }
}

describe('Repos when storage runs out', () => {
  let dir: string
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'guts-quota-')) })
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  const make = async (fsys: GitFs, index: MemoryRepoIndex): Promise<Repos> => new Repos({
    fs: fsys, index, key: await generateKeyPair('Ed25519'), root: dir, author: () => ({ name: 'a', email: 'a@example.org' })
  })

  it('a commit that cannot write its objects fails clearly and moves nothing', async () => {
    const { fs: fsys, fill } = limitedFs()
    const repos = await make(fsys, new MemoryRepoIndex())
    const record = await repos.create({ name: 'r' })
    fill()
    await expect(repos.commit(record.rid, { branch: 'main', message: 'm', changes: [{ op: 'write', path: 'a.txt', content: new Uint8Array([1, 2, 3]) }] }))
      .rejects.toThrow(StorageFullError)
    expect(await repos.get(record.rid)).toEqual(record)
  })

  it('a commit whose refs cannot be stored fails clearly and moves nothing', async () => {
    const index = new FullIndex()
    const repos = await make(fs as unknown as GitFs, index)
    const record = await repos.create({ name: 'r' })
    index.full = true
    const err = await repos.commit(record.rid, { branch: 'main', message: 'm', changes: [{ op: 'write', path: 'a.txt', content: new Uint8Array([1]) }] }).catch(e => e)
    expect(err).toBeInstanceOf(StorageFullError)
    expect(err.message).toMatch(/storage for this site is full.*the repository is as it was/)
    index.full = false
    expect((await repos.get(record.rid)).signedRefs).toEqual(record.signedRefs)
  })

  it('a failed create leaves no repository and no directory behind', async () => {
    const { fs: fsys, fill } = limitedFs()
    const repos = await make(fsys, new MemoryRepoIndex())
    fill()
    await expect(repos.create({ name: 'r' })).rejects.toThrow(StorageFullError)
    expect(await repos.list()).toEqual([])
    expect(fs.readdirSync(dir)).toEqual([])
  })

  it('only a delegate can commit, and bad edits are refused before anything is written', async () => {
    const repos = await make(fs as unknown as GitFs, new MemoryRepoIndex())
    const record = await repos.create({ name: 'r' })
    await expect(repos.commit(record.rid, { branch: 'main', message: '', changes: [] })).rejects.toThrow(/message/)
    await expect(repos.commit(record.rid, { branch: 'main', message: 'x', changes: [{ op: 'write', path: '../evil', content: new Uint8Array() }] })).rejects.toThrow(/\.\./)
    await expect(repos.commit(record.rid, { branch: 'main', message: 'x', changes: [{ op: 'write', path: '.git/config', content: new Uint8Array() }] })).rejects.toThrow(/\.git/)
    await expect(repos.commit(record.rid, { branch: 'bad..name', message: 'x', changes: [{ op: 'write', path: 'a', content: new Uint8Array() }] })).rejects.toThrow(/branch name/)
    // another peer holding a copy cannot change it
    const other = new Repos({ fs: fs as unknown as GitFs, index: repos.index, key: await generateKeyPair('Ed25519'), root: dir, author: () => ({ name: 'b', email: 'b@example.org' }) })
    await expect(other.commit(record.rid, { branch: 'main', message: 'x', changes: [{ op: 'write', path: 'a', content: new Uint8Array() }] })).rejects.toThrow(/delegates/)
    expect((await repos.get(record.rid)).signedRefs.seq).toBe(1)
  })
})
