// indexPack against the real git: packs made by git (OFS_DELTA chains,
// REF_DELTA, thin) and by isomorphic-git, whose .idx must come out byte for
// byte as git's, and damaged or hostile packs, which must be refused with a
// PackError (never a hang, never another kind of error). Indexing while a
// pack arrives, spilled, or in two lanes: index-pack-streaming.test.ts.
import fs from 'node:fs'
import git from 'isomorphic-git'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { indexPack, PackError } from './index-pack.js'
import { OBJ_OFS_DELTA, OBJ_REF_DELTA } from './pack-reader.js'
import { entries, gitIndex as gitIndexOf, makePackFixture, randomBytes, rejection, retrailer, run, verifyPack } from '../../../test/fixtures/pack-fixture.js'
import { mulberry32 as prng } from '../../../test/fixtures/prng.js'
import type { PackFixture } from '../../../test/fixtures/pack-fixture.js'

let fx: PackFixture
let repo: string
let packFile: string
let pack: Uint8Array
let gitIdx: Uint8Array
let tips: string[]
let gitlinkTarget: string

beforeAll(() => {
  fx = makePackFixture()
  ;({ repo, packFile, pack, gitIdx, tips, gitlinkTarget } = fx)
})

afterAll(() => { fx?.remove() })

const gitIndex = (p: Uint8Array): Uint8Array => gitIndexOf(fx, p)

describe('indexPack on packs git made', () => {
  it('writes the same .idx as git for a repacked repository with deep OFS_DELTA chains', async () => {
    const types = entries(pack).map(e => e.type)
    expect(types.filter(t => t === OBJ_OFS_DELTA).length).toBeGreaterThan(30)

    const result = await indexPack(pack)
    expect(Buffer.from(result.idx).equals(Buffer.from(gitIdx))).toBe(true)

    const listed = verifyPack(repo, packFile.replace(/\.pack$/, '.idx'))
    expect(result.oids).toEqual([...listed.keys()].sort())
    const counts = { commit: 0, tree: 0, blob: 0, tag: 0 }
    for (const t of listed.values()) counts[t as keyof typeof counts]++
    expect(result.counts).toEqual(counts)
  })

  it('reports what commits, trees and tags refer to, skipping gitlinks', async () => {
    const { oids, referenced } = await indexPack(pack)
    const have = new Set(oids)
    // a full pack refers only to objects it holds
    for (const oid of referenced) expect(have.has(oid)).toBe(true)
    expect((await indexPack(pack)).outside).toEqual([])
    expect(referenced.has(gitlinkTarget)).toBe(false)
    // and every object is referred to by another, but for the tips: the
    // branch's last commit and the annotated tag
    expect(oids.filter(o => !referenced.has(o)).sort()).toEqual([...tips].sort())
  })

  it('gives the same result however small the cache of delta bases', async () => {
    for (const cacheBytes of [0, 1000, 20_000]) {
      const result = await indexPack(pack, { cacheBytes })
      expect(Buffer.from(result.idx).equals(Buffer.from(gitIdx))).toBe(true)
    }
  })

  it('resolves REF_DELTA packs (pack-objects without --delta-base-offset)', async () => {
    const objects = run(repo, ['rev-list', '--objects', '--all'])
    const refPack = new Uint8Array(run(repo, ['pack-objects', '--stdout', '--no-reuse-delta', '--window=250', '--depth=50', '-q'], objects))
    const types = entries(refPack).map(e => e.type)
    expect(types.filter(t => t === OBJ_REF_DELTA).length).toBeGreaterThan(30)
    expect(types).not.toContain(OBJ_OFS_DELTA)
    for (const cacheBytes of [undefined, 0]) {
      const result = await indexPack(refPack, { cacheBytes })
      expect(Buffer.from(result.idx).equals(Buffer.from(gitIndex(refPack)))).toBe(true)
    }
  })

  it('indexes a pack isomorphic-git made (no deltas) as git does', async () => {
    const oids = run(repo, ['rev-list', '--objects', '--all']).toString().split('\n').filter(l => l !== '').map(l => l.slice(0, 40))
    const { packfile } = await git.packObjects({ fs, dir: repo, oids, write: false })
    const result = await indexPack(packfile!)
    expect(Buffer.from(result.idx).equals(Buffer.from(gitIndex(packfile!)))).toBe(true)
    expect(result.oids).toEqual([...new Set(oids)].sort())
  })

  it('reports progress and stops when aborted', async () => {
    const seen: Array<[number, number]> = []
    const result = await indexPack(pack, { onProgress: (done, total) => seen.push([done, total]) })
    expect(seen[seen.length - 1]).toEqual([result.oids.length, result.oids.length])

    const ac = new AbortController()
    ac.abort()
    const err = await rejection(indexPack(pack, { signal: ac.signal }))
    expect(err.name).toBe('AbortError')
  })
})

