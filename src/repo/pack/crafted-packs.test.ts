// Packs built by hand, for what git never writes but a peer might send:
// deltas in cycles, bases given after their deltas, offsets into the middle
// of an entry, absurd sizes, duplicates, malformed commits and trees.
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { indexPack, PackError } from './index-pack.js'

type Entry =
  | { type: 'commit' | 'tree' | 'blob' | 'tag', data: Uint8Array | string }
  | { type: 'ofs', base: number, delta: Uint8Array } // base: entry number
  | { type: 'ref', base: string, delta: Uint8Array } // base: object id
  | { type: 'raw', bytes: Uint8Array } // an entry written as given

const TYPES = { commit: 1, tree: 2, blob: 3, tag: 4, ofs: 6, ref: 7 }
const bytes = (d: Uint8Array | string): Uint8Array => typeof d === 'string' ? new TextEncoder().encode(d) : d

function entryHeader (type: number, size: number): number[] {
  const out = [(type << 4) | (size & 15)]
  size = Math.floor(size / 16)
  while (size > 0) {
    out[out.length - 1] |= 0x80
    out.push(size & 0x7f)
    size = Math.floor(size / 128)
  }
  return out
}

function ofsDistance (d: number): number[] {
  const out = [d & 0x7f]
  d = Math.floor(d / 128)
  while (d > 0) {
    d--
    out.unshift(0x80 | (d & 0x7f))
    d = Math.floor(d / 128)
  }
  return out
}

function buildPack (entries: Entry[], count = entries.length): Uint8Array {
  const parts: Uint8Array[] = []
  const head = new Uint8Array(12)
  head.set([0x50, 0x41, 0x43, 0x4b, 0, 0, 0, 2])
  new DataView(head.buffer).setUint32(8, count)
  parts.push(head)
  let offset = 12
  const offsets: number[] = []
  for (const e of entries) {
    offsets.push(offset)
    let b: Uint8Array
    if (e.type === 'raw') {
      b = e.bytes
    } else if (e.type === 'ofs') {
      b = new Uint8Array([...entryHeader(6, e.delta.length), ...ofsDistance(offset - offsets[e.base]), ...zlib.deflateSync(e.delta)])
    } else if (e.type === 'ref') {
      b = new Uint8Array([...entryHeader(7, e.delta.length), ...Buffer.from(e.base, 'hex'), ...zlib.deflateSync(e.delta)])
    } else {
      const data = bytes(e.data)
      b = new Uint8Array([...entryHeader(TYPES[e.type], data.length), ...zlib.deflateSync(data)])
    }
    parts.push(b)
    offset += b.length
  }
  const body = Buffer.concat(parts)
  return new Uint8Array(Buffer.concat([body, crypto.createHash('sha1').update(body).digest()]))
}

function objectId (type: string, data: Uint8Array | string): string {
  const b = bytes(data)
  return crypto.createHash('sha1').update(`${type} ${b.length}\0`).update(b).digest('hex')
}

/** A delta that turns `from` into `to` with one insert per 127 bytes. */
function insertDelta (from: Uint8Array | string, to: Uint8Array | string): Uint8Array {
  const varint = (n: number): number[] => {
    const out = []
    do { let c = n & 0x7f; n = Math.floor(n / 128); if (n > 0) c |= 0x80; out.push(c) } while (n > 0)
    return out
  }
  const t = bytes(to)
  const ops: number[] = []
  for (let i = 0; i < t.length; i += 127) ops.push(Math.min(127, t.length - i), ...t.subarray(i, i + 127))
  return new Uint8Array([...varint(bytes(from).length), ...varint(t.length), ...ops])
}

async function rejection (p: Promise<unknown>): Promise<Error> {
  try { await p } catch (err) { return err as Error }
  throw new Error('expected indexPack to reject')
}

