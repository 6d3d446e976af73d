// What the maintainers form says of a pasted PeerId before the handle sees it.
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { describe, expect, it } from 'vitest'
import { peerIdProblem, shortPeer } from './peer-words.js'

describe('a pasted PeerId', () => {
  it('passes when libp2p made it, and says what is wrong otherwise', async () => {
    const peer = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
    expect(peerIdProblem(peer)).toBeUndefined()
    expect(peerIdProblem('')).toBe('Paste a PeerId')
    expect(peerIdProblem('QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N')).toBe('A PeerId starts with 12D3KooW')
    expect(peerIdProblem(peer.slice(0, -1))).toBe('A PeerId has 52 characters; this has 51')
    expect(peerIdProblem(peer.slice(0, -1) + '0')).toMatch(/base58/)
    expect(shortPeer(peer)).toBe(`12D3…${peer.slice(-6)}`)
  })
})
