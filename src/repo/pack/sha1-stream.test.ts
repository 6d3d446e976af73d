import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { Sha1Stream } from './sha1-stream.js'

describe('Sha1Stream', () => {
  it('hashes bytes given in pieces of any size as node:crypto hashes them whole', () => {
    for (const size of [0, 1, 55, 56, 63, 64, 65, 119, 128, 1000, 70_000]) {
      const bytes = randomBytes(size)
      const want = createHash('sha1').update(bytes).digest('hex')
      for (const piece of [1, 7, 64, 100, 4096]) {
        const s = new Sha1Stream()
        for (let at = 0; at < size; at += piece) s.update(bytes, at, Math.min(size, at + piece))
        expect(Buffer.from(s.digest()).toString('hex'), `${size} bytes in pieces of ${piece}`).toBe(want)
      }
    }
  })

  it('is finished once digested', () => {
    const s = new Sha1Stream()
    s.digest()
    expect(() => s.update(new Uint8Array(1))).toThrow(/finished/)
  })
})
