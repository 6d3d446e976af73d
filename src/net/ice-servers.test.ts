import { describe, expect, it } from 'vitest'
import { parseIceServers, toIceServer } from './ice-servers.js'

describe('ICE servers', () => {
  it('turns command-line URLs into RTCIceServer entries', () => {
    expect(toIceServer('stun:stun.example.org:3478')).toEqual({ urls: 'stun:stun.example.org:3478' })
    expect(toIceServer('turn:alice:s3cret@turn.example.org:3478')).toEqual({ urls: 'turn:turn.example.org:3478', username: 'alice', credential: 's3cret' })
    expect(() => toIceServer('http://example.org')).toThrow(/stun/)
  })
  it('keeps only well-formed entries from an untrusted list', () => {
    expect(parseIceServers([
      { urls: 'stun:a.example.org:3478' },
      { urls: 'javascript:alert(1)' },
      { urls: 'turn:b.example.org', username: 'u', credential: 'p' },
      'stun:c', null, { urls: 42 }
    ])).toEqual([{ urls: 'stun:a.example.org:3478' }, { urls: 'turn:b.example.org', username: 'u', credential: 'p' }])
    expect(parseIceServers('nope')).toEqual([])
    expect(parseIceServers(Array.from({ length: 20 }, () => ({ urls: 'stun:x.org' })))).toHaveLength(8)
  })
})
