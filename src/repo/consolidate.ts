// Merging a repository's packs and loose objects into one pack, so that a
// repository fetched into a thousand times still reads (and clones) as fast
// as a fresh one. The pack writer copies every stored entry as it is
// (deltas and all; pack/pack-writer.ts) and our indexer checks the result
// and writes its .idx, as for any pack that comes in.
//
// Nothing is ever missing, whenever the process stops:
//  1. the new .pack and its .idx are written under temporary names no
//     reader looks at, and the file system flushed;
//  2. the .pack is renamed into place (without its .idx, every reader
//     ignores it), then the .idx, and flushed: from here the new pack is
//     complete and visible, alongside the old ones (objects held twice);
//  3. only then do the old packs and the loose objects go: renamed to names
//     no reader looks at, the file system flushed, then removed (files left
//     on their way out are removed by the next run).
// Everything is kept, reachable or not: what no ref reaches may belong to a
// change in progress elsewhere; dropping it would need more care than
// saving its bytes is worth. The caller holds the repository's write lock.
import { flush } from './fs.js'
import { looseIds, openObjectStore, packNames } from './object-files.js'
import { PackIndexer } from './pack/index-pack.js'
import { planPack } from './pack/pack-writer.js'
import { yieldToEventLoop } from './pack/yield.js'
import { packStem } from './store-pack.js'
import type { GitFs } from './fs.js'

export interface ConsolidateResult {
  /** packs merged, and loose objects taken in */
  packs: number
  loose: number
  objects: number
  bytes: number
  /** the new pack, relative to the git directory, without its extension */
  stem: string
}

export interface ConsolidateOptions {
  /** pack the loose objects only, into a pack of their own, leaving the packs as they are (cheap: a tab's own commits) */
  looseOnly?: boolean
  signal?: AbortSignal
  onProgress?: (p: { phase: string, loaded?: number, total?: number }) => void
}

/** What a file on its way out is renamed to first: a name no reader looks at. */
const DOOMED = '.doomed'
/** A loose object on its way out (git fsck passes over `tmp_obj_*`: its own temporaries). */
const DOOMED_LOOSE = 'tmp_obj_guts_doomed_'
/** The new pack and index while they are written (git's own are `tmp_pack_*`, `tmp_idx_*`). */
const TMP_PACK = 'tmp-pack-'
const TMP_IDX = 'tmp-idx-'

/** A pack left without its .idx this long ago is a crash's leftover, not one being written. */
const ORPHAN_AGE_MS = 10 * 60_000

