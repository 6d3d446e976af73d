// Repositories meet the network: serving a pack for a peer's wants and
// haves, and accepting what a peer sent. Everything received is untrusted:
// the genesis must match the RID, the signed refs must verify against it
// with a higher sequence number, every object is hashed as the pack is
// indexed, and everything the new refs reach must be present. Only then do
// the refs move, in one step; on any failure the pack is removed again.
import git from 'isomorphic-git'
import { verifyGenesis } from '../core/genesis.js'
import { verifySignedRefs } from '../core/signed-refs.js'
import { exists, flush, rmrf } from './fs.js'
import { collectReachable } from './reachable.js'
import { assertTipsPresent, heldObjects, packStem, storePack } from './store-pack.js'
import { bytesSource, openPackFile } from './pack-source.js'
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

/** The objects a peer lacks: reachable from `wants`, minus what its `haves` reach. */
export async function packFor (repos: Repos, rid: string, wants: string[], haves: string[]): Promise<PackSource> {
  const record = await repos.get(rid)
  const fs = repos.fs
  const gitdir = repos.gitdir(rid)
  const cache = repos.cache(rid)
  const tips = new Set(Object.values(record.signedRefs.refs))
  // a clone of a repository held as one pack: send that pack as it is
  // (deltas and all), with no walking, reading or recompressing, straight
  // from the file
  const whole = await storedPackFor(repos, rid, wants, haves)
  if (whole != null) return whole
  // only serve what our signed refs reach: a want must be reachable from them
  const reachable = wants.every(w => tips.has(w)) ? undefined : await collectReachable(fs, gitdir, [...tips], { cache })
  const unknown = reachable == null ? undefined : wants.find(w => !reachable.has(w))
  if (unknown != null) throw new UnknownWantError(`${unknown} is not reachable from this repository's refs`)
  // haves we do not hold (the peer is ahead somewhere) are simply not common
  const held = haves.length > 0 ? await heldObjects(fs, gitdir) : new Set<string>()
  const common = haves.filter(h => held.has(h) && (reachable?.has(h) ?? true))
  const theirs = common.length > 0 ? await collectReachable(fs, gitdir, common, { cache }) : new Set<string>()
  const want = await collectReachable(fs, gitdir, wants, { cache })
  const oids = [...want].filter(o => !theirs.has(o))
  const { packfile } = await git.packObjects({ fs, gitdir, oids, write: false, cache })
  return bytesSource(packfile!, oids.length)
}

/** For a clone (every want a tip, no haves), the repository's stored pack when it is its only one. */
export async function storedPackFor (repos: Repos, rid: string, wants: string[], haves: string[]): Promise<PackSource | undefined> {
  const tips = new Set(Object.values((await repos.get(rid)).signedRefs.refs))
  if (haves.length > 0 || !wants.every(w => tips.has(w))) return undefined
  return singlePack(repos, rid)
}

/** The repository's only pack when it has no other objects, else undefined. */
async function singlePack (repos: Repos, rid: string): Promise<PackSource | undefined> {
  const fs = repos.fs
  const objects = `${repos.gitdir(rid)}/objects`
  const entries = await fs.promises.readdir(objects).catch(() => [] as string[])
  if (entries.some(e => /^[0-9a-f]{2}$/.test(e))) return undefined // loose objects too
  const packs = (await fs.promises.readdir(`${objects}/pack`).catch(() => [] as string[])).filter(f => f.endsWith('.pack'))
  if (packs.length !== 1) return undefined
  return openPackFile(fs, `${objects}/pack/${packs[0]}`)
}

export interface Received {
  rid: string
  genesisBytes: Uint8Array
  signedRefs: SignedRefs
  /**
   * absent when the refs point only at objects we already hold; either the
   * pack's bytes, or the pack as indexed while it arrived (pack-sink.ts)
   */
  pack?: Uint8Array | ReceivedPack
}

/** Verifies the genesis and refs only; throws the core's typed errors. */
export async function verifyReceivedRefs (repos: Repos, rid: string, genesisBytes: Uint8Array, signedRefs: SignedRefs): Promise<{ genesis: Genesis, current?: RepoRecord }> {
  const genesis = await verifyGenesis(rid, genesisBytes)
  const current = await repos.index.get(rid)
  await verifySignedRefs(signedRefs, genesis, { rid, currentSeq: current?.signedRefs.seq })
  return { genesis, current }
}

/** Accepts refs and objects from a peer, or throws and leaves the repository as it was. */
export async function acceptReceived (repos: Repos, r: Received, opts: { signal?: AbortSignal, onProgress?: (phase: string) => void } = {}): Promise<RepoRecord> {
  return repos.locked(r.rid, async () => {
    const { genesis, current } = await verifyReceivedRefs(repos, r.rid, r.genesisBytes, r.signedRefs)
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
      const tips = Object.values(r.signedRefs.refs)
      const needHeld = tips.some(t => !(stored?.oids.has(t) ?? false))
      assertTipsPresent(tips, stored, needHeld ? await heldObjects(fs, gitdir, stored?.stem) : new Set())
      await flush(fs)
      const record: RepoRecord = {
        rid: r.rid,
        genesis: r.genesisBytes,
        name: genesis.name,
        description: genesis.description,
        defaultBranch: genesis.defaultBranch,
        signedRefs: r.signedRefs,
        updated: Date.now()
      }
      await repos.index.put(record)
      if (stored != null) repos.dropCache(r.rid)
      await repos.mirrorRefs(r.rid, genesis.defaultBranch, current?.signedRefs.refs ?? {}, r.signedRefs.refs).catch(() => {})
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
