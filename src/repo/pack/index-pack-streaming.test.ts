// The pack indexer fed the way the network feeds it: in chunks of every
// size, with the pack spilled to a stand-in file and only a window kept, and
// split into two lanes (two threads in the tab). Whatever the way, the .idx
// must be git's, and damage must be refused with a PackError.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PackError, PackIndexer } from './index-pack.js'
import { pakoInflater } from './inflate.js'
import { LaneBases } from './lane-bases.js'
import { findLaneSplit } from './lanes.js'
import { sha1 } from './sha1.js'
import { entries, gitIndex as gitIndexOf, makePackFixture, rejection, retrailer, run } from '../../../test/fixtures/pack-fixture.js'
import { mulberry32 as prng } from '../../../test/fixtures/prng.js'
import type { LanePart, PackSpill } from './index-pack.js'
import type { PackFixture } from '../../../test/fixtures/pack-fixture.js'

let fx: PackFixture
let repo: string
let pack: Uint8Array
let gitIdx: Uint8Array

beforeAll(() => {
  fx = makePackFixture()
  ;({ repo, pack, gitIdx } = fx)
})

afterAll(() => { fx?.remove() })

const gitIndex = (p: Uint8Array): Uint8Array => gitIndexOf(fx, p)

/** Feeds `bytes` to a PackIndexer in chunks of random sizes, yielding between them as a network would. */
async function streamed (bytes: Uint8Array, seed: number, maxChunk: number, opts: { cacheBytes?: number, spill?: PackSpill, windowBytes?: number, noYield?: boolean } = {}): Promise<Awaited<ReturnType<PackIndexer['finish']>>> {
  const rand = prng(seed)
  const indexer = new PackIndexer(bytes.length, opts)
  for (let at = 0; at < bytes.length;) {
    const n = Math.min(bytes.length - at, 1 + Math.floor(rand() * maxChunk))
    indexer.push(bytes.slice(at, at + n))
    at += n
    if (opts.noYield !== true && rand() < 0.5) await new Promise(resolve => setImmediate(resolve))
  }
  return indexer.finish()
}