/** Merges every pack and loose object of `gitdir` into one pack; undefined when there was nothing to merge. */
export async function consolidatePacks (fs: GitFs, gitdir: string, opts: ConsolidateOptions = {}): Promise<ConsolidateResult | undefined> {
  const dir = `${gitdir}/objects/pack`
  await removeOrphans(fs, gitdir)
  // the packs merged: every one, or (looseOnly) none
  const names = opts.looseOnly === true ? [] : await packNames(fs, gitdir)
  const loose = await looseIds(fs, gitdir)
  // nothing to merge: no loose objects, and one pack at most (loose objects alone are packed)
  if (loose.length === 0 && names.length <= 1) return undefined

  const store = await openObjectStore(fs, gitdir)
  let indexed
  try {
    const all = new Set<string>(loose)
    for (let p = 0; p < store.packs.length; p++) {
      if (!names.includes(store.packs[p].file.name)) continue
      const n = store.packs[p].idx.count
      for (let k = 0; k < n; k++) all.add(store.oidAt(p, k))
    }
    opts.onProgress?.({ phase: 'Planning the pack', loaded: 0, total: all.size })
    const plan = await planPack(store, all, { signal: opts.signal, onProgress: (done, total) => opts.onProgress?.({ phase: 'Planning the pack', loaded: done, total }) })
    // checked as any pack that comes in: every object hashed, the .idx written
    const indexer = new PackIndexer(plan.bytes, { signal: opts.signal, onProgress: (done, total) => opts.onProgress?.({ phase: 'Checking the pack', loaded: done, total }) })
    let written = 0
    for await (const chunk of plan.chunks(1 << 20)) {
      indexer.push(chunk)
      written += chunk.length
      opts.onProgress?.({ phase: 'Writing the pack', loaded: written, total: plan.bytes })
      await yieldToEventLoop()
      opts.signal?.throwIfAborted()
    }
    indexed = await indexer.finish()
    if (indexed.oids.length !== all.size) throw new Error(`the merged pack holds ${indexed.oids.length} objects, not ${all.size}`)
  } finally {
    store.release()
  }
  opts.signal?.throwIfAborted()

  const stem = packStem(indexed.idx)
  const name = stem.slice('objects/pack/'.length)
  if (!names.includes(name)) {
    // under temporary names first: a stop halfway leaves files only this
    // code makes (removed by the next run), never a pack without its index
    const tag = Math.random().toString(36).slice(2)
    const tmpPack = `${dir}/${TMP_PACK}${tag}`
    const tmpIdx = `${dir}/${TMP_IDX}${tag}`
    try {
      await fs.promises.writeFile(tmpPack, indexed.pack!)
      await fs.promises.writeFile(tmpIdx, indexed.idx)
      await flush(fs)
      await fs.promises.rename(tmpPack, `${gitdir}/${stem}.pack`)
      await fs.promises.rename(tmpIdx, `${gitdir}/${stem}.idx`)
      await flush(fs)
    } catch (err) {
      await fs.promises.unlink(tmpPack).catch(() => {})
      await fs.promises.unlink(tmpIdx).catch(() => {})
      throw err
    }
  }
  // the new pack is complete and visible: the old ones can go. Renamed
  // first, flushed, then removed: lightning-fs removes a file's data at
  // once but records its directory tree later, so a tab that stops between
  // an unlink and that record would find the old name with no data behind
  // it; a rename removes nothing
  // each old pack's .idx first (readers find packs by it), then the .pack,
  // then what git may keep beside them (.rev, .bitmap, .keep, ...)
  const doomed: string[] = []
  const beside = (await fs.promises.readdir(dir).catch(() => [] as string[])).filter(f => !f.endsWith(DOOMED))
  for (const old of names) {
    if (old === name) continue
    doomed.push(`${dir}/${old}.idx`, `${dir}/${old}.pack`)
    for (const f of beside) if (f.startsWith(`${old}.`) && f !== `${old}.idx` && f !== `${old}.pack`) doomed.push(`${dir}/${f}`)
  }
  const moves: Array<[string, string]> = doomed.map(f => [f, `${f}${DOOMED}`])
  for (const oid of loose) {
    const sub = `${gitdir}/objects/${oid.slice(0, 2)}`
    moves.push([`${sub}/${oid.slice(2)}`, `${sub}/${DOOMED_LOOSE}${oid.slice(2)}`])
  }
  for (const [from, to] of moves) await fs.promises.rename(from, to)
  await flush(fs)
  for (const [, to] of moves) await fs.promises.unlink(to)
  for (const sub of new Set(loose.map(o => o.slice(0, 2)))) await fs.promises.rmdir(`${gitdir}/objects/${sub}`).catch(() => {})
  await flush(fs)
  return { packs: names.length, loose: loose.length, objects: indexed.oids.length, bytes: indexed.pack!.length, stem }
}

/**
 * What a run that stopped left: files on their way out (any age: only this
 * code makes them), temporary indexes and packs without an index (once old
 * enough not to be another writer's in progress: a pack is written before
 * its index).
 */
async function removeOrphans (fs: GitFs, gitdir: string): Promise<void> {
  const dir = `${gitdir}/objects/pack`
  const files = await fs.promises.readdir(dir).catch(() => [] as string[])
  const idx = new Set(files.filter(f => f.endsWith('.idx')).map(f => f.slice(0, -4)))
  for (const f of files) {
    // only this code makes these, under the repository's lock: any is a leftover
    if (f.endsWith(DOOMED) || f.startsWith(TMP_PACK) || f.startsWith(TMP_IDX)) { await fs.promises.unlink(`${dir}/${f}`).catch(() => {}); continue }
    const orphan = /^pack-[0-9a-f]{40}\.pack$/.test(f) && !idx.has(f.slice(0, -5))
    if (!orphan) continue
    const st = await fs.promises.stat(`${dir}/${f}`).catch(() => undefined) as { mtimeMs?: number } | undefined
    if (st?.mtimeMs != null && Date.now() - st.mtimeMs > ORPHAN_AGE_MS) await fs.promises.unlink(`${dir}/${f}`).catch(() => {})
  }
  for (const sub of await fs.promises.readdir(`${gitdir}/objects`).catch(() => [] as string[])) {
    if (!/^[0-9a-f]{2}$/.test(sub)) continue
    const left = await fs.promises.readdir(`${gitdir}/objects/${sub}`).catch(() => [] as string[])
    for (const f of left) {
      if (f.startsWith(DOOMED_LOOSE)) await fs.promises.unlink(`${gitdir}/objects/${sub}/${f}`).catch(() => {})
    }
    if (left.length > 0 && left.every(f => f.startsWith(DOOMED_LOOSE))) await fs.promises.rmdir(`${gitdir}/objects/${sub}`).catch(() => {})
  }
}
