// /guts/pack's two ends over an in-memory stream pair: an honest server
// that takes longer to build a pack than the client's idle timeout keeps
// the stream alive with PREPARING headers (a client that understands them);
// a server that says nothing for as long times out.
import { streamPair } from '@libp2p/utils'
import { describe, expect, it } from 'vitest'
import { bytesSource } from '../../repo/pack-source.js'
import { handlePack, requestPack } from './pack.js'
import { MAX_WANTS } from './constants.js'
import { TooManyWantsError } from '../errors.js'

const PACK = new Uint8Array(1000).fill(7)
const sink = () => {
  const parts: Uint8Array[] = []
  return { push: (c: Uint8Array) => { parts.push(c.slice()) }, finish: async () => parts.reduce((n, p) => n + p.length, 0), abort: () => {} }
}

describe('a slow, honest pack server', () => {
  it('keeps the client waiting, not timing out, while it builds the pack', async () => {
    const [client, server] = await streamPair()
    void handlePack(server, async () => {
      await new Promise(resolve => setTimeout(resolve, 1200))
      return bytesSource(PACK, 1)
    }, { preparingEvery: 150 })
    const preparing: number[] = []
    const got = await requestPack(client, { rid: 'bafkreix', wants: ['a'.repeat(40)], haves: [] }, {
      maxBytes: 10_000,
      open: () => sink(),
      idleTimeout: 500,
      onPreparing: (ms) => preparing.push(ms)
    })
    expect(got.bytes).toBe(1000)
    expect(got.result).toBe(1000)
    expect(preparing.length).toBeGreaterThanOrEqual(4)
  })

  it('without PREPARING headers, the same wait is a timeout', async () => {
    const [client, server] = await streamPair()
    void handlePack(server, async () => {
      await new Promise(resolve => setTimeout(resolve, 1200))
      return bytesSource(PACK, 1)
    }, { preparingEvery: 60_000 })
    await expect(requestPack(client, { rid: 'bafkreix', wants: ['a'.repeat(40)], haves: [] }, {
      maxBytes: 10_000, open: () => sink(), idleTimeout: 500
    })).rejects.toThrow()
  })
})

describe('asking for a thin pack', () => {
  const ask = async (req: { haves: string[], thin?: boolean }): Promise<boolean> => {
    const [client, server] = await streamPair()
    let asked: boolean | undefined
    void handlePack(server, async (r) => { asked = r.thin; return bytesSource(PACK, 1) })
    await requestPack(client, { rid: 'bafkreix', wants: ['a'.repeat(40)], ...req }, { maxBytes: 10_000, open: () => sink() })
    return asked!
  }

  it('reaches the server only from a client that can complete one and sends haves', async () => {
    expect(await ask({ haves: ['b'.repeat(40)], thin: true })).toBe(true)
    // a clone has nothing to complete it from
    expect(await ask({ haves: [], thin: true })).toBe(false)
    // older clients leave it unset
    expect(await ask({ haves: ['b'.repeat(40)] })).toBe(false)
  })
})

describe('a repository with more tips than one request may want', () => {
  it('a request of up to MAX_WANTS reaches the server whole (issues make many tips)', async () => {
    const [client, server] = await streamPair()
    let wanted = 0
    void handlePack(server, async (r) => { wanted = r.wants.length; return bytesSource(PACK, 1) })
    const wants = Array.from({ length: 12_000 }, (_, i) => i.toString(16).padStart(40, '0'))
    await requestPack(client, { rid: 'bafkreix', wants, haves: [] }, { maxBytes: 10_000, open: () => sink() })
    expect(wanted).toBe(12_000)
  })

  it('over it, fails here with why, asking nothing (a partial pack would blame an honest peer for missing tips)', async () => {
    const [client, server] = await streamPair()
    let asked = false
    void handlePack(server, async () => { asked = true; return bytesSource(PACK, 1) })
    const wants = Array.from({ length: MAX_WANTS + 1 }, (_, i) => i.toString(16).padStart(40, '0'))
    await expect(requestPack(client, { rid: 'bafkreix', wants, haves: [] }, { maxBytes: 10_000, open: () => sink() })).rejects.toThrow(TooManyWantsError)
    expect(asked).toBe(false)
  })
})
