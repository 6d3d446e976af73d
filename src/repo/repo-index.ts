// The repository index: for every repository the tab holds, its genesis and
// its latest verified signed refs. This, not the git refs on disk, is what
// the app shows: it moves in one step, after the objects are complete.
//
// Three implementations keep the same contract (MemoryRepoIndex below,
// IdbRepoIndex in the tab, FileRepoIndex on relays); one suite,
// test/contracts/repo-index-contract.ts, checks all three:
//  - put() stores a copy of the record taken when it is called, refusing with
//    InvalidRecordError (nothing stored, the old record kept) a record no
//    peer would accept: a rid that is not a RID, a genesis that does not
//    hash to it, a name, description or default branch other than the
//    genesis's, signed refs that do not verify against the genesis or encode
//    to more than MAX_SIGNED_REFS_BYTES (1 MiB, what peers receive);
//  - a put replaces the record of that rid (there is one per rid); the index
//    does not judge sequence numbers, its callers do;
//  - get() and list() return copies, with every field as it was put: the
//    genesis as a Uint8Array of exactly its bytes, in a buffer of its own;
//    fields outside RepoRecord are not kept;
//  - list() returns every record, in ascending rid order (callers sort as
//    they need: Repos.list puts the latest `updated` first);
//  - get() of a rid that is unknown or not a RID is undefined; delete() of
//    either does nothing;
//  - calls take effect in the order they were made on one instance, as if
//    each awaited the one before: a get or list sees every put and delete
//    called before it (puts of different rids may run at once);
//  - IndexedDB and files keep records for a fresh instance on the same storage.
// Where they differ: files check every record again when they read it, and
// set aside one damaged on disk (get() is then undefined); memory and
// IndexedDB trust what they stored.
import { decodeGenesis, isRid, ridOf } from '../core/genesis.js'
import { MAX_SIGNED_REFS_BYTES, verifySignedRefs } from '../core/signed-refs.js'
import type { Genesis } from '../core/genesis.js'
import type { SignedRefs } from '../core/signed-refs.js'

export interface RepoRecord {
  rid: string
  /** the canonical genesis bytes, kept verbatim so anyone can re-verify the RID */
  genesis: Uint8Array
  name: string
  description: string
  defaultBranch: string
  signedRefs: SignedRefs
  /** ms, when the refs last moved here */
  updated: number
}

export interface RepoIndex {
  list: () => Promise<RepoRecord[]>
  get: (rid: string) => Promise<RepoRecord | undefined>
  put: (record: RepoRecord) => Promise<void>
  delete: (rid: string) => Promise<void>
}

const encoder = new TextEncoder()

/** A record put() will not store; nothing was written. */
export class InvalidRecordError extends Error {
  static name = 'InvalidRecordError'
  name = 'InvalidRecordError'
}

/**
 * A copy of exactly RepoRecord's fields, the genesis in a buffer of its own:
 * a genesis off the wire is a view into the whole message, which a
 * structured clone (memory, IndexedDB) would otherwise keep in full. Taken
 * synchronously, so a caller changing the record after put() changes nothing.
 */
export function copyRecord (r: RepoRecord): RepoRecord {
  if (r == null || typeof r !== 'object') throw new InvalidRecordError('a repository record must be an object')
  if (!(r.genesis instanceof Uint8Array)) throw new InvalidRecordError(`the record of ${String(r.rid)} has no genesis bytes`)
  return {
    rid: r.rid,
    genesis: r.genesis.slice(),
    name: r.name,
    description: r.description,
    defaultBranch: r.defaultBranch,
    signedRefs: structuredClone(r.signedRefs),
    updated: r.updated
  }
}

/** Checks a record as every peer would before put() stores it; returns its genesis. */
export async function checkRecord (r: RepoRecord): Promise<Genesis> {
  const bad = (why: string): InvalidRecordError => new InvalidRecordError(`the record of ${typeof r.rid === 'string' ? r.rid.slice(0, 100) : 'no rid'} ${why}`)
  if (typeof r.rid !== 'string' || !isRid(r.rid)) throw bad('has no valid repository id')
  if (typeof r.updated !== 'number' || !Number.isFinite(r.updated)) throw bad('has no "updated" time')
  let genesis: Genesis
  try {
    genesis = decodeGenesis(r.genesis)
  } catch (err: any) {
    throw bad(`has a genesis that cannot be read: ${err.message}`)
  }
  if (await ridOf(r.genesis) !== r.rid) throw bad('has a genesis that does not hash to it')
  if (r.name !== genesis.name || r.description !== genesis.description || r.defaultBranch !== genesis.defaultBranch) throw bad('has a name, description or default branch other than its genesis\'s')
  try {
    await verifySignedRefs(r.signedRefs, genesis, { rid: r.rid })
  } catch (err: any) {
    throw bad(`has signed refs that do not verify: ${err.message}`)
  }
  // what a peer refuses to receive we do not keep: it could not be served.
  // (Verified, so plain strings and safe integers: JSON.stringify gives the
  // canonical encoding's length, in a third of its time.)
  const size = encoder.encode(JSON.stringify(r.signedRefs)).length
  if (size > MAX_SIGNED_REFS_BYTES) throw bad(`has signed refs of ${size} bytes, more than the ${MAX_SIGNED_REFS_BYTES} peers accept`)
  return genesis
}

/**
 * The order of calls on one index: changes to a rid run one after another,
 * in call order; get waits for the changes to its rid called before it,
 * list for every change called before it. Changes of different rids overlap.
 */
export class CallOrder {
  private readonly pending = new Map<string, Promise<void>>()

  change<T> (rid: string, fn: () => Promise<T>): Promise<T> {
    const before = this.pending.get(rid)
    const run = before == null ? fn() : before.then(fn)
    const settled = run.then(() => {}, () => {})
    this.pending.set(rid, settled)
    void settled.then(() => { if (this.pending.get(rid) === settled) this.pending.delete(rid) })
    return run
  }

  async settled (rid: string): Promise<void> { await this.pending.get(rid) }
  async allSettled (): Promise<void> { await Promise.all(this.pending.values()) }
}

/** Ascending rid order, as IndexedDB keys sort (UTF-16 code units). */
export function byRid (a: RepoRecord, b: RepoRecord): number { return a.rid < b.rid ? -1 : a.rid > b.rid ? 1 : 0 }

/** For tests and for Node: the same contract, in memory. */
export class MemoryRepoIndex implements RepoIndex {
  private readonly records = new Map<string, RepoRecord>()
  private readonly order = new CallOrder()

  async list (): Promise<RepoRecord[]> {
    await this.order.allSettled()
    return [...this.records.values()].sort(byRid).map(r => copyRecord(r))
  }

  async get (rid: string): Promise<RepoRecord | undefined> {
    await this.order.settled(rid)
    const r = this.records.get(rid)
    return r == null ? undefined : copyRecord(r)
  }

  async put (record: RepoRecord): Promise<void> {
    const copy = copyRecord(record)
    await this.order.change(copy.rid, async () => {
      await checkRecord(copy)
      this.records.set(copy.rid, copy)
    })
  }

  async delete (rid: string): Promise<void> {
    await this.order.change(rid, async () => { this.records.delete(rid) })
  }
}