const tmp = fs.mkdtempSync(path.join(tmpdir(), 'guts-crafted-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

/** git's .idx for `pack`, or git's complaint. */
function gitIndex (pack: Uint8Array): Uint8Array {
  const file = path.join(tmp, `p-${Math.random().toString(36).slice(2)}.pack`)
  fs.writeFileSync(file, pack)
  execFileSync('git', ['index-pack', file], { cwd: tmp, stdio: 'pipe' })
  return new Uint8Array(fs.readFileSync(file.replace(/\.pack$/, '.idx')))
}

describe('indexPack on hand-made packs', () => {
  it('indexes an empty pack as git does', async () => {
    const pack = buildPack([])
    const result = await indexPack(pack)
    expect(result.oids).toEqual([])
    expect(Buffer.from(result.idx).equals(Buffer.from(gitIndex(pack)))).toBe(true)
  })

  it('resolves a REF_DELTA whose base comes later in the pack, and deltas on deltas', async () => {
    const base = 'hello world\n'.repeat(20)
    const v2 = base + 'and more\n'
    const v3 = v2 + 'and even more\n'
    const pack = buildPack([
      { type: 'ref', base: objectId('blob', v2), delta: insertDelta(v2, v3) },
      { type: 'ref', base: objectId('blob', base), delta: insertDelta(base, v2) },
      { type: 'blob', data: base }
    ])
    const result = await indexPack(pack)
    expect(result.oids).toEqual([objectId('blob', base), objectId('blob', v2), objectId('blob', v3)].sort())
    expect(Buffer.from(result.idx).equals(Buffer.from(gitIndex(pack)))).toBe(true)
  })

  it('refuses REF_DELTAs that only have each other as bases', async () => {
    const a = 'a'.repeat(50)
    const b = 'b'.repeat(50)
    const pack = buildPack([
      { type: 'ref', base: objectId('blob', b), delta: insertDelta(b, a) },
      { type: 'ref', base: objectId('blob', a), delta: insertDelta(a, b) }
    ])
    const err = await rejection(indexPack(pack))
    expect(err).toBeInstanceOf(PackError)
    expect(err.message).toMatch(/^pack refers to an object it does not contain: [0-9a-f]{40}$/)
  })

  it('refuses an OFS_DELTA that points into the middle of an entry', async () => {
    const base = 'x'.repeat(100)
    const good = buildPack([{ type: 'blob', data: base }, { type: 'ofs', base: 0, delta: insertDelta(base, 'y') }])
    // the same, with the distance one byte short: its base would start inside the blob's entry
    const blobEntry = buildPack([{ type: 'blob', data: base }]).subarray(12, -20)
    const distance = blobEntry.length - 1
    const delta = insertDelta(base, 'y')
    const bad = buildPack([
      { type: 'blob', data: base },
      { type: 'raw', bytes: new Uint8Array([...entryHeader(6, delta.length), ...ofsDistance(distance), ...zlib.deflateSync(delta)]) }
    ])
    expect((await indexPack(good)).oids).toHaveLength(2)
    expect((await rejection(indexPack(bad))).message).toMatch(/no object starts/)
  })

  it('refuses a delta that does not fit its base', async () => {
    const pack = buildPack([
      { type: 'blob', data: 'short' },
      { type: 'ofs', base: 0, delta: insertDelta('a much longer base than that', 'z') }
    ])
    expect((await rejection(indexPack(pack))).message).toMatch(/base of 28 bytes/)
  })

  it('refuses absurd sizes before allocating them', async () => {
    const data = zlib.deflateSync(Buffer.from('tiny'))
    for (const size of [2 ** 31, 2 ** 40, 5_000_000]) {
      const pack = buildPack([{ type: 'raw', bytes: new Uint8Array([...entryHeader(3, size), ...data]) }])
      const err = await rejection(indexPack(pack))
      expect(err).toBeInstanceOf(PackError)
      expect(err.message).toMatch(/size over|more than the rest of the pack/)
    }
  })

  it('refuses more objects than the bytes could hold, before allocating for them', async () => {
    const pack = buildPack([{ type: 'blob', data: 'x' }], 0xffffffff)
    expect((await rejection(indexPack(pack))).message).toMatch(/too short/)
  })

  it('indexes a pack holding an object twice as git does', async () => {
    const pack = buildPack([{ type: 'blob', data: 'same' }, { type: 'blob', data: 'other' }, { type: 'blob', data: 'same' }])
    const result = await indexPack(pack)
    expect(result.oids).toEqual([objectId('blob', 'same'), objectId('blob', 'other')].sort())
    expect(Buffer.from(result.idx).equals(Buffer.from(gitIndex(pack)))).toBe(true)
  })

  it('refuses malformed commits, tags and trees', async () => {
    const tree = objectId('tree', '')
    for (const [type, data] of [
      ['commit', 'author nobody\n\nno tree line\n'],
      ['commit', `tree ${tree.toUpperCase()}\n\nupper case\n`],
      ['tag', 'type commit\n'],
      ['tree', '100644 name-without-nul'],
      ['tree', '100644 file\0short-id'],
      ['tree', ' name\0' + 'x'.repeat(20)]
    ] as const) {
      const err = await rejection(indexPack(buildPack([{ type, data }])))
      expect(err).toBeInstanceOf(PackError)
      expect(err.message).toMatch(new RegExp(`^${type} [0-9a-f]{40} is malformed`))
    }
  })

  it('reads what commits, tags and trees refer to', async () => {
    const [t, p1, p2, blob, sub, target] = ['a', 'b', 'c', 'd', 'e', 'f'].map(c => c.repeat(40))
    const commit = `tree ${t}\nparent ${p1}\nparent ${p2}\nauthor A <a> 1 +0000\ncommitter A <a> 1 +0000\n\nparent ${'9'.repeat(40)}\n`
    const tag = `object ${target}\ntype commit\ntag v1\n\nmessage\n`
    // (in git's order: fsck.ts refuses unsorted trees)
    const treeData = Buffer.concat([
      Buffer.from('40000 dir\0'), Buffer.from(t, 'hex'),
      Buffer.from('100644 file\0'), Buffer.from(blob, 'hex'),
      Buffer.from('160000 submodule\0'), Buffer.from(sub, 'hex')
    ])
    const result = await indexPack(buildPack([{ type: 'commit', data: commit }, { type: 'tag', data: tag }, { type: 'tree', data: treeData }]))
    expect([...result.referenced].sort()).toEqual([t, p1, p2, blob, target].sort())
    // none of them is in this pack: all must already be held
    expect([...result.outside].sort()).toEqual([t, p1, p2, blob, target].sort())
    expect(result.counts).toEqual({ commit: 1, tree: 1, blob: 0, tag: 1 })
  })
})
