// Repositories meet the network: serving a pack for a peer's wants and
// haves, and accepting what a peer sent. Everything received is untrusted:
// the genesis must match the RID, the signed refs must verify against it
// with a higher sequence number, every object is hashed as the pack is
// indexed, and everything the new refs reach must be present. Only then do
// the refs move, in one step; on any failure the pack is removed again.
import git from './git.js'
import { verifyGenesis } from '../core/genesis.js'
import { identityOfGenesis, verifyIdentityChain } from '../core/identity.js'
import { acceptNamespace, namespacesBytes } from '../core/namespace-accept.js'
import { encodeSignedRefs } from '../core/signed-refs.js'
import { InvalidRefsError, InvalidSignatureError, StaleSequenceError } from '../core/errors.js'
import { allTips, identityOfRecord, namespaceOf, namespacesOf } from './repo-index.js'
import { gitRefsOf, settleRecord } from './settle-record.js'
import { writeIdentityChain } from './identity-git.js'
import type { Identity, IdentityRevision } from '../core/identity.js'
import { exists, flush, rmrf } from './fs.js'
import { looseIds, packNames, withObjectStore } from './object-files.js'
import { planPack } from './pack/pack-writer.js'
import { objectsToSend } from './send-walk.js'
import { heldAmong } from './held-among.js'
import { assertTipsPresent, packStem, storePack } from './store-pack.js'
import { vetChangeTips } from './cob-vet.js'
import { openPackFile, plannedSource } from './pack-source.js'
import { oidToHex } from './pack/hex.js'
import type { StoredPack } from './store-pack.js'
import type { PackSource } from './pack-source.js'
import type { ReceivedPack } from './pack/pack-sink.js'
import type { Genesis } from '../core/genesis.js'
import type { SignedRefs } from '../core/signed-refs.js'
import type { RepoRecord } from './repo-index.js'
import type { Repos } from './repos.js'

export class UnknownWantError extends Error {
  static name = 'UnknownWantError'
  name = 'UnknownWantError'
}

/**
 * The objects a peer lacks: reachable from `wants`, minus what its `haves`
 * reach, found from the wants down to the haves (send-walk.ts), never the
 * whole history, and written from the stored packs' own entries
 * (pack/pack-writer.ts).
 */
export async function packFor (repos: Repos, rid: string, wants: string[], haves: string[], opts: { signal?: AbortSignal } = {}): Promise<PackSource> {
  const record = await repos.get(rid)
  // every writer's tips: a fork's commits are wanted too
  const tips = allTips(record)
  // a clone of a repository held as one pack of exactly what the refs
  // reach: that pack as it is, straight from the file
  const whole = await storedPackFor(repos, rid, wants, haves)
  if (whole != null) return whole
  return await withObjectStore(repos.fs, repos.gitdir(rid), async (store) => {
    try {
      // only serve what our signed refs reach: a want must be reachable from them
      if (!wants.every(w => tips.has(w))) {
        const reachable = (await objectsToSend(store, [...tips], [], opts)).oids
        const unknown = wants.find(w => !reachable.has(w))
        if (unknown != null) throw new UnknownWantError(`${unknown} is not reachable from this repository's refs`)
      }
      // haves we do not hold (the peer is ahead somewhere) are simply not common
      const { oids } = await objectsToSend(store, wants, haves, opts)
      const plan = await planPack(store, oids, opts)
      return plannedSource(plan, () => store.release())
    } catch (err) {
      store.release()
      throw err
    }
  })
}

/**
 * For a clone (every tip wanted, no haves), the repository's stored pack
 * when it is its only one and holds exactly what the refs reach: nothing
 * no ref reaches goes out.
 */