describe('indexPack refuses damaged packs', () => {
  it('refuses a truncated pack', async () => {
    for (const n of [0, 11, 12, 31, 100, Math.floor(pack.length / 2), pack.length - 21, pack.length - 1]) {
      const err = await rejection(indexPack(pack.subarray(0, n)))
      expect(err).toBeInstanceOf(PackError)
    }
    // cut mid-pack but given a valid checksum: the entries run out
    const err = await rejection(indexPack(retrailer(pack.slice(0, Math.floor(pack.length / 2)))))
    expect(err).toBeInstanceOf(PackError)
  })

  it('refuses a pack with a wrong checksum', async () => {
    const bad = pack.slice()
    bad[bad.length - 1] ^= 1
    const err = await rejection(indexPack(bad))
    expect(err).toBeInstanceOf(PackError)
    expect(err.message).toMatch(/checksum/)
  })

  it('refuses damaged zlib data even with a recomputed checksum', async () => {
    const big = entries(pack).filter(e => e.end - e.dataStart > 100)
    for (const e of [big[0], big[Math.floor(big.length / 2)], big[big.length - 1]]) {
      for (const at of [e.dataStart + 1, Math.floor((e.dataStart + e.end) / 2), e.end - 2]) {
        const bad = pack.slice()
        bad[at] ^= 0x10
        const err = await rejection(indexPack(retrailer(bad)))
        expect(err).toBeInstanceOf(PackError)
      }
    }
  })

  it('refuses a pack whose object count is wrong', async () => {
    const count = new DataView(pack.buffer, pack.byteOffset).getUint32(8)
    for (const n of [count - 1, count + 1]) {
      const bad = pack.slice()
      new DataView(bad.buffer).setUint32(8, n)
      const err = await rejection(indexPack(retrailer(bad)))
      expect(err).toBeInstanceOf(PackError)
    }
  })

  it('refuses trailing garbage, a bad header, an unknown version', async () => {
    const garbage = new Uint8Array(pack.length + 5)
    garbage.set(pack.subarray(0, pack.length - 20))
    garbage.set([1, 2, 3, 4, 5], pack.length - 20)
    expect(await rejection(indexPack(retrailer(garbage)))).toBeInstanceOf(PackError)
    const magic = pack.slice()
    magic[0] = 0x51
    expect((await rejection(indexPack(retrailer(magic)))).message).toMatch(/PACK/)
    const version = pack.slice()
    version[7] = 4
    expect((await rejection(indexPack(retrailer(version)))).message).toMatch(/version/)
  })

  it('refuses a thin pack, naming the base it lacks', async () => {
    const thin = new Uint8Array(run(repo, ['pack-objects', '--stdout', '--thin', '--revs', '-q'], 'HEAD\n^HEAD~3\n'))
    const err = await rejection(indexPack(thin))
    expect(err).toBeInstanceOf(PackError)
    expect(err.message).toMatch(/^pack refers to an object it does not contain: [0-9a-f]{40}$/)
  })

  it('refuses random bytes', async () => {
    const rand = prng(42)
    for (let k = 0; k < 300; k++) {
      const n = Math.floor(rand() * 600)
      let bytes = randomBytes(rand, n)
      if (k % 2 === 1 && n >= 32) {
        // a plausible header and checksum, so the entries themselves get parsed
        bytes.set([0x50, 0x41, 0x43, 0x4b, 0, 0, 0, 2, 0, 0, 0, 1 + Math.floor(rand() * 5)])
        bytes = retrailer(bytes)
      }
      const err = await rejection(indexPack(bytes))
      expect(err).toBeInstanceOf(PackError)
    }
  })

  it('refuses (or correctly indexes) a real pack with bytes changed at random', async () => {
    // a small pack, so hundreds of variants run quickly
    const small = new Uint8Array(run(repo, ['pack-objects', '--stdout', '--revs', '--delta-base-offset', '-q'], 'HEAD~30\n^HEAD~36\n'))
    const good = await indexPack(small)
    const rand = prng(7)
    let refused = 0
    for (let k = 0; k < 300; k++) {
      const bad = small.slice()
      const flips = 1 + Math.floor(rand() * 3)
      for (let f = 0; f < flips; f++) bad[12 + Math.floor(rand() * (bad.length - 32))] ^= 1 << Math.floor(rand() * 8)
      try {
        const result = await indexPack(retrailer(bad))
        // a change that survives must change what the pack holds
        expect(Buffer.from(result.idx).equals(Buffer.from(good.idx))).toBe(false)
      } catch (err) {
        expect(err).toBeInstanceOf(PackError)
        refused++
      }
    }
    expect(refused).toBeGreaterThan(250)
  })
})
