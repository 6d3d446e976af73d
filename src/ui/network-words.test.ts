import { describe, expect, it } from 'vitest'
import { offlineText, statusText, untilText } from './network-words.js'
import type { NetworkSnapshot } from '../app/types.js'

const snap = (over: Partial<NetworkSnapshot>): NetworkSnapshot => ({ peerId: 'me', shareAddrs: [], state: 'connected', relays: [], connections: [], relayCount: 1, peerCount: 1, online: true, ...over })

describe('network words', () => {
  it('names the state', () => {
    expect(statusText(snap({}))).toBe('Connected to 1 relay, 1 peer')
    expect(statusText(snap({ relayCount: 2, peerCount: 0 }))).toBe('Connected to 2 relays, 0 peers')
    expect(statusText(snap({ state: 'offline' }))).toBe('Offline')
  })

  it('says why it is offline: which relays were tried, and when the next try is', () => {
    const text = offlineText({ reason: 'the relay could not be reached', tried: [{ peer: '12D3KooWEp8C9FPbSR3Uy2yyUQPNBd9oDRqbaaV4xrb2yF7ivRY5', addr: '/x', error: 'connection refused', at: 1 }], nextTry: 3000 }, 1200)
    expect(text).toBe('the relay could not be reached (12D3KooW…7ivRY5: connection refused); trying again in 2 s')
    expect(untilText(1000, 1200)).toBe('now')
  })
})
