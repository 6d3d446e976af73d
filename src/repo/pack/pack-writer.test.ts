// The pack writer's entry headers, read back by the reader the indexer
// uses; and a pack written from loose objects and from a stored pack's
// entries, indexed again by our indexer. (test/integration/pack-writing
// checks what it writes against the stock git.)
import { describe, expect, it } from 'vitest'
import { ObjectStore } from './object-store.js'
import { hashObject } from './object-id.js'
import { oidToHex } from './hex.js'
import { indexPack } from './index-pack.js'
import { OBJ_BLOB, OBJ_OFS_DELTA, OBJ_REF_DELTA, readEntryHeader } from './pack-reader.js'
import { MissingObjectError, entryHeader, planPack } from './pack-writer.js'
import pako from 'pako'

async function packOf (plan: Awaited<ReturnType<typeof planPack>>, size: number): Promise<Uint8Array> {
  const out = new Uint8Array(plan.bytes)
  let at = 0
  for await (const c of plan.chunks(size)) { out.set(c, at); at += c.length }
  expect(at).toBe(plan.bytes)
  return out
}

function looseFile (type: 'blob', content: Uint8Array): { oid: string, file: Uint8Array } {
  const id = new Uint8Array(20)
  hashObject(type, content, id, 0)
  const head = new TextEncoder().encode(`${type} ${content.length}\0`)
  const raw = new Uint8Array(head.length + content.length)
  raw.set(head)
  raw.set(content, head.length)
  return { oid: oidToHex(id), file: pako.deflate(raw) }
}

describe('entryHeader', () => {
  it('writes sizes and delta distances the reader reads back', () => {
    const pack = new Uint8Array(1 << 22)
    for (const size of [0, 15, 16, 2047, 2048, 262143, 262144, 1 << 29]) {
      for (const distance of [1, 127, 128, 16511, 16512, 2113663, 2113664]) {
        const at = 3_000_000
        const h = entryHeader(OBJ_OFS_DELTA, size, distance)
        pack.set(h, at)
        const r = readEntryHeader(pack, at, pack.length)
        expect([r.type, r.size, r.baseOffset, r.dataStart]).toEqual([OBJ_OFS_DELTA, size, at - distance, at + h.length])
      }
      const base = Uint8Array.from({ length: 20 }, (_, i) => i)
      const h = entryHeader(OBJ_REF_DELTA, size, base)
      pack.set(h, 100)
      const r = readEntryHeader(pack, 100, pack.length)
      expect([r.type, r.size, r.baseIdAt]).toEqual([OBJ_REF_DELTA, size, 100 + h.length - 20])
    }
    expect(() => entryHeader(OBJ_OFS_DELTA, 1, 0)).toThrow()
    expect(entryHeader(OBJ_BLOB, 5)).toEqual(Uint8Array.of(0x35))
  })
})

describe('planPack', () => {
  const blobs = Array.from({ length: 40 }, (_, i) => looseFile('blob', new TextEncoder().encode(`blob ${i}\n`.repeat(i * 10))))
  const loose = new ObjectStore({ packs: [], loose: blobs.map(b => b.oid), readLoose: async oid => blobs.find(b => b.oid === oid)!.file })

  it('writes loose objects into a pack our indexer takes, whatever the chunk size', async () => {
    for (const size of [1, 7, 4096, 1 << 20]) {
      const plan = await planPack(loose, blobs.map(b => b.oid))
      const indexed = await indexPack(await packOf(plan, size))
      expect(indexed.oids).toEqual(blobs.map(b => b.oid).sort())
      expect(plan.stats.loose).toBe(40)
    }
  })

  it('copies a stored pack\'s entries into a pack with some of them', async () => {
    const whole = await packOf(await planPack(loose, blobs.map(b => b.oid)), 1 << 16)
    const indexed = await indexPack(whole)
    const store = new ObjectStore({ packs: [{ name: 'pack-x', idx: indexed.idx, load: async () => whole }], loose: [], readLoose: async () => { throw new Error('none') } })
    const some = blobs.filter((_, i) => i % 3 === 0).map(b => b.oid)
    const plan = await planPack(store, some)
    expect(plan.stats.copied).toBe(some.length)
    expect((await indexPack(await packOf(plan, 1000))).oids).toEqual([...some].sort())
    for (const oid of some) expect((await store.read(oid))?.type).toBe('blob')
  })

  it('refuses an object it does not hold, and a loose file that is not what its name says', async () => {
    await expect(planPack(loose, ['0'.repeat(40)])).rejects.toThrow(MissingObjectError)
    const liar = new ObjectStore({ packs: [], loose: [blobs[0].oid], readLoose: async () => blobs[1].file })
    await expect(planPack(liar, [blobs[0].oid])).rejects.toThrow(/damaged/)
  })
})
