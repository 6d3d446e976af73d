import { describe, expect, it } from 'vitest'
import { bytesToHex } from './hex.js'

describe('bytesToHex', () => {
  it('writes every byte as two lowercase digits', () => {
    expect(bytesToHex(new Uint8Array([0, 1, 15, 16, 171, 255]))).toBe('00010f10abff')
    expect(bytesToHex(new Uint8Array())).toBe('')
    expect(bytesToHex(new Uint8Array(Buffer.from('deadbeef', 'hex')))).toBe(Buffer.from('deadbeef', 'hex').toString('hex'))
  })
})
