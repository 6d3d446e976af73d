// Consolidating a repository's packs (src/repo/consolidate.ts): after many
// received packs, one pack holds everything; a stop at any write, rename or
// removal leaves every object readable, and the next run finishes the job.
// Checked by the stock git.
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consolidatePacks } from '../../src/repo/consolidate.js'
import { looseIds, packNames, withObjectStore } from '../../src/repo/object-files.js'
import { planPack } from '../../src/repo/pack/pack-writer.js'
import { packFor } from '../../src/repo/remote.js'
import { git } from '../fixtures/git-fixture.js'
import { drain, fetchInto, gitTakesPack, makeRepos, reachableIds } from './pack-repos.js'
import type { GitFs } from '../../src/repo/fs.js'
import type { Repos } from '../../src/repo/repos.js'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const MUTATING = new Set(['writeFile', 'rename', 'unlink', 'rmdir', 'mkdir'])

/**
 * Node's fs, where the `crashAt`-th change (write, rename, removal) fails
 * and so does everything after it, as if the process had died there: no
 * clean-up code gets to run. `changes` counts the changes made.
 */
function crashingFs (crashAt: number): { fs: GitFs, changes: () => number } {
  let n = 0
  let dead = false
  const promises = new Proxy(fs.promises, {
    get (target, prop) {
      const v = (target as any)[prop]
      if (typeof v !== 'function') return v
      return async (...args: any[]) => {
        if (!dead && MUTATING.has(String(prop)) && ++n === crashAt) dead = true
        if (dead) throw new Error(`crashed at change ${crashAt} (${String(prop)})`)
        return v.apply(target, args)
      }
    }
  })
  return { fs: { ...fs, promises } as unknown as GitFs, changes: () => n }
}

/** Every object file the repository holds, for git: ids, sorted. */
const heldIds = (gitdir: string): string[] => git(gitdir, '--git-dir', gitdir, 'cat-file', '--batch-all-objects', '--batch-check=%(objectname)').trim().split('\n').sort()