export async function storedPackFor (repos: Repos, rid: string, wants: string[], haves: string[]): Promise<PackSource | undefined> {
  const record = await repos.get(rid)
  const tips = allTips(record)
  const wanted = new Set(wants)
  if (haves.length > 0 || wanted.size !== tips.size || ![...wanted].every(w => tips.has(w))) return undefined
  const fs = repos.fs
  const gitdir = repos.gitdir(rid)
  if ((await looseIds(fs, gitdir)).length > 0) return undefined
  const packs = await packNames(fs, gitdir)
  if (packs.length !== 1) return undefined
  const key = `${gitdir}\n${[...tips].sort().join(',')}\n${packs[0]}`
  let exact = exactPacks.get(key)
  if (exact == null) {
    exact = await withObjectStore(fs, gitdir, async (store) => {
      try {
        if (store.packs.length !== 1) return false
        const reachable = (await objectsToSend(store, [...tips], [])).oids
        const idx = store.packs[0].idx
        for (let k = 0; k < idx.count; k++) if (!reachable.has(store.oidAt(0, k))) return false
        return true
      } finally {
        store.release()
      }
    })
    if (exactPacks.size >= 256) exactPacks.delete(exactPacks.keys().next().value!)
    exactPacks.set(key, exact)
  }
  return exact ? await openPackFile(fs, `${gitdir}/objects/pack/${packs[0]}.pack`) : undefined
}

/** Whether a repository's only pack (at a sequence number) holds exactly what its refs reach: a walk of it all, done once. */
const exactPacks = new Map<string, boolean>()

export interface Received {
  rid: string
  genesisBytes: Uint8Array
  /** identity revisions after the genesis, as offered (absent: none) */
  identity?: IdentityRevision[]
  /** every writer's signed refs offered (absent: [signedRefs]) */
  namespaces?: SignedRefs[]
  /** a delegate's document (what /guts/refs/1.0.0 carries) */
  signedRefs?: SignedRefs
  /**
   * absent when the refs point only at objects we already hold; either the
   * pack's bytes, or the pack as indexed while it arrived (pack-sink.ts)
   */
  pack?: Uint8Array | ReceivedPack
}

export interface Vetted {
  genesis: Genesis
  current?: RepoRecord
  /** the identity to hold after this: ours, or the peer's newer one */
  identity: Identity
  chain: IdentityRevision[]
  /** whether `chain` is newer than the one held */
  newIdentity: boolean
  /** the offered documents that are new here and taken in */
  accepted: SignedRefs[]
  /** those left out, without blame (stale, or this peer's policy) */
  skipped: Array<{ signer: string, reason: string }>
}

/**
 * Checks what a peer offers before anything is fetched: the genesis against
 * the RID, the identity chain from it (a newer valid one replaces ours; an
 * older one is a peer behind, not an offence), and each writer's document
 * (namespace-accept.ts). A forged or oversized document, or an identity
 * revision without enough delegate signatures, refuses the whole offer
 * with the core's typed error (so the sender is scored); nothing is stored.
 */
