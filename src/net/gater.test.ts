import { multiaddr } from '@multiformats/multiaddr'
import { describe, expect, it } from 'vitest'
import { createTabGater } from './gater.js'

const RELAY = '12D3KooWEp8C9FPbSR3Uy2yyUQPNBd9oDRqbaaV4xrb2yF7ivRY5'
const OTHER = '12D3KooWJFH2kDipsJEkfdMZyP1tHAkpYAWL971UfzQuagGdVxT9'

describe('tab connection gater', () => {
  const gater = createTabGater(p => p === RELAY)
  const deny = (a: string): boolean | Promise<boolean> | undefined => gater.denyDialMultiaddr?.(multiaddr(a))

  it('lets a configured relay on loopback over plain ws through', () => {
    expect(deny(`/ip4/127.0.0.1/tcp/8081/ws/p2p/${RELAY}`)).toBe(false)
  })
  it('lets WebRTC dials through a configured relay through', () => {
    expect(deny(`/ip4/192.168.1.4/tcp/8081/ws/p2p/${RELAY}/p2p-circuit/webrtc/p2p/${OTHER}`)).toBe(false)
  })
  it('keeps the browser default for everyone else', () => {
    expect(deny(`/ip4/127.0.0.1/tcp/8081/ws/p2p/${OTHER}`)).toBe(true)
    expect(deny(`/ip4/10.1.2.3/tcp/443/tls/ws/p2p/${OTHER}`)).toBe(true)
    expect(deny(`/ip4/8.8.8.8/tcp/80/ws/p2p/${OTHER}`)).toBe(true)
    expect(deny(`/dns4/relay.example.org/tcp/443/tls/ws/p2p/${OTHER}`)).toBe(false)
  })
})
