import { describe, expect, it } from 'vitest'
import { parseWellKnown } from './well-known.js'

const ID = '12D3KooWEp8C9FPbSR3Uy2yyUQPNBd9oDRqbaaV4xrb2yF7ivRY5'

describe('parseWellKnown', () => {
  it('accepts what a relay serves', () => {
    const wk = parseWellKnown(JSON.stringify({ peerId: ID, multiaddrs: [`/ip4/127.0.0.1/tcp/8081/ws/p2p/${ID}`], version: '0.1.0' }))
    expect(wk).toEqual({ peerId: ID, multiaddrs: [`/ip4/127.0.0.1/tcp/8081/ws/p2p/${ID}`], version: '0.1.0' })
  })
  it('keeps well-formed ICE servers and drops the rest', () => {
    const wk = parseWellKnown(JSON.stringify({ peerId: ID, multiaddrs: [`/ip4/127.0.0.1/tcp/8081/ws/p2p/${ID}`], iceServers: [{ urls: 'stun:stun.example.org:3478' }, { urls: 'data:x' }] }))
    expect(wk.iceServers).toEqual([{ urls: 'stun:stun.example.org:3478' }])
  })
  it('adds the relay id to bare addresses and drops addresses of other peers', () => {
    const wk = parseWellKnown(JSON.stringify({
      peerId: ID,
      multiaddrs: ['/ip4/127.0.0.1/tcp/8081/ws', '/ip4/127.0.0.1/tcp/8081/ws/p2p/12D3KooWJFH2kDipsJEkfdMZyP1tHAkpYAWL971UfzQuagGdVxT9', 42]
    }))
    expect(wk.multiaddrs).toEqual([`/ip4/127.0.0.1/tcp/8081/ws/p2p/${ID}`])
  })
  it.each([
    ['not json', '<html>'],
    ['no peer id', JSON.stringify({ multiaddrs: ['/ip4/1.2.3.4/tcp/1/ws'] })],
    ['a bad peer id', JSON.stringify({ peerId: 'x<script>', multiaddrs: ['/ip4/1.2.3.4/tcp/1/ws'] })],
    ['no usable address', JSON.stringify({ peerId: ID, multiaddrs: ['http://x'] })],
    ['too large', JSON.stringify({ peerId: ID, multiaddrs: ['/' + 'a'.repeat(20000)] })],
    ['null', 'null']
  ])('rejects %s', (_name, text) => {
    expect(() => parseWellKnown(text)).toThrow(/guts\.json/)
  })
})