export async function vetOffered (repos: Repos, r: Received): Promise<Vetted> {
  const genesis = await verifyGenesis(r.rid, r.genesisBytes)
  const current = await repos.index.get(r.rid)
  const offeredChain = r.identity ?? []
  const offered = await verifyIdentityChain(r.rid, genesis, offeredChain)
  const held = current != null ? await identityOfRecord(current) : identityOfGenesis(r.rid, genesis)
  const newIdentity = offered.version > held.version || (offered.version === held.version && offered.id < held.id)
  const identity = newIdentity ? offered : held
  const chain = newIdentity ? offeredChain : (current?.identity ?? [])
  const docs = r.namespaces ?? (r.signedRefs != null ? [r.signedRefs] : [])
  const seen = new Set<string>()
  let forks = current == null ? 0 : namespacesOf(current).filter(n => !identity.delegates.includes(n.signer)).length
  const heldSizes = new Map((current == null ? [] : namespacesOf(current)).map(n => [n.signer, namespacesBytes([n], identity)]))
  const forkBytes = { of: heldSizes, total: [...heldSizes.values()].reduce((a, b) => a + b, 0) }
  const accepted: SignedRefs[] = []
  const skipped: Vetted['skipped'] = []
  for (const doc of docs) {
    if (seen.has(doc?.signer)) throw new InvalidRefsError('two documents of one writer were offered')
    seen.add(doc?.signer)
    const heldDoc = current == null ? undefined : namespaceOf(current, doc.signer)
    // our own current document coming back
    if (heldDoc != null && heldDoc.seq === doc.seq && heldDoc.signature === doc.signature) continue
    const bytes = encodeSignedRefs(doc).length
    // the other non-delegate namespaces' bytes (those held, as this offer replaces them)
    const heldBytes = forkBytes.total - (forkBytes.of.get(doc.signer) ?? 0)
    const verdict = await acceptNamespace({ identity, doc, bytes, heldSeq: heldDoc?.seq, namespaces: forks, heldBytes, policy: repos.contributions, followed: repos.followed })
    if (verdict.ok) {
      accepted.push(doc)
      if (!verdict.delegate) { forkBytes.total = heldBytes + bytes; forkBytes.of.set(doc.signer, bytes) }
      if (!verdict.delegate && heldDoc == null) forks++
    } else if (verdict.blame) {
      throw verdict.reason.includes('valid signature') ? new InvalidSignatureError(verdict.reason) : new InvalidRefsError(verdict.reason)
    } else {
      skipped.push({ signer: doc.signer, reason: verdict.reason })
    }
  }
  return { genesis, current, identity, chain, newIdentity, accepted, skipped }
}

/** Verifies the genesis and refs only; throws the core's typed errors (StaleSequenceError when nothing is new). */
export async function verifyReceivedRefs (repos: Repos, rid: string, genesisBytes: Uint8Array, signedRefs: SignedRefs): Promise<{ genesis: Genesis, current?: RepoRecord }> {
  const v = await vetOffered(repos, { rid, genesisBytes, namespaces: [signedRefs] })
  if (v.accepted.length === 0) throw new StaleSequenceError(v.skipped[0]?.reason ?? 'signed refs are not newer than those held')
  return { genesis: v.genesis, current: v.current }
}

