// indexPack against the real git: packs made by git (OFS_DELTA chains,
// REF_DELTA, thin) and by isomorphic-git, whose .idx must come out byte for
// byte as git's, and damaged or hostile packs, which must be refused with a
// PackError (never a hang, never another kind of error).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import git from 'isomorphic-git'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { indexPack, PackError, PackIndexer } from './index-pack.js'
import type { PackSpill } from './index-pack.js'
import { pakoInflater } from './inflate.js'
import { findLaneSplit } from './lanes.js'
import { OBJ_OFS_DELTA, OBJ_REF_DELTA, PACK_HEADER_SIZE, readEntryHeader } from './pack-reader.js'
import { sha1 } from './sha1.js'
import { mulberry32 as prng } from '../../../test/fixtures/prng.js'

let tmp: string
let repo: string

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.org', GIT_AUTHOR_DATE: '1700000000 +0000',
  GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.org', GIT_COMMITTER_DATE: '1700000000 +0000',
  GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null'
}

function run (cwd: string, args: string[], input?: Uint8Array | string): Buffer {
  return execFileSync('git', args, { cwd, env: GIT_ENV, input, maxBuffer: 256 * 1024 * 1024 })
}

function randomBytes (rand: () => number, n: number): Uint8Array {
  const b = new Uint8Array(n)
  for (let i = 0; i < n; i++) b[i] = Math.floor(rand() * 256)
  return b
}

/** `pack` with its trailing checksum recomputed, as if it were made that way. */
function retrailer (pack: Uint8Array): Uint8Array {
  const out = pack.slice()
  out.set(sha1(out.subarray(0, out.length - 20)), out.length - 20)
  return out
}

/** git's own .idx for `pack`. */
function gitIndex (pack: Uint8Array): Uint8Array {
  const file = path.join(tmp, `p-${Math.random().toString(36).slice(2)}.pack`)
  fs.writeFileSync(file, pack)
  run(repo, ['index-pack', file])
  return new Uint8Array(fs.readFileSync(file.replace(/\.pack$/, '.idx')))
}

/** The entries of a pack, read with our own reader: for picking what to damage. */
function entries (pack: Uint8Array): Array<{ offset: number, dataStart: number, end: number, type: number, size: number }> {
  const inflate = pakoInflater()
  const count = new DataView(pack.buffer, pack.byteOffset).getUint32(8)
  const out = []
  let pos = PACK_HEADER_SIZE
  for (let i = 0; i < count; i++) {
    const h = readEntryHeader(pack, pos, pack.length - 20)
    const { end } = inflate(pack, h.dataStart, pack.length - 20, h.size, true)
    out.push({ offset: pos, dataStart: h.dataStart, end, type: h.type, size: h.size })
    pos = end
  }
  return out
}

/** Object ids and types as `git verify-pack -v` lists them. */
function verifyPack (idxFile: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const line of run(repo, ['verify-pack', '-v', idxFile]).toString().split('\n')) {
    const m = /^([0-9a-f]{40}) (commit|tree|blob|tag) /.exec(line)
    if (m != null) out.set(m[1], m[2])
  }
  return out
}

async function rejection (p: Promise<unknown>): Promise<Error> {
  try {
    await p
  } catch (err) {
    return err as Error
  }
  throw new Error('expected indexPack to reject')
}

let packFile: string
let pack: Uint8Array
let gitIdx: Uint8Array
const tips: string[] = []
let gitlinkTarget: string

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(tmpdir(), 'guts-pack-'))
  repo = path.join(tmp, 'repo')
  fs.mkdirSync(repo)
  run(repo, ['init', '-q', '-b', 'main'])
  const rand = prng(1)
  const lines = Array.from({ length: 400 }, (_, i) => `line ${i}: ${Math.floor(rand() * 1e9)}`)
  fs.mkdirSync(path.join(repo, 'src'))
  for (let c = 0; c < 40; c++) {
    // one file edited a little every time: git stores its versions as deltas
    lines[Math.floor(rand() * lines.length)] = `changed in ${c}: ${Math.floor(rand() * 1e9)}`
    lines.splice(Math.floor(rand() * lines.length), 0, `inserted in ${c}`)
    fs.writeFileSync(path.join(repo, 'src', 'edited.txt'), lines.join('\n') + '\n')
    fs.writeFileSync(path.join(repo, `file-${c % 7}.txt`), `version ${c}\n`.repeat(c + 1))
    if (c === 5) fs.writeFileSync(path.join(repo, 'binary.bin'), randomBytes(rand, 50_000))
    if (c === 20) {
      const bin = fs.readFileSync(path.join(repo, 'binary.bin'))
      bin.set(randomBytes(rand, 100), 1000)
      fs.writeFileSync(path.join(repo, 'binary.bin'), bin)
    }
    if (c === 10) fs.writeFileSync(path.join(repo, 'empty'), '')
    run(repo, ['add', '-A'])
    if (c === 30) {
      // a submodule entry: names a commit of another repository
      gitlinkTarget = 'abcdef0123456789abcdef0123456789abcdef01'
      run(repo, ['update-index', '--add', '--cacheinfo', `160000,${gitlinkTarget},sub`])
    }
    run(repo, ['commit', '-q', '-m', `commit ${c}\n\nbody ${c}`])
    if (c === 25) run(repo, ['tag', '-a', 'v1', '-m', 'release 1'])
  }
  tips.push(run(repo, ['rev-parse', 'HEAD']).toString().trim())
  tips.push(run(repo, ['rev-parse', 'v1']).toString().trim())
  run(repo, ['repack', '-adf', '--depth=50', '--window=250', '-q'])
  const dir = path.join(repo, '.git', 'objects', 'pack')
  const name = fs.readdirSync(dir).find(f => f.endsWith('.pack'))!
  packFile = path.join(dir, name)
  pack = new Uint8Array(fs.readFileSync(packFile))
  gitIdx = new Uint8Array(fs.readFileSync(packFile.replace(/\.pack$/, '.idx')))
})

afterAll(() => {
  if (tmp != null) fs.rmSync(tmp, { recursive: true, force: true })
})

describe('indexPack on packs git made', () => {
  it('writes the same .idx as git for a repacked repository with deep OFS_DELTA chains', async () => {
    const types = entries(pack).map(e => e.type)
    expect(types.filter(t => t === OBJ_OFS_DELTA).length).toBeGreaterThan(30)

    const result = await indexPack(pack)
    expect(Buffer.from(result.idx).equals(Buffer.from(gitIdx))).toBe(true)

    const listed = verifyPack(packFile.replace(/\.pack$/, '.idx'))
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

describe('indexing one pack in two lanes', () => {
  /** Both lanes in this thread, as two workers would run them. */
  async function inLanes (bytes: Uint8Array, split: number, opts: { cacheBytes?: number } = {}): Promise<Awaited<ReturnType<PackIndexer['finish']>>> {
    const first = new PackIndexer(bytes.length, { ...opts, buffer: bytes, lane: { to: split } })
    const copy = new Uint8Array(bytes.length)
    copy.set(bytes.subarray(0, 12))
    copy.set(bytes.subarray(split), split)
    const second = new PackIndexer(bytes.length, { ...opts, buffer: copy, lane: { from: split } })
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
