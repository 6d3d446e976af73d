// The SHA-1 and CRC-32 the indexer relies on, against Node's native ones.
import crypto from 'node:crypto'
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { crc32 } from './crc32.js'
import { hashObject } from './object-id.js'
import { sha1, sha1Into } from './sha1.js'

const nodeSha1 = (...parts: Uint8Array[]): string => {
  const h = crypto.createHash('sha1')
  for (const p of parts) h.update(p)
  return h.digest('hex')
}
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

describe('sha1', () => {
  it('matches node:crypto for every length around the block and padding boundaries', () => {
    for (let n = 0; n < 300; n++) {
      const body = crypto.randomBytes(n)
      expect(hex(sha1(body))).toBe(nodeSha1(body))
    }
    const big = crypto.randomBytes(1 << 20)
    expect(hex(sha1(big))).toBe(nodeSha1(big))
  })

  it('hashes a prefix and a body as one message, reading the body where it is', () => {
    const out = new Uint8Array(30)
    for (let p = 0; p < 80; p += 7) {
      for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 200]) {
        const prefix = crypto.randomBytes(p + 5) // only the first p bytes count
        const backing = crypto.randomBytes(n + 10)
        const body = backing.subarray(3, 3 + n)
        sha1Into(prefix, p, body, out, 5)
        expect(hex(out.subarray(5, 25))).toBe(nodeSha1(prefix.subarray(0, p), body))
      }
    }
  })

  it('gives git object ids', () => {
    const out = new Uint8Array(20)
    hashObject('blob', new Uint8Array(0), out, 0)
    expect(hex(out)).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391') // git hash-object /dev/null
    hashObject('blob', new TextEncoder().encode('hello\n'), out, 0)
    expect(hex(out)).toBe('ce013625030ba8dba906f756967f9e9ca394464a')
  })
})

describe('crc32', () => {
  it('matches the standard check value and zlib', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
    for (let n = 0; n < 100; n++) {
      const b = crypto.randomBytes(n * 13)
      expect(crc32(b)).toBe(zlib.crc32(b))
    }
  })

  it('takes a range, and continues a previous value', () => {
    const b = crypto.randomBytes(1000)
    expect(crc32(b, 100, 733)).toBe(zlib.crc32(b.subarray(100, 733)))
    expect(crc32(b, 500, 1000, crc32(b, 0, 500))).toBe(zlib.crc32(b))
  })
})