describe('PackIndexer: indexing while the pack arrives', () => {
  it('gives git\'s .idx whatever the chunk sizes, with deltas and a large binary split across chunks', async () => {
    for (const [seed, maxChunk] of [[1, 7], [2, 1000], [3, 16 * 1024], [4, 300_000]]) {
      const result = await streamed(pack, seed, maxChunk)
      expect(Buffer.from(result.idx).equals(Buffer.from(gitIdx))).toBe(true)
      expect(Buffer.from(result.pack!).equals(Buffer.from(pack))).toBe(true)
    }
    // and with no cache, every delta waits for the second pass
    const result = await streamed(pack, 5, 5000, { cacheBytes: 0 })
    expect(Buffer.from(result.idx).equals(Buffer.from(gitIdx))).toBe(true)
  })

  it('gives git\'s .idx keeping only a window in memory, the pack spilled elsewhere', async () => {
    // a spill in memory, counting what pass 2 reads back
    const spillTo = (): PackSpill & { bytes: () => Uint8Array, reads: number } => {
      const parts: Uint8Array[] = []
      let whole: Uint8Array | undefined
      const all = (): Uint8Array => (whole ??= Buffer.concat(parts))
      const hashParts: Uint8Array[] = []
      const out = {
        reads: 0,
        bytes: all,
        write: (c: Uint8Array) => { parts.push(c.slice()); whole = undefined },
        read: (start: number, end: number) => { out.reads++; return all().slice(start, end) },
        sha1: { update: (b: Uint8Array) => { hashParts.push(b.slice()) }, digest: () => sha1(Buffer.concat(hashParts)) }
      }
      return out
    }
    // windows smaller than the 50 KB binary (it must grow) and than the pack (it must slide)
    for (const [seed, maxChunk, windowBytes, cacheBytes] of [[11, 700, 4096, undefined], [12, 20_000, 1024, 0], [13, 300_000, 64 * 1024, undefined]]) {
      const spill = spillTo()
      const result = await streamed(pack, seed!, maxChunk!, { spill, windowBytes, cacheBytes })
      expect(Buffer.from(result.idx).equals(Buffer.from(gitIdx))).toBe(true)
      expect(result.pack).toBeUndefined()
      expect(Buffer.from(spill.bytes()).equals(Buffer.from(pack))).toBe(true)
      if (cacheBytes === 0) expect(spill.reads).toBeGreaterThan(30) // the deltas, read back for pass 2
    }
    // the whole pack in before the first pass runs at all: all but the
    // window waits in the spill, and is read back as the pass gets there
    const lagging = spillTo()
    const behind = await streamed(pack, 16, 50_000, { spill: lagging, windowBytes: 2048, noYield: true })
    expect(Buffer.from(behind.idx).equals(Buffer.from(gitIdx))).toBe(true)
    expect(lagging.reads).toBeGreaterThan(10)
    // a damaged pack fails the same way
    const bad = pack.slice()
    bad[entries(pack)[5].dataStart + 3] ^= 0x55
    const err = await rejection(streamed(retrailer(bad), 14, 2000, { spill: spillTo(), windowBytes: 2048 }))
    expect(err).toBeInstanceOf(PackError)
    // and a wrong checksum too
    const wrongSum = pack.slice()
    wrongSum[wrongSum.length - 1] ^= 1
    expect((await rejection(streamed(wrongSum, 15, 5000, { spill: spillTo() }))).message).toMatch(/checksum/)
  })

  it('refuses more bytes than announced, and a pack that ends early', async () => {
    const over = new PackIndexer(pack.length - 1)
    expect(() => over.push(pack)).toThrow(PackError)
    const short = new PackIndexer(pack.length)
    short.push(pack.subarray(0, pack.length - 1))
    expect(await rejection(short.finish())).toBeInstanceOf(PackError)
  })

  it('fails push() early once damage is certain, before the rest arrives', async () => {
    const es = entries(pack)
    const bad = pack.slice()
    const victim = es[3]
    // an invalid type in the fourth entry's header: certain as soon as it is in
    bad[victim.offset] = (bad[victim.offset] & 0x8f) | (5 << 4)
    const indexer = new PackIndexer(bad.length)
    let thrown: unknown
    for (let at = 0; at < bad.length && thrown == null; at += 4096) {
      try { indexer.push(bad.subarray(at, at + 4096)) } catch (err) { thrown = err; break }
      await new Promise(resolve => setImmediate(resolve))
      if (at > victim.end + 8192) break
    }
    expect(thrown).toBeInstanceOf(PackError)
  })

  it('refuses damaged zlib data streamed in, as the one-shot indexer does', async () => {
    const es = entries(pack)
    const victim = es.find(e => e.end - e.dataStart > 200)!
    const bad = pack.slice()
    bad[victim.dataStart + 50] ^= 0xff
    const fixed = retrailer(bad)
    let streamedErr: unknown
    try { await streamed(fixed, 9, 3000) } catch (err) { streamedErr = err }
    expect(streamedErr).toBeInstanceOf(PackError)
  })
})

