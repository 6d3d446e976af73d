// Answering /guts/inventory (relays): what scope each peer compares, and the
// answers. A peer registers its list once (kept while it stays connected:
// only the repositories this responder holds or wants count, so a relay's
// other repositories and a tab's unwanted ones never make the digests
// differ); after that each round is one 16-byte digest, answered "equal"
// when nothing changed. Per-peer budget; the kept scopes are capped in all.
import { Refusals, RequestBudget } from '../budget.js'
import { INVENTORY_BUDGET, MAX_ENTRIES, MAX_KEPT_RIDS, SMALL_SCOPE } from './constants.js'
import { bucketDigests, bucketOf, rootOf, sameBytes } from './digest.js'
import { InventoryResponse } from './pb/inventory.js'
import type { InventoryRequest } from './pb/inventory.js'

export interface InventoryServerInit {
  /** the sequence number held here, if any */
  heldSeq: (rid: string) => number | undefined
  /** a repository this peer would fetch though it does not hold it (a relay's seed policy) */
  wants: (rid: string) => boolean
  isBanned: (peer: string) => boolean
  /** a peer keeps asking after being refused again and again */
  overBudget: (peer: string) => void
  now?: () => number
}

export interface InventoryReply {
  res: Partial<InventoryResponse> & { status: InventoryResponse.Status }
  /** the requester speaks again on this stream */
  more: boolean
}

export class InventoryServer {
  private readonly budget: RequestBudget
  private readonly refusals = new Refusals()
  /** peer → the RIDs it compares with us, least recently used first */
  private readonly scopes = new Map<string, Set<string>>()
  private kept = 0

  constructor (private readonly init: InventoryServerInit) {
    this.budget = new RequestBudget({ ...INVENTORY_BUDGET, now: init.now })
  }

  /** Answers one request; `first` on a stream is the one that costs budget. */
  async respond (peer: string, req: InventoryRequest, first: boolean): Promise<InventoryReply> {
    if (first && (this.init.isBanned(peer) || !this.budget.take(peer))) {
      if (!this.init.isBanned(peer) && this.refusals.refused(peer)) this.init.overBudget(peer)
      return { res: { status: InventoryResponse.Status.REFUSED }, more: false }
    }
    if (req.entries.length > 0) {
      const scope = this.keep(peer, req.entries.map(e => e.rid))
      return { res: { status: InventoryResponse.Status.ENTRIES, entries: this.entriesOf(scope) }, more: false }
    }
    const scope = this.scopes.get(peer)
    if (scope == null) return { res: { status: InventoryResponse.Status.SEND_ENTRIES }, more: true }
    this.touch(peer, scope)
    const mine = this.entriesOf(scope)
    if (req.buckets.length > 0) {
      // whole buckets, as many as fit
      const asked = new Set(req.buckets)
      const byBucket = new Map<number, Array<{ rid: string, seq: bigint }>>()
      for (const e of mine) {
        const b = bucketOf(e.rid)
        if (!asked.has(b)) continue
        let list = byBucket.get(b)
        if (list == null) { list = []; byBucket.set(b, list) }
        list.push(e)
      }
      const entries: Array<{ rid: string, seq: bigint }> = []
      const covered: number[] = []
      for (const b of req.buckets) {
        const list = byBucket.get(b) ?? []
        if (entries.length + list.length > MAX_ENTRIES) break
        entries.push(...list)
        covered.push(b)
      }
      return { res: { status: InventoryResponse.Status.ENTRIES, entries, buckets: covered }, more: false }
    }
    const digests = await bucketDigests(mine.map(e => ({ rid: e.rid, seq: Number(e.seq) })))
    if (sameBytes(await rootOf(digests), req.root)) return { res: { status: InventoryResponse.Status.EQUAL }, more: false }
    if (scope.size <= SMALL_SCOPE) return { res: { status: InventoryResponse.Status.DIFFER, entries: mine }, more: false }
    return { res: { status: InventoryResponse.Status.DIFFER, digests }, more: true }
  }

  /** A peer gone: its scope goes too. */
  forget (peer: string): void {
    const s = this.scopes.get(peer)
    if (s == null) return
    this.kept -= s.size
    this.scopes.delete(peer)
  }

  /** scopes kept, in RIDs over all peers */
  get keptRids (): number { return this.kept }

  /** what a peer's list becomes here: those we hold or want */
  private keep (peer: string, rids: string[]): Set<string> {
    this.forget(peer)
    const scope = new Set(rids.filter(rid => this.init.heldSeq(rid) != null || this.init.wants(rid)).slice(0, MAX_ENTRIES))
    this.scopes.set(peer, scope)
    this.kept += scope.size
    for (const p of this.scopes.keys()) {
      if (this.kept <= MAX_KEPT_RIDS || p === peer) break
      this.forget(p)
    }
    return scope
  }

  private touch (peer: string, scope: Set<string>): void {
    this.scopes.delete(peer)
    this.scopes.set(peer, scope)
  }

  private entriesOf (scope: Set<string>): Array<{ rid: string, seq: bigint }> {
    return [...scope].map(rid => ({ rid, seq: BigInt(this.init.heldSeq(rid) ?? 0) }))
  }
}
