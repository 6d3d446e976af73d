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
import { MAX_REVISIONS, verifyIdentityChain } from '../core/identity.js'
import { MAX_SIGNED_REFS_BYTES, verifyWriterRefs } from '../core/signed-refs.js'
import type { Divergence } from '../core/canonical-refs.js'
import type { Genesis } from '../core/genesis.js'
import type { Identity, IdentityRevision } from '../core/identity.js'
import type { SignedRefs } from '../core/signed-refs.js'

export interface RepoRecord {
  rid: string
  /** the canonical genesis bytes, kept verbatim so anyone can re-verify the RID */
  genesis: Uint8Array
  name: string
  description: string
  defaultBranch: string
  /**
   * the delegate document accepted last (what peers that speak only
   * /guts/refs/1.0.0 are given); one of `namespaces`
   */
  signedRefs: SignedRefs
  /**
   * every writer's signed refs held, one per signer in signer order: the
   * delegates' and the forks' (absent in records stored before forks:
   * [signedRefs])
   */
  namespaces?: SignedRefs[]
  /** identity revisions after the genesis, in version order (absent or empty: the genesis is the identity) */
  identity?: IdentityRevision[]
  /** the canonical refs, computed from the delegates' namespaces (absent: signedRefs.refs) */
  refs?: Record<string, string>
  /** canonical refs on which delegates' tips are not on one line */
  diverged?: Divergence[]
  /** ms, when the refs last moved here */
  updated: number
}

/** The canonical refs of a record: what its page shows and a plain clone gets. */
export function refsOf (r: RepoRecord): Record<string, string> { return r.refs ?? r.signedRefs.refs }

/** Every writer's signed refs a record holds, in signer order. */
export function namespacesOf (r: RepoRecord): SignedRefs[] { return r.namespaces ?? [r.signedRefs] }

/** The signed refs of one writer, if held. */
export function namespaceOf (r: RepoRecord, signer: string): SignedRefs | undefined {
  return namespacesOf(r).find(n => n.signer === signer)
}

/** Every tip of every namespace: what a peer may want from this repository. */
export function allTips (r: RepoRecord): Set<string> {
  const tips = new Set<string>(Object.values(refsOf(r)))
  for (const n of namespacesOf(r)) for (const oid of Object.values(n.refs)) tips.add(oid)
  return tips
}

/**
 * One number that rises with every change a record takes in (any writer's
 * sequence, or a new identity revision): what sync compares to tell whether
 * a peer has news. With one writer, that writer's sequence.
 */
export function recordSeq (r: RepoRecord): number {
  let n = r.identity?.length ?? 0
  for (const d of namespacesOf(r)) n += d.seq
  return n
}

/** What recordSeq would be once `doc` replaced its writer's document (unchanged when it is not newer). */
export function recordSeqWith (r: RepoRecord, doc: Pick<SignedRefs, 'signer' | 'seq'>): number {
  const held = namespaceOf(r, doc.signer)?.seq ?? 0
  return recordSeq(r) + Math.max(0, doc.seq - held)
}

/** The delegates in force, as the stored record says (it was verified when stored). */
export function delegatesOf (r: RepoRecord): string[] {
  return [...(r.identity?.at(-1)?.delegates ?? decodeGenesis(r.genesis).delegates)]
}

/** How many delegates must agree, as the stored record says. */
export function thresholdOf (r: RepoRecord): number { return r.identity?.at(-1)?.threshold ?? 1 }

const identities = new Map<string, Promise<Identity>>()
/** The identity in force for a record (its chain verified from the genesis; remembered per chain). */
export async function identityOfRecord (r: RepoRecord): Promise<Identity> {
  const chain = r.identity ?? []
  const key = `${r.rid} ${chain.length} ${chain.at(-1)?.signatures.map(s => s.signature).join(',') ?? ''}`
  let id = identities.get(key)
  if (id == null) {
    id = verifyIdentityChain(r.rid, decodeGenesis(r.genesis), chain)
    identities.set(key, id)
    id.catch(() => identities.delete(key))
    if (identities.size > 1000) identities.delete(identities.keys().next().value!)
  }
  return await id
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
    ...(r.namespaces != null ? { namespaces: structuredClone(r.namespaces) } : {}),
    ...(r.identity != null && r.identity.length > 0 ? { identity: structuredClone(r.identity) } : {}),
    ...(r.refs != null ? { refs: { ...r.refs } } : {}),
    ...(r.diverged != null && r.diverged.length > 0 ? { diverged: structuredClone(r.diverged) } : {}),
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
  if ((r.identity?.length ?? 0) > MAX_REVISIONS) throw bad(`has more than ${MAX_REVISIONS} identity revisions`)
  let identity: Identity
  try {
    identity = await verifyIdentityChain(r.rid, genesis, r.identity ?? [])
  } catch (err: any) {
    throw bad(`has an identity that does not verify: ${err.message}`)
  }
  if (r.name !== identity.name || r.description !== identity.description || r.defaultBranch !== identity.defaultBranch) throw bad('has a name, description or default branch other than its identity\'s')
  const namespaces = r.namespaces ?? [r.signedRefs]
  let previous = ''
  let held = false
  for (const n of namespaces) {
    try {
      await verifyWriterRefs(n, { rid: r.rid })
    } catch (err: any) {
      throw bad(`has signed refs that do not verify: ${err.message}`)
    }
    if (!(previous < n.signer)) throw bad('has namespaces out of signer order, or one signer twice')
    previous = n.signer
    if (n.signer === r.signedRefs.signer) {
      if (n.seq !== r.signedRefs.seq || n.signature !== r.signedRefs.signature) throw bad('has signed refs other than its namespace of that signer')
      held = true
    }
    // what a peer refuses to receive we do not keep: it could not be served.
    // (Verified, so plain strings and safe integers: JSON.stringify gives the
    // canonical encoding's length, in a third of its time.)
    const size = encoder.encode(JSON.stringify(n)).length
    if (size > MAX_SIGNED_REFS_BYTES) throw bad(`has signed refs of ${size} bytes, more than the ${MAX_SIGNED_REFS_BYTES} peers accept`)
  }
  if (!held) throw bad('has signed refs that are none of its namespaces')
  // the document old peers are given must be a delegate's (of the genesis, which is all they know)
  if (r.namespaces == null && !genesis.delegates.includes(r.signedRefs.signer)) throw bad(`has signed refs that do not verify: ${r.signedRefs.signer} is not a delegate of this repository`)
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
