import { multiaddr } from '@multiformats/multiaddr'
import { describe, expect, it } from 'vitest'
import { connectionKind } from './connection-kind.js'

const circuitWebrtc = multiaddr('/ip4/127.0.0.1/tcp/8081/ws/p2p/12D3KooWEp8C9FPbSR3Uy2yyUQPNBd9oDRqbaaV4xrb2yF7ivRY5/p2p-circuit/webrtc/p2p/12D3KooWJFH2kDipsJEkfdMZyP1tHAkpYAWL971UfzQuagGdVxT9')
const circuit = multiaddr('/ip4/127.0.0.1/tcp/8081/ws/p2p/12D3KooWEp8C9FPbSR3Uy2yyUQPNBd9oDRqbaaV4xrb2yF7ivRY5/p2p-circuit/p2p/12D3KooWJFH2kDipsJEkfdMZyP1tHAkpYAWL971UfzQuagGdVxT9')

describe('connectionKind', () => {
  it('calls a WebRTC connection direct even though its address holds p2p-circuit', () => {
    expect(connectionKind({ remoteAddr: circuitWebrtc, multiplexer: '/webrtc' })).toBe('webrtc')
  })
  it('calls a connection with relay limits relayed, whatever the muxer', () => {
    expect(connectionKind({ remoteAddr: circuit, limits: { bytes: 131072n }, multiplexer: '/yamux/1.0.0' })).toBe('relayed')
    expect(connectionKind({ remoteAddr: circuitWebrtc, limits: {}, multiplexer: '/webrtc' })).toBe('relayed')
  })
  it('tells WebSocket from TCP', () => {
    expect(connectionKind({ remoteAddr: multiaddr('/ip4/127.0.0.1/tcp/8081/ws'), multiplexer: '/yamux/1.0.0' })).toBe('websocket')
    expect(connectionKind({ remoteAddr: multiaddr('/dns4/relay.example.org/tcp/443/tls/ws'), multiplexer: '/yamux/1.0.0' })).toBe('websocket')
    expect(connectionKind({ remoteAddr: multiaddr('/ip4/10.0.0.1/tcp/8082'), multiplexer: '/yamux/1.0.0' })).toBe('tcp')
  })
})
