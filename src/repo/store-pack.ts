// Stores a packfile received from a peer or read from a bundle, verified in
// one pass: our indexer hashes every object (so no object can lie about its
// id), resolves deltas, writes git's .idx, and lists what the pack's commits,
// trees and tags point at. The pack is complete when every one of those is
// in the pack or already held. Nothing is re-read afterwards.
import git from './git.js'
import { IncompleteRepositoryError } from './errors.js'
import { mkdirp } from './fs.js'
import { heldAmong } from './held-among.js'
import { oidToHex } from './pack/hex.js'
import { indexPack } from './pack/index-pack.js'
import { PackStoreError } from './pack/pack-sink.js'
import { completeThinPack, ThinBasesTooLargeError, ThinPackError } from './pack/thin-pack.js'
import type { GitFs } from './fs.js'
import type { IndexedPack, IndexPackOptions } from './pack/index-pack.js'
import type { ReceivedPack } from './pack/pack-sink.js'
import type { BaseLookup, HeldObject, HeldRepository } from './pack/thin-pack.js'

export interface StoredPack {
  /** path of the pack without its extension, relative to the git directory */
  stem: string
  oids: Set<string>
  objects: number
}

/**
 * Stores a pack: its bytes, which are indexed here; or a pack indexed as it
 * arrived (pack-sink.ts), whose bytes are in memory or in a file that is
 * moved into place.
 */
export async function storePack (fs: GitFs, gitdir: string, pack: Uint8Array | ReceivedPack, opts: { signal?: AbortSignal, onProgress?: (done: number, total: number) => void } = {}): Promise<StoredPack> {
  let indexed: IndexedPack
  // a thin pack's bytes (an incremental bundle's) are completed from what we hold
  const thin = pack instanceof Uint8Array ? await indexCompleting(fs, gitdir, pack, opts) : undefined
  if (thin != null) ({ pack, indexed } = thin)
  else indexed = pack as ReceivedPack
  const stem = packStem(indexed.idx)
  await mkdirp(fs, `${gitdir}/objects/pack`)
  // the pack first, its index last: a pack without an index is ignored by
  // git and cleaned up by relays after a crash
  if (pack instanceof Uint8Array) await fs.promises.writeFile(`${gitdir}/${stem}.pack`, pack)
  else if (pack.pack != null) await fs.promises.writeFile(`${gitdir}/${stem}.pack`, pack.pack)
  else await fs.promises.rename(pack.file, `${gitdir}/${stem}.pack`)
  await fs.promises.writeFile(`${gitdir}/${stem}.idx`, indexed.idx)
  const oids = new Set(indexed.oids)
  // what its objects point at outside it (a parent commit, unchanged
  // subtrees) must be held already: looked up, not listed (held-among.ts)
  const outside = [...indexed.outside]
  const held = outside.length > 0 ? await heldAmong(fs, gitdir, outside, stem) : new Set<string>()
  const missing = outside.filter(ref => !held.has(ref)).slice(0, 4)
  if (missing.length > 0 && thin?.completed === true) {
    // the caller knows the stem of the bytes it gave, not of the completed pack
    await fs.promises.unlink(`${gitdir}/${stem}.idx`).catch(() => {})
    await fs.promises.unlink(`${gitdir}/${stem}.pack`).catch(() => {})
  }
  if (missing.length > 0) throw new IncompleteRepositoryError(`the pack is missing ${missing.length > 3 ? 'several objects' : missing.length === 1 ? 'an object' : 'objects'} its history points at, which we do not hold either (${missing[0]})`)
  return { stem, oids, objects: indexed.oids.length }
}

/** Indexes a pack's bytes; a thin pack is completed first with the bases it lacks, from the objects held. */
async function indexCompleting (fs: GitFs, gitdir: string, pack: Uint8Array, opts: IndexPackOptions): Promise<{ pack: Uint8Array, indexed: IndexedPack, completed: boolean }> {
  const o = { signal: opts.signal, onProgress: opts.onProgress }
  try {
    return { pack, indexed: await indexPack(pack, o), completed: false }
  } catch (err) {
    if (!(err instanceof ThinPackError)) throw err
    const completed = (await completeThinPack(pack, err.missing, heldBases({ fs, gitdir }), { signal: opts.signal }))!
    return { pack: completed, indexed: await indexPack(completed, o), completed: true }
  }
}

/**
 * The objects of a repository, for completing a thin pack: read with
 * isomorphic-git (loose or packed). One it cannot read for another
 * reason than its absence is our disk's failure, nobody's offence.
 */
export function heldBases (held: HeldRepository): BaseLookup {
  return async (oids, { signal, maxBytes }) => {
    const out = new Map<string, HeldObject>()
    const cache = held.cache ?? {}
    let bytes = 0
    for (const oid of oids) {
      signal?.throwIfAborted()
      try {
        const { type, object } = await git.readObject({ fs: held.fs, gitdir: held.gitdir, oid, format: 'content', cache })
        out.set(oid, { type: type as HeldObject['type'], content: object as Uint8Array })
        // one at a time: stop as soon as the cap is passed
        bytes += (object as Uint8Array).length
        if (maxBytes != null && bytes > maxBytes) throw new ThinBasesTooLargeError(bytes)
      } catch (err: any) {
        if (err instanceof ThinBasesTooLargeError) throw err
        if (err?.code !== 'NotFoundError') throw new PackStoreError(`could not read object ${oid}: ${String(err?.message ?? err)}`)
      }
    }
    return out
  }
}

/** The tips must be objects we now hold. */
export function assertTipsPresent (tips: string[], pack: StoredPack | undefined, held: Set<string>): void {
  const missing = tips.find(t => !(pack?.oids.has(t) ?? false) && !held.has(t))
  if (missing != null) throw new IncompleteRepositoryError(`object ${missing} is reachable from the refs but missing`)
}

/** Where a pack lives, by its checksum (which its .idx repeats, 40 bytes from the end). */
export function packStem (idx: Uint8Array): string {
  const sum = idx.subarray(idx.length - 40, idx.length - 20)
  return `objects/pack/pack-${oidToHex(sum)}`
}
