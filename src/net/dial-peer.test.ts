import { describe, expect, it } from 'vitest'
import { BadDialTargetError, dialAddresses } from './dial-peer.js'

const RELAY = '/ip4/127.0.0.1/tcp/8081/ws/p2p/12D3KooWEp8C9FPbSR3Uy2yyUQPNBd9oDRqbaaV4xrb2yF7ivRY5'
const PEER = '12D3KooWJFH2kDipsJEkfdMZyP1tHAkpYAWL971UfzQuagGdVxT9'

describe('dialAddresses', () => {
  it('turns a PeerId into WebRTC addresses through every connected relay', () => {
    expect(dialAddresses(PEER, [RELAY]).map(String)).toEqual([`${RELAY}/p2p-circuit/webrtc/p2p/${PEER}`])
  })
  it('keeps a WebRTC address as it is, and upgrades a bare circuit address to WebRTC', () => {
    const webrtc = `${RELAY}/p2p-circuit/webrtc/p2p/${PEER}`
    expect(dialAddresses(`  ${webrtc} `, []).map(String)).toEqual([webrtc])
    expect(dialAddresses(`${RELAY}/p2p-circuit/p2p/${PEER}`, []).map(String)).toEqual([webrtc])
  })
  it('explains what is wrong with bad input', () => {
    expect(() => dialAddresses('hello', [RELAY])).toThrow(BadDialTargetError)
    expect(() => dialAddresses('/ip4/1.2.3.4/tcp/1', [])).toThrow(/\/p2p\//)
    expect(() => dialAddresses('/nonsense/x', [])).toThrow(/not a valid address/)
    expect(() => dialAddresses(PEER, [])).toThrow(/not connected to any relay/)
  })
})
