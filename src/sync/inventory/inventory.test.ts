// /guts/inventory over an in-memory stream pair: registration, the idle
// round (one small message each way), narrowing by bucket, a responder that
// forgot us, what a responder leaves out, and a lying responder.
import { streamPair } from '@libp2p/utils'
import { describe, expect, it } from 'vitest'
import { lpStream } from '@libp2p/utils'
import { handleInventory, requestInventory } from './inventory.js'
import { InventoryServer } from './serve.js'
import { MAX_ENTRIES, MAX_KEPT_RIDS } from './constants.js'
import { InventoryResponse } from './pb/inventory.js'
import type { InventoryEntry } from './digest.js'
import type { InventoryResult, InventorySession } from './inventory.js'

const PEER = 'peer-a'
const B32 = 'abcdefghijklmnopqrstuvwxyz234567'
const rid = (i: number): string => `bafkrei${[...i.toString(32).padStart(4, '0')].map(d => B32[parseInt(d, 32)]).join('')}`

function relay (held: Map<string, number>, wants: (rid: string) => boolean = () => false): InventoryServer {
  return new InventoryServer({ heldSeq: (r) => held.get(r), wants, isBanned: () => false, overBudget: () => {} })
}

async function round (server: InventoryServer, mine: InventoryEntry[], session?: InventorySession): Promise<InventoryResult> {
  const [client, srv] = await streamPair()
  void handleInventory(srv, PEER, server).catch(() => {})
  return requestInventory(client, mine, session)
}

describe('/guts/inventory', () => {
  it('registers once, then an idle round is one small message each way', async () => {
    const held = new Map([[rid(1), 3], [rid(2), 5]])
    const server = relay(held)
    const mine = [{ rid: rid(1), seq: 3 }, { rid: rid(2), seq: 4 }, { rid: rid(3), seq: 1 }]
    const first = await round(server, mine)
    // it holds 1 and 2 (not 3, which it does not want either): those are the scope
    expect(first.theirs).toEqual(expect.arrayContaining([{ rid: rid(1), seq: 3 }, { rid: rid(2), seq: 5 }]))
    expect(first.theirs).toHaveLength(2)
    expect([...first.session.kept].sort()).toEqual([rid(1), rid(2)].sort())
    // we fetch rid 2; the next round is equal
    const after = [{ rid: rid(1), seq: 3 }, { rid: rid(2), seq: 5 }, { rid: rid(3), seq: 1 }]
    const idle = await round(server, after, first.session)
    expect(idle.theirs).toEqual([])
    expect(idle.sent).toBeLessThanOrEqual(20)
    expect(idle.received).toBeLessThanOrEqual(4)
    // the relay moves on: the next round says where
    held.set(rid(1), 4)
    const moved = await round(server, after, first.session)
    expect(moved.theirs).toContainEqual({ rid: rid(1), seq: 4 })
  })

  it('narrows a large scope by bucket: only the differing buckets come back', async () => {
    const held = new Map<string, number>()
    for (let i = 0; i < 2000; i++) held.set(rid(i), 1)
    const server = relay(held)
    const mine = [...held].map(([r, s]) => ({ rid: r, seq: s }))
    const { session } = await round(server, mine)
    held.set(rid(7), 2)
    const r = await round(server, mine, session)
    expect(r.theirs).toContainEqual({ rid: rid(7), seq: 2 })
    // one bucket of ~8 entries out of 2,000, plus 256 bucket digests
    expect(r.theirs.length).toBeLessThan(40)
    expect(r.received).toBeLessThan(256 * 8 + 40 * 40)
  })

  it('registers again when the responder forgot us, or our list changed', async () => {
    const held = new Map([[rid(1), 1]])
    const server = relay(held, () => true)
    const mine = [{ rid: rid(1), seq: 1 }]
    const { session } = await round(server, mine)
    server.forget(PEER)
    const again = await round(server, mine, session)
    expect(again.theirs).toEqual([{ rid: rid(1), seq: 1 }])
    // a new repository it wants and lacks: seq 0, so we tell it
    const more = await round(server, [...mine, { rid: rid(2), seq: 2 }], again.session)
    expect(more.theirs).toContainEqual({ rid: rid(2), seq: 0 })
  })

  it('a responder naming a repository we did not name is a protocol violation', async () => {
    const [client, srv] = await streamPair()
    void (async () => {
      const lp = lpStream(srv)
      await lp.read()
      await lp.write(InventoryResponse.encode({ status: InventoryResponse.Status.ENTRIES, entries: [{ rid: rid(9), seq: 1n }] }))
    })()
    await expect(requestInventory(client, [{ rid: rid(1), seq: 1 }], undefined)).rejects.toThrow(expect.objectContaining({ name: 'ProtocolViolationError' }))
  })

  it('refuses past the per-peer budget', async () => {
    const server = relay(new Map([[rid(1), 1]]))
    const names: string[] = []
    for (let i = 0; i < 12; i++) names.push(await round(server, [{ rid: rid(1), seq: 1 }]).then(() => 'ok', (err: Error) => err.name))
    expect(names.slice(0, 10).every(n => n === 'ok')).toBe(true)
    expect(names.slice(10)).toEqual(['RefusedError', 'RefusedError'])
  })

  it('keeps at most MAX_ENTRIES per peer and MAX_KEPT_RIDS in all, forgetting the least recently used', async () => {
    const server = relay(new Map(), () => true)
    const entries = Array.from({ length: MAX_ENTRIES + 100 }, (_, i) => ({ rid: rid(i), seq: 1n }))
    const peers = Math.ceil(MAX_KEPT_RIDS / MAX_ENTRIES) + 3
    for (let p = 0; p < peers; p++) {
      const { res } = await server.respond(`p${p}`, { root: new Uint8Array(), entries, buckets: [] }, false)
      expect(res.entries).toHaveLength(MAX_ENTRIES)
    }
    expect(server.keptRids).toBeLessThanOrEqual(MAX_KEPT_RIDS)
    // the first peers were forgotten: they are asked for their list again
    expect((await server.respond('p0', { root: new Uint8Array(16), entries: [], buckets: [] }, false)).res.status).toBe(InventoryResponse.Status.SEND_ENTRIES)
    expect((await server.respond(`p${peers - 1}`, { root: new Uint8Array(16), entries: [], buckets: [] }, false)).res.status).toBe(InventoryResponse.Status.DIFFER)
  })
})
