import { describe, expect, it } from 'vitest'
import { acceptedCodings, acceptsIdentity } from './content-encoding.js'

describe('acceptedCodings', () => {
  it('ranks br before gzip on a tie, and by q-value otherwise', () => {
    expect(acceptedCodings('gzip, deflate, br, zstd')).toEqual(['br', 'gzip'])
    expect(acceptedCodings('gzip;q=1.0, br;q=0.8')).toEqual(['gzip', 'br'])
    expect(acceptedCodings('br;q=0.001')).toEqual(['br'])
    expect(acceptedCodings(' GZip ; q=0.5 ')).toEqual(['gzip'])
    expect(acceptedCodings('x-gzip')).toEqual(['gzip'])
  })

  it('never offers a refused coding, nor one the client likes less than none', () => {
    expect(acceptedCodings('br;q=0, gzip')).toEqual(['gzip'])
    expect(acceptedCodings('*;q=0')).toEqual([])
    expect(acceptedCodings('*, br;q=0')).toEqual(['gzip'])
    expect(acceptedCodings('gzip;q=0.5, identity')).toEqual([])
    expect(acceptedCodings('br, identity;q=0.5')).toEqual(['br'])
    // the first mention counts
    expect(acceptedCodings('br;q=0, br')).toEqual([])
  })

  it('compresses nothing the client did not ask for, and ignores broken weights', () => {
    expect(acceptedCodings(undefined)).toEqual([])
    expect(acceptedCodings('')).toEqual([])
    expect(acceptedCodings('identity')).toEqual([])
    expect(acceptedCodings('deflate, zstd')).toEqual([])
    for (const bad of ['br;q=2', 'br;q=-1', 'br;q=0.5000', 'br;q=abc', 'br;q=']) expect(acceptedCodings(bad), bad).toEqual([])
    expect(acceptedCodings('br;level=3')).toEqual(['br']) // an unknown parameter is ignored
  })

  it('reads at most 64 entries', () => {
    expect(acceptedCodings(Array(100).fill('zstd').join(',') + ', br')).toEqual([])
    expect(acceptedCodings(Array(10).fill('zstd').join(',') + ', br')).toEqual(['br'])
  })
})

describe('acceptsIdentity', () => {
  it('is false only when identity is refused, by name or by *;q=0', () => {
    expect(acceptsIdentity(undefined)).toBe(true)
    expect(acceptsIdentity('br;q=0')).toBe(true)
    expect(acceptsIdentity('identity;q=0')).toBe(false)
    expect(acceptsIdentity('*;q=0')).toBe(false)
    expect(acceptsIdentity('*;q=0, identity;q=0.1')).toBe(true)
  })
})
