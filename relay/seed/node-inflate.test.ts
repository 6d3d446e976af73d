// node:zlib as the pack inflater must agree with pako's on every entry of a
// real pack (content and where the stream ends), and refuse what pako does.
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { nodeInflate } from './node-inflate.js'
import { pakoInflater } from '../../src/repo/pack/inflate.js'
import { PackError } from '../../src/repo/pack/pack-error.js'
import { PackIndexer, indexPack } from '../../src/repo/pack/index-pack.js'
import { mulberry32 } from '../../test/fixtures/prng.js'

/** zlib streams back to back, as in a pack, with what each inflates to */
function streams (): { bytes: Uint8Array, parts: Array<{ start: number, end: number, data: Uint8Array }> } {
  const rand = mulberry32(5)
  const parts: Array<{ start: number, end: number, data: Uint8Array }> = []
  const chunks: Uint8Array[] = []
  let at = 0
  for (let i = 0; i < 50; i++) {
    const data = new Uint8Array(Math.floor(rand() * 5000))
    for (let k = 0; k < data.length; k++) data[k] = rand() < 0.7 ? 97 + (k % 7) : Math.floor(rand() * 256)
    const z = new Uint8Array(zlib.deflateSync(data))
    parts.push({ start: at, end: at + z.length, data })
    chunks.push(z)
    at += z.length
  }
  return { bytes: new Uint8Array(Buffer.concat(chunks)), parts }
}

describe('nodeInflate', () => {
  it('inflates back-to-back streams as pako does, ending where each stream ends', () => {
    const { bytes, parts } = streams()
    const pako = pakoInflater()
    for (const p of parts) {
      const ours = nodeInflate(bytes, p.start, bytes.length, p.data.length, true)
      const theirs = pako(bytes, p.start, bytes.length, p.data.length, true)
      expect(ours.end).toBe(p.end)
      expect(theirs.end).toBe(p.end)
      expect(Buffer.from(ours.data).equals(Buffer.from(p.data))).toBe(true)
    }
  })

  it('refuses a wrong size, damage and a stream cut short, with a PackError', () => {
    const { bytes, parts } = streams()
    const p = parts.find(x => x.data.length > 100)!
    expect(() => nodeInflate(bytes, p.start, bytes.length, p.data.length - 1, true)).toThrow(PackError)
    expect(() => nodeInflate(bytes, p.start, bytes.length, p.data.length + 1, true)).toThrow(PackError)
    expect(() => nodeInflate(bytes, p.start, p.end - 3, p.data.length, true)).toThrow(PackError)
    const bad = bytes.slice()
    bad[p.start + 4] ^= 0xff
    bad[p.start + 5] ^= 0xff
    expect(() => nodeInflate(bad, p.start, bad.length, p.data.length, true)).toThrow(PackError)
  })

  it('indexes a pack streamed in small chunks the same as pako', async () => {
    // a pack of blobs made by hand: header, entries, checksum
    const { parts } = streams()
    const entries: Uint8Array[] = []
    for (const p of parts) {
      let size = p.data.length
      const head = [((3 << 4) | (size & 15)) | (size >= 16 ? 0x80 : 0)]
      size >>= 4
      while (size > 0) { head.push((size & 0x7f) | (size >= 128 ? 0x80 : 0)); size >>= 7 }
      entries.push(new Uint8Array(head), new Uint8Array(zlib.deflateSync(p.data)))
    }
    const header = new Uint8Array(12)
    header.set([0x50, 0x41, 0x43, 0x4b, 0, 0, 0, 2])
    new DataView(header.buffer).setUint32(8, parts.length)
    const body = Buffer.concat([header, ...entries])
    const { createHash } = await import('node:crypto')
    const pack = new Uint8Array(Buffer.concat([body, createHash('sha1').update(body).digest()]))
    const expected = await indexPack(pack)
    const indexer = new PackIndexer(pack.length, { inflate: nodeInflate })
    for (let at = 0; at < pack.length; at += 777) {
      indexer.push(pack.subarray(at, at + 777))
      await new Promise(resolve => setImmediate(resolve))
    }
    const got = await indexer.finish()
    expect(Buffer.from(got.idx).equals(Buffer.from(expected.idx))).toBe(true)
  })
})
