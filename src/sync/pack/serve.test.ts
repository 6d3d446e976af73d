import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { describe, expect, it } from 'vitest'
import { addressKey } from './serve.js'

const PEER = '12D3KooWDfpB52ERAFBGYM1XdF62GejTDhFnXsAS8SXVsVNzq2ES'
const RELAY = '12D3KooWRkNV4bp9ziVoNcHLeUSuFNy8bCx5RcjZfkPvnjwWwzdV'
const conn = (addr: string): Parameters<typeof addressKey>[0] => ({ remotePeer: peerIdFromString(PEER), remoteAddr: multiaddr(addr) })

describe('addressKey', () => {
  it('is the IP a peer connects from, so identities behind one address share it', () => {
    expect(addressKey(conn('/ip4/192.0.2.7/tcp/4242/ws'))).toBe('ip/192.0.2.7')
    expect(addressKey(conn('/ip6/2001:db8::1/tcp/4242'))).toBe('ip/2001:db8::1')
  })
  it('is the peer itself through a relay or over WebRTC, whose address is the relay\'s', () => {
    expect(addressKey(conn(`/ip4/192.0.2.1/tcp/1/ws/p2p/${RELAY}/p2p-circuit/webrtc`))).toBe(`peer/${PEER}`)
    expect(addressKey(conn(`/ip4/192.0.2.1/tcp/1/ws/p2p/${RELAY}/p2p-circuit`))).toBe(`peer/${PEER}`)
    expect(addressKey(conn('/memory/x'))).toBe(`peer/${PEER}`)
  })
})