describe('consolidating packs', () => {
  let work: string
  let author: Repos
  let replica: Repos
  let rid: string
  /** a replica's git directory with 8 received packs and 2 loose objects, copied for each run */
  let template: string
  let everything: string[]

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'guts-consolidate-'))
    author = await makeRepos(join(work, 'author'), 'author')
    replica = await makeRepos(join(work, 'replica'), 'replica')
    replica.packLimit = undefined
    rid = (await author.create({ name: 'packs' })).rid
    await fetchInto(author, replica, rid)
    for (let k = 1; k < 8; k++) {
      await author.commit(rid, { branch: 'main', message: `c${k}`, changes: [{ op: 'write', path: `d${k % 2}/f${k % 3}.txt`, content: text(`v${k}\n`.repeat(50 * k)) }] })
      await fetchInto(author, replica, rid)
    }
    template = replica.gitdir(rid)
    // loose objects no ref reaches (kept: they may be a change in progress)
    fs.writeFileSync(join(work, 'blob'), 'loose one\n')
    git(template, '--git-dir', template, 'hash-object', '-w', join(work, 'blob'))
    fs.writeFileSync(join(work, 'blob'), 'loose two\n')
    git(template, '--git-dir', template, 'hash-object', '-w', join(work, 'blob'))
    expect(await packNames(fs as unknown as GitFs, template)).toHaveLength(8)
    everything = heldIds(template)
  }, 60_000)
  afterAll(async () => { await rm(work, { recursive: true, force: true }) })

  const copy = (name: string): string => {
    const dir = join(work, name)
    fs.cpSync(template, dir, { recursive: true })
    return dir
  }

  const leftovers = (gitdir: string): string[] => [
    ...fs.readdirSync(join(gitdir, 'objects', 'pack')).filter(f => !/^pack-[0-9a-f]{40}\.(pack|idx)$/.test(f)),
    ...fs.readdirSync(join(gitdir, 'objects')).filter(d => /^[0-9a-f]{2}$/.test(d)).flatMap(d => fs.readdirSync(join(gitdir, 'objects', d)).filter(f => !/^[0-9a-f]{38}$/.test(f)))
  ]

  it('merges every pack and loose object into one pack that git finds clean', async () => {
    const gitdir = copy('whole')
    const nodeFs = fs as unknown as GitFs
    // what git keeps beside a pack goes with it
    const first = (await packNames(nodeFs, gitdir))[0]
    fs.writeFileSync(join(gitdir, 'objects', 'pack', `${first}.keep`), '')
    const result = await consolidatePacks(nodeFs, gitdir)
    expect(result).toMatchObject({ packs: 8, loose: 2, objects: everything.length })
    expect(await packNames(nodeFs, gitdir)).toHaveLength(1)
    expect(await looseIds(nodeFs, gitdir)).toEqual([])
    expect(leftovers(gitdir)).toEqual([])
    expect(heldIds(gitdir)).toEqual(everything)
    git(gitdir, '--git-dir', gitdir, 'fsck', '--full', '--strict')
    git(gitdir, '--git-dir', gitdir, 'verify-pack', join(gitdir, `${result!.stem}.idx`))
    // nothing left to merge
    expect(await consolidatePacks(nodeFs, gitdir)).toBeUndefined()
  })

  it('a stop at any change leaves every object readable, and the next run cleans up and finishes', async () => {
    const probe = crashingFs(Number.MAX_SAFE_INTEGER)
    const gitdir = copy('probe')
    await consolidatePacks(probe.fs, gitdir)
    const steps = probe.changes()
    expect(steps).toBeGreaterThan(10)
    for (let at = 1; at <= steps; at++) {
      const dir = copy(`crash-${at}`)
      const { fs: crashing } = crashingFs(at)
      // (a stop at the last steps, removing emptied directories, is no failure)
      const outcome = await consolidatePacks(crashing, dir).then(() => 'done', (err: Error) => err.message)
      if (outcome !== 'done') expect(outcome).toMatch(/crashed/)
      // every object still there, for git and for our own reader
      expect(heldIds(dir), `after a stop at change ${at}`).toEqual(everything)
      git(dir, '--git-dir', dir, 'fsck', '--full', '--strict', '--no-dangling')
      const nodeFs = fs as unknown as GitFs
      const all = await withObjectStore(nodeFs, dir, async store => { try { return (await planPack(store, everything)).objects } finally { store.release() } })
      expect(all).toBe(everything.length)
      // the next run: one pack, nothing left over
      await consolidatePacks(nodeFs, dir)
      expect(await packNames(nodeFs, dir), `after a stop at change ${at}`).toHaveLength(1)
      expect(leftovers(dir), `after a stop at change ${at}`).toEqual([])
      expect(heldIds(dir)).toEqual(everything)
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)

  it('a reader that listed the packs before they were merged reads them all again from the new one', async () => {
    const gitdir = copy('reader')
    const nodeFs = fs as unknown as GitFs
    let attempts = 0
    const n = await withObjectStore(nodeFs, gitdir, async store => {
      try {
        // the first listing is of the old packs; they go before this reader loads one
        if (attempts++ === 0) await consolidatePacks(nodeFs, gitdir)
        return (await planPack(store, everything)).objects
      } finally {
        store.release()
      }
    })
    expect(attempts).toBe(2)
    expect(n).toBe(everything.length)
  })

  it('a repository past its pack limit consolidates after a received pack, and still clones clean', async () => {
    const tab = await makeRepos(join(work, 'tab'), 'tab')
    tab.packLimit = 4
    await fetchInto(author, tab, rid)
    const counts: number[] = []
    for (let k = 0; k < 7; k++) {
      await author.commit(rid, { branch: 'main', message: `t${k}`, changes: [{ op: 'write', path: `t${k % 2}.txt`, content: text(`t${k}\n`) }] })
      await fetchInto(author, tab, rid)
      counts.push((await packNames(tab.fs, tab.gitdir(rid))).length)
    }
    // 2, 3, 4 packs; a fifth is merged at once; then 2, 3, 4 again
    expect(counts).toEqual([2, 3, 4, 1, 2, 3, 4])
    const record = await tab.get(rid)
    const clone = await drain(await packFor(tab, rid, [...new Set(Object.values(record.signedRefs.refs))], []))
    expect(gitTakesPack(clone, record.signedRefs.refs)).toEqual(reachableIds(author.gitdir(rid)))
    // and by hand (a schedule), under the repository's lock
    expect(await tab.consolidate(rid)).toMatchObject({ packs: 4 })
    expect(await packNames(tab.fs, tab.gitdir(rid))).toHaveLength(1)
  })

  it("packs a tab's own commits' loose objects every commitsPerPack commits", async () => {
    const mine = await makeRepos(join(work, 'mine'), 'mine')
    mine.commitsPerPack = 5
    const own = (await mine.create({ name: 'own' })).rid
    const gitdir = mine.gitdir(own)
    const loose: number[] = []
    for (let k = 0; k < 10; k++) {
      await mine.commit(own, { branch: 'main', message: `m${k}`, changes: [{ op: 'write', path: `m/f${k}.txt`, content: text(`m${k}\n`) }] })
      loose.push((await looseIds(mine.fs, gitdir)).length)
    }
    // four new objects a commit (blob, two trees, commit), packed at the fifth and the tenth
    expect(loose[4]).toBe(0)
    expect(loose[9]).toBe(0)
    expect(loose[3]).toBeGreaterThan(0)
    // a pack of their own each time: the packs already there are left alone
    expect(await packNames(mine.fs, gitdir)).toHaveLength(2)
    git(gitdir, '--git-dir', gitdir, 'fsck', '--full', '--strict', '--no-dangling')
    const record = await mine.get(own)
    const clone = await drain(await packFor(mine, own, [...new Set(Object.values(record.signedRefs.refs))], []))
    expect(gitTakesPack(clone, record.signedRefs.refs)).toEqual(reachableIds(gitdir))
  })
})