/** Accepts refs and objects from a peer, or throws and leaves the repository as it was. */
export async function acceptReceived (repos: Repos, r: Received, opts: { signal?: AbortSignal, onProgress?: (phase: string) => void } = {}): Promise<RepoRecord> {
  return repos.locked(r.rid, async () => {
    const vetted = await vetOffered(repos, r)
    const { genesis, current } = vetted
    // nothing new: someone else delivered it meanwhile, or the peer is behind
    if (vetted.accepted.length === 0 && !vetted.newIdentity) throw new StaleSequenceError(vetted.skipped[0]?.reason ?? 'signed refs are not newer than those held')
    const fs = repos.fs
    const gitdir = repos.gitdir(r.rid)
    const fresh = current == null
    // packs already here before this fetch: never removed on failure
    const existedPacks = new Set((await fs.promises.readdir(`${gitdir}/objects/pack`).catch(() => [] as string[])).filter(f => f.endsWith('.pack')).map(f => `objects/pack/${f.slice(0, -5)}`))
    let stored: StoredPack | undefined
    const incoming = r.pack
    // an empty pack (header and checksum only) adds nothing
    const hasObjects = incoming instanceof Uint8Array ? incoming.length > 32 : incoming != null && incoming.oids.length > 0
    try {
      if (fresh && !(await exists(fs, `${gitdir}/HEAD`))) await git.init({ fs, gitdir, bare: true, defaultBranch: genesis.defaultBranch })
      if (incoming != null && hasObjects) {
        opts.onProgress?.('Verifying objects')
        // hashing every object as it is indexed (here, or while it arrived):
        // one whose content does not match its id cannot get in; and the
        // pack must be complete
        stored = await storePack(fs, gitdir, incoming, { signal: opts.signal })
      }
      opts.signal?.throwIfAborted()
      opts.onProgress?.('Checking history')
      // each tip in the new pack or held; a tip that was one before is held
      const tips = [...new Set(vetted.accepted.flatMap(d => Object.values(d.refs)))]
      const before = current != null ? allTips(current) : new Set<string>()
      const toFind = tips.filter(t => !(stored?.oids.has(t) ?? false) && !before.has(t))
      assertTipsPresent(tips.filter(t => !before.has(t)), stored, toFind.length > 0 ? await heldAmong(fs, gitdir, toFind, stored?.stem) : new Set())
      // issues' and patches' new tips: signed by their writer, well formed (cob-vet.ts)
      if (tips.some(t => !before.has(t)) && vetted.accepted.some(d => Object.keys(d.refs).some(ref => ref.startsWith('refs/cobs/')))) {
        await withObjectStore(fs, gitdir, async (store) => {
          try { await vetChangeTips(async (oid) => await store.read(oid), vetted.accepted, before) } finally { store.release() }
        })
      }
      await flush(fs)
      const { identity } = vetted
      const taken = new Set(vetted.accepted.map(d => d.signer))
      // a writer the delegates blocked is dropped with this identity
      const namespaces = [...(current != null ? namespacesOf(current) : []).filter(n => !taken.has(n.signer)), ...vetted.accepted]
        .filter(n => !identity.blocked.includes(n.signer))
      const firstDelegate = namespaces.find(n => identity.delegates.includes(n.signer)) ?? namespaces[0]
      if (firstDelegate == null) throw new StaleSequenceError('no writer\'s refs were offered')
      const base: RepoRecord = {
        rid: r.rid,
        genesis: r.genesisBytes,
        name: identity.name,
        description: identity.description,
        defaultBranch: identity.defaultBranch,
        signedRefs: current?.signedRefs != null && namespaces.some(n => n.signer === current.signedRefs.signer && n.seq === current.signedRefs.seq) ? current.signedRefs : firstDelegate,
        namespaces,
        identity: vetted.chain,
        updated: Date.now()
      }
      const record = await settleRecord(fs, gitdir, base, identity)
      if (vetted.newIdentity) await writeIdentityChain(fs, gitdir, vetted.chain)
      await repos.index.put(record)
      if (stored != null) repos.dropCache(r.rid)
      await repos.mirrorRefs(r.rid, record.defaultBranch, current != null ? gitRefsOf(current) : {}, gitRefsOf(record)).catch(() => {})
      // one pack more: past the limit, merge them (still holding the lock).
      // The fetch is done whatever happens here: a stop leaves every object
      // readable, and the next pack tries again
      if (stored != null && repos.packLimit != null) {
        await repos.consolidateHeld(r.rid, { ifOver: repos.packLimit, signal: opts.signal }).catch(() => {})
      }
      return record
    } catch (err) {
      // a pack that failed verification must not linger (its objects would be trusted later)
      if (fresh) {
        await rmrf(fs, gitdir).catch(() => {})
        repos.dropCache(r.rid)
      } else if (stored != null || incoming != null) {
        // remove what storePack wrote, whether or not it finished
        const stem = stored?.stem ?? (incoming instanceof Uint8Array
          ? (incoming.length >= 20 ? `objects/pack/pack-${oidToHex(incoming, incoming.length - 20)}` : undefined)
          : incoming != null ? packStem(incoming.idx) : undefined)
        if (stem != null && !existedPacks.has(stem)) {
          await fs.promises.unlink(`${gitdir}/${stem}.pack`).catch(() => {})
          await fs.promises.unlink(`${gitdir}/${stem}.idx`).catch(() => {})
        }
        repos.dropCache(r.rid)
      }
      throw err
    } finally {
      // a spilled pack not moved into place (refused, or empty) goes
      if (incoming != null && !(incoming instanceof Uint8Array) && incoming.file != null) await fs.promises.unlink(incoming.file).catch(() => {})
    }
  })
}