describe('indexing one pack in two lanes', () => {
  /**
   * The second lane's copy of the pack: whole, as the tab gives it, or with
   * only the header before the split (no bases there to rebuild).
   */
  function laneCopy (bytes: Uint8Array, split: number, before: 'whole' | 'zeros'): Uint8Array {
    if (before === 'whole') return bytes.slice()
    const copy = new Uint8Array(bytes.length)
    copy.set(bytes.subarray(0, 12))
    copy.set(bytes.subarray(split), split)
    return copy
  }

  /** Both lanes in this thread, as two workers would run them. */
  async function inLanes (bytes: Uint8Array, split: number, opts: { cacheBytes?: number, before?: 'whole' | 'zeros' } = {}): Promise<Awaited<ReturnType<PackIndexer['finish']>>> {
    const first = new PackIndexer(bytes.length, { cacheBytes: opts.cacheBytes, buffer: bytes, lane: { to: split } })
    const second = new PackIndexer(bytes.length, { cacheBytes: opts.cacheBytes, buffer: laneCopy(bytes, split, opts.before ?? 'whole'), lane: { from: split } })
    first.start()
    const part = await second.lanePart().catch(() => undefined)
    return first.finish(part)
  }

  it('finds an entry start near the middle and gives git\'s .idx from two lanes', async () => {
    const starts = new Set(entries(pack).map(e => e.offset))
    const split = findLaneSplit(pack, Math.floor(pack.length / 2))
    expect(starts.has(split)).toBe(true)
    for (const cacheBytes of [undefined, 0]) {
      const result = await inLanes(pack, split, { cacheBytes })
      expect(Buffer.from(result.idx).equals(Buffer.from(gitIdx))).toBe(true)
    }
    // every entry start works as a split, REF_DELTA packs too
    const es = entries(pack)
    for (const e of [es[1], es[5], es[Math.floor(es.length / 3)], es[es.length - 1]]) {
      const result = await inLanes(pack, e.offset)
      expect(Buffer.from(result.idx).equals(Buffer.from(gitIdx))).toBe(true)
    }
    const objects = run(repo, ['rev-list', '--objects', '--all'])
    const refPack = new Uint8Array(run(repo, ['pack-objects', '--stdout', '--no-reuse-delta', '--window=250', '--depth=50', '-q'], objects))
    const refSplit = entries(refPack)[Math.floor(entries(refPack).length / 2)].offset
    expect(Buffer.from((await inLanes(refPack, refSplit)).idx).equals(Buffer.from(gitIndex(refPack)))).toBe(true)
  })

  it('rebuilds in the second lane the bases its deltas find before the split, and gives git\'s .idx either way', async () => {
    const es = entries(pack)
    const split = es[Math.floor(es.length / 2)].offset
    const part = async (before: 'whole' | 'zeros'): Promise<LanePart> => new PackIndexer(pack.length, { buffer: laneCopy(pack, split, before), lane: { from: split } }).lanePart()
    const rebuilt = await part('whole')
    const waiting = await part('zeros')
    expect(rebuilt.externalBases.size).toBeGreaterThan(0)
    // without the bases, those deltas and theirs wait for the first lane
    expect(waiting.pending).toBeGreaterThanOrEqual(rebuilt.externalBases.size)
    expect(rebuilt.pending).toBeLessThan(waiting.pending)
    for (const before of ['whole', 'zeros'] as const) {
      for (const cacheBytes of [undefined, 0]) {
        const result = await inLanes(pack, split, { before, cacheBytes })
        expect(Buffer.from(result.idx).equals(Buffer.from(gitIdx))).toBe(true)
      }
    }
  })

  it('builds a base before the lane only as a real chain of entries, within its budget', () => {
    const es = entries(pack)
    const split = es[Math.floor(es.length / 2)].offset
    const whole = es.find(e => e.offset < split && e.type >= 1 && e.type <= 4)!
    const delta = es.find(e => e.offset < split && e.type === 6)!
    const bases = new LaneBases(pack, split, pakoInflater(), 1 << 30)
    const built = bases.get(whole.offset)
    expect(built?.type).toBe(whole.type)
    expect(built?.data.length).toBe(whole.size)
    expect(bases.get(delta.offset)).toBeDefined() // its chain walked back to a whole object
    expect(bases.get(whole.offset + 1)).toBeUndefined() // not an entry: garbage, refused
    expect(bases.get(split)).toBeUndefined() // not before the lane
    expect(new LaneBases(pack, split, pakoInflater(), 0).get(whole.offset)).toBeUndefined() // no budget left
  })

  it('goes on alone when the split is not where an entry starts', async () => {
    const es = entries(pack)
    for (const wrong of [es[7].offset + 1, es[20].dataStart, Math.floor(pack.length / 2) + 3]) {
      if (es.some(e => e.offset === wrong)) continue
      const result = await inLanes(pack, wrong)
      expect(Buffer.from(result.idx).equals(Buffer.from(gitIdx))).toBe(true)
    }
  })

  it('refuses damage in either lane', async () => {
    const es = entries(pack)
    const split = es[Math.floor(es.length / 2)].offset
    for (const victim of [es[3], es[es.length - 3]]) {
      const bad = pack.slice()
      bad[victim.dataStart + 4] ^= 0x40
      expect(await rejection(inLanes(retrailer(bad), split))).toBeInstanceOf(PackError)
    }
    // a second lane that claims more (or fewer) objects than the header allows
    const first = new PackIndexer(pack.length, { buffer: pack, lane: { to: split } })
    const part = await new PackIndexer(pack.length, { buffer: pack.slice(), lane: { from: split } }).lanePart()
    first.start()
    expect(await rejection(first.finish({ ...part, n: part.n + 1 }))).toBeInstanceOf(PackError)
  })
})
