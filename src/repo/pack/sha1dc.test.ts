// sha1dc: SHA-1's hashes exactly, except that it knows the known collision
// attacks when it sees them (the test vectors of sha1collisiondetection and
// git), and git's object framing, which it shares.
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { hashObject, hashReceivedObject } from './object-id.js'
import { sha1dc, sha1dcInto } from './sha1dc.js'
import { SHA_MBLES_1, SHA_MBLES_2, SHA_MBLES_SHA1, SHATTERED_1, SHATTERED_2, SHATTERED_PREFIX_SHA1 } from '../../../test/fixtures/sha1-collisions.js'

const nodeSha1 = (...parts: Uint8Array[]): string => {
  const h = crypto.createHash('sha1')
  for (const p of parts) h.update(p)
  return h.digest('hex')
}
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

describe('sha1dc', () => {
  it('takes both halves of SHAttered and of SHA-mbles for collisions, and still gives their SHA-1', () => {
    for (const [one, two, id] of [[SHATTERED_1, SHATTERED_2, SHATTERED_PREFIX_SHA1], [SHA_MBLES_1, SHA_MBLES_2, SHA_MBLES_SHA1]] as const) {
      expect(Buffer.from(one).equals(Buffer.from(two))).toBe(false)
      expect(nodeSha1(one)).toBe(id)
      expect(nodeSha1(two)).toBe(id)
      for (const half of [one, two]) {
        const { hash, collision } = sha1dc(half)
        expect(hex(hash)).toBe(id)
        expect(collision).toBe(true)
      }
    }
  })

  it('sees the collision block wherever the message goes on after it, as the whole PDFs do', () => {
    const tail = crypto.randomBytes(5000)
    const whole = Buffer.concat([SHATTERED_1, tail])
    expect(sha1dc(whole).collision).toBe(true)
    expect(hex(sha1dc(whole).hash)).toBe(nodeSha1(SHATTERED_2, tail))
  })

  it('sees none once the chaining value or the block changes: one bit anywhere', () => {
    for (const at of [0, 100, 200, 260, 319]) {
      const changed = SHATTERED_1.slice()
      changed[at] ^= 1
      const { hash, collision } = sha1dc(changed)
      expect(collision).toBe(false)
      expect(hex(hash)).toBe(nodeSha1(changed))
    }
  })

  it('gives SHA-1 exactly, and no collision, for random messages of every length around the block and padding boundaries', () => {
    for (let n = 0; n < 300; n++) {
      const body = crypto.randomBytes(n)
      const { hash, collision } = sha1dc(body)
      expect(hex(hash)).toBe(nodeSha1(body))
      expect(collision).toBe(false)
    }
    // 64 Ki blocks: about 5% of random blocks meet some DV's bit conditions and go through the recompression
    const big = crypto.randomBytes(4 << 20)
    const { hash, collision } = sha1dc(big)
    expect(hex(hash)).toBe(nodeSha1(big))
    expect(collision).toBe(false)
  })

  it('hashes a prefix and a body as one message, as sha1Into does', () => {
    const out = new Uint8Array(30)
    for (let p = 0; p < 80; p += 7) {
      for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 200]) {
        const prefix = crypto.randomBytes(p + 5) // only the first p bytes count
        const backing = crypto.randomBytes(n + 10)
        const body = backing.subarray(3, 3 + n)
        expect(sha1dcInto(prefix, p, body, out, 5)).toBe(false)
        expect(hex(out.subarray(5, 25))).toBe(nodeSha1(prefix.subarray(0, p), body))
      }
    }
    // the header counts: SHAttered after 0 bytes of prefix is caught, split anywhere between prefix and body
    for (const p of [0, 1, 64, 200, 320]) {
      expect(sha1dcInto(SHATTERED_1.subarray(0, p), p, SHATTERED_1.subarray(p), out, 0)).toBe(true)
    }
  })
})

describe('hashReceivedObject', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sha1dc-'))
  afterAll(() => { fs.rmSync(tmp, { recursive: true, force: true }) })
  const gitHashes = (files: string[]): string[] =>
    execFileSync('git', ['hash-object', '--stdin-paths'], { input: files.join('\n') + '\n' }).toString().trim().split('\n')

  it('gives the ids git gives, for 400 random blobs of all sizes', () => {
    const sizes = [0, 1, 2, 50, 51, 52, 53, 54, 55, 56, 57, 63, 64, 65, 118, 119, 120, 127, 128, 129, 4096, 65536, 100_000]
    while (sizes.length < 400) sizes.push(crypto.randomInt(0, 6000))
    const files = sizes.map((n, i) => {
      const file = path.join(tmp, `b${i}`)
      fs.writeFileSync(file, crypto.randomBytes(n))
      return file
    })
    const expected = gitHashes(files)
    const out = new Uint8Array(20)
    const plain = new Uint8Array(20)
    files.forEach((file, i) => {
      const content = new Uint8Array(fs.readFileSync(file))
      expect(hashReceivedObject('blob', content, out, 0)).toBe(false)
      expect(hex(out)).toBe(expected[i])
      hashObject('blob', content, plain, 0)
      expect(hex(plain)).toBe(expected[i])
    })
  })

  it('accepts the SHAttered PDFs as blobs, as git does: the blob header moves the collision blocks off the chaining value they need', () => {
    const files = [SHATTERED_1, SHATTERED_2].map((b, i) => {
      const file = path.join(tmp, `shattered-${i + 1}`)
      fs.writeFileSync(file, b)
      return file
    })
    const [one, two] = gitHashes(files)
    const out = new Uint8Array(20)
    expect(hashReceivedObject('blob', SHATTERED_1, out, 0)).toBe(false)
    expect(hex(out)).toBe(one)
    expect(hashReceivedObject('blob', SHATTERED_2, out, 0)).toBe(false)
    expect(hex(out)).toBe(two)
    expect(one).not.toBe(two)
  })
})
