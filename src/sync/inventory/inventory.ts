// /guts/inventory/1.0.0 — anti-entropy between a peer and a relay, on one
// stream of at most three requests:
//   1. { root } → EQUAL (done: the idle round), or DIFFER with the
//      responder's entries (a small scope: done), or DIFFER with 256 bucket
//      digests, or SEND_ENTRIES (it keeps no scope for us);
//   2. SEND_ENTRIES → { entries } → ENTRIES: its entries of the scope it kept;
//   3. bucket digests → { buckets that differ } → ENTRIES of those buckets.
// A requester whose list changed registers it at once ({ entries } first).
// Every message is capped before decoding.
import { lpStream } from '@libp2p/utils'
import { ProtocolViolationError, RefusedError } from '../errors.js'
import { decodeInventoryRequest, decodeInventoryResponse } from './codec.js'
import { INVENTORY_TIMEOUT, MAX_ENTRIES, MAX_INVENTORY_REQUEST, MAX_INVENTORY_RESPONSE, MAX_INVENTORY_ROUNDS } from './constants.js'
import { bucketDigests, bucketOf, differingBuckets, rootOf } from './digest.js'
import { InventoryRequest, InventoryResponse } from './pb/inventory.js'
import type { InventoryEntry } from './digest.js'
import type { InventoryServer } from './serve.js'
import type { Stream } from '@libp2p/interface'

/** What a requester remembers of one responder while connected. */
export interface InventorySession {
  /** the RIDs it registered */
  registered: Set<string>
  /** those the responder kept (holds or wants) */
  kept: Set<string>
}

export interface InventoryResult {
  /** the responder's entries where they may differ; none: equal */
  theirs: InventoryEntry[]
  session: InventorySession
  /** bytes written and read, framing included */
  sent: number
  received: number
}

/** Server side: answers the requests of one stream. */
export async function handleInventory (stream: Stream, peer: string, server: InventoryServer): Promise<void> {
  const lp = lpStream(stream, { maxDataLength: MAX_INVENTORY_REQUEST })
  try {
    for (let round = 0; round < MAX_INVENTORY_ROUNDS; round++) {
      const signal = AbortSignal.timeout(INVENTORY_TIMEOUT)
      const req = decodeInventoryRequest(await lp.read({ signal }))
      const { res, more } = await server.respond(peer, req, round === 0)
      await lp.write(InventoryResponse.encode(res), { signal })
      if (!more) break
    }
    await stream.close({ signal: AbortSignal.timeout(INVENTORY_TIMEOUT) })
  } catch (err: any) {
    stream.abort(err)
    throw err
  }
}

/**
 * Client side: compares `mine` (the most recently changed first; past
 * MAX_ENTRIES the rest are left out) with the responder.
 */
export async function requestInventory (stream: Stream, mine: InventoryEntry[], session: InventorySession | undefined, opts: { signal?: AbortSignal } = {}): Promise<InventoryResult> {
  const signal = opts.signal ?? AbortSignal.timeout(INVENTORY_TIMEOUT)
  const lp = lpStream(stream, { maxDataLength: MAX_INVENTORY_RESPONSE })
  let sent = 0
  let received = 0
  const ask = async (req: Partial<InventoryRequest>): Promise<InventoryResponse> => {
    const bytes = InventoryRequest.encode(req)
    sent += bytes.byteLength + varintLength(bytes.byteLength)
    await lp.write(bytes, { signal })
    const answer = await lp.read({ signal })
    received += answer.byteLength + varintLength(answer.byteLength)
    return decodeInventoryResponse(answer)
  }
  mine = mine.slice(0, MAX_ENTRIES)
  const rids = new Set(mine.map(e => e.rid))
  const done = (theirs: InventoryEntry[], s: InventorySession): InventoryResult => {
    void stream.close({ signal }).catch(() => {})
    return { theirs, session: s, sent, received }
  }
  const register = async (): Promise<InventoryResult> => {
    const res = await ask({ entries: mine.map(e => ({ rid: e.rid, seq: BigInt(e.seq) })) })
    if (res.status === InventoryResponse.Status.REFUSED) throw new RefusedError('the relay refused: too many inventory requests')
    if (res.status !== InventoryResponse.Status.ENTRIES) throw new ProtocolViolationError('inventory: no entries in answer to ours')
    const theirs = entriesOf(res, rids)
    return done(theirs, { registered: rids, kept: new Set(theirs.map(e => e.rid)) })
  }
  try {
    if (session == null || !sameSet(session.registered, rids)) return await register()
    const scoped = mine.filter(e => session.kept.has(e.rid))
    const digests = await bucketDigests(scoped)
    const res = await ask({ root: await rootOf(digests) })
    switch (res.status) {
      case InventoryResponse.Status.EQUAL: return done([], session)
      case InventoryResponse.Status.REFUSED: throw new RefusedError('the relay refused: too many inventory requests')
      case InventoryResponse.Status.SEND_ENTRIES: return await register()
      case InventoryResponse.Status.DIFFER: {
        if (res.digests.length === 0) return done(entriesOf(res, session.kept), session)
        const buckets = differingBuckets(digests, res.digests)
        if (buckets.length === 0) throw new ProtocolViolationError('inventory: the digests differ, the buckets do not')
        const more = await ask({ buckets })
        if (more.status !== InventoryResponse.Status.ENTRIES) throw new ProtocolViolationError('inventory: no entries in answer to buckets')
        const covered = new Set(more.buckets)
        if (more.buckets.some(b => !buckets.includes(b))) throw new ProtocolViolationError('inventory: entries of buckets not asked for')
        const theirs = entriesOf(more, session.kept)
        if (theirs.some(e => !covered.has(bucketOf(e.rid)))) throw new ProtocolViolationError('inventory: an entry outside the buckets it covers')
        return done(theirs, session)
      }
      default: throw new ProtocolViolationError('inventory: an answer out of turn')
    }
  } catch (err: any) {
    stream.abort(err)
    throw err
  }
}

/** The responder's entries, which must all be RIDs we named. */
function entriesOf (res: InventoryResponse, ours: Set<string>): InventoryEntry[] {
  const out = res.entries.map(e => ({ rid: e.rid, seq: Number(e.seq) }))
  if (out.some(e => !ours.has(e.rid))) throw new ProtocolViolationError('inventory: an entry for a repository we did not name')
  return out
}

function sameSet (a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size) return false
  for (const x of a) if (!b.has(x)) return false
  return true
}

function varintLength (n: number): number {
  let len = 1
  while (n >= 0x80) { n = Math.floor(n / 128); len++ }
  return len
}
