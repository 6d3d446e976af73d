// The objects the diff views read (commits, trees, blobs), straight from the
// packs, through one object store per repository kept while it is in use.
import { looseIds, openObjectStore, packNames } from '../repo/object-files.js'
import { ObjectStore } from '../repo/pack/object-store.js'
import { readBlobOid } from '../repo/read.js'
import type { Repos } from '../repo/repos.js'
import type { RawObject } from '../repo/pack/object-store.js'

/**
 * How long a repository's object store is kept after its last read: it
 * holds the packs it read (preact's is 20 MB), and a reader paging through
 * commits reads from it again and again.
 */
const STORE_IDLE_MS = 60_000
const stores = new WeakMap<object, { store: Promise<ObjectStore>, timer?: ReturnType<typeof setTimeout> }>()

export type ObjectReader = (oid: string) => Promise<RawObject | undefined>

/**
 * Reads objects straight from the packs (pack/object-store.ts: wasm
 * inflate, delta bases kept), not through isomorphic-git, which looks for
 * a loose file and lists the packs for every object and inflates in JS: a
 * commit of 130 files spent most of its time there. A store sees the packs
 * of when it was opened, so an object it lacks (fetched since) or a pack
 * gone (consolidated) opens another; undefined when that one lacks it too.
 */
export function objectReader (repos: Repos, rid: string): ObjectReader {
  const key = repos.cache(rid)
  return async (oid) => {
    for (let attempt = 0; attempt < 2; attempt++) {
      let held = stores.get(key)
      if (held == null || attempt > 0) {
        held = { store: openSharingStore(repos, rid) }
        stores.set(key, held)
      }
      clearTimeout(held.timer)
      const h = held
      held.timer = setTimeout(() => { if (stores.get(key) === h) stores.delete(key) }, STORE_IDLE_MS)
      ;(held.timer as { unref?: () => void }).unref?.() // never what keeps Node running
      try {
        const obj = await (await held.store).read(oid)
        if (obj != null) return obj
      } catch (err: any) {
        if (err?.code !== 'ENOENT') throw err
      }
    }
    return undefined
  }
}

/** A blob, from the packs (objectReader), or as isomorphic-git reads it (and says what is wrong) when they lack it or it is no blob. */
export function blobReader (repos: Repos, rid: string): (oid: string) => Promise<Uint8Array> {
  const read = objectReader(repos, rid)
  return async (oid) => {
    const obj = await read(oid)
    return obj?.type === 'blob' ? obj.data : await readBlobOid(repos, rid, oid)
  }
}

/**
 * As openObjectStore, but a pack isomorphic-git has loaded already (the
 * tree and file views read through it) is taken from its cache rather than
 * read again: in the tab that is 20 MB out of IndexedDB (~0.3-0.5 s for
 * preact) and 20 MB more held. It reaches into isomorphic-git's cache (its
 * PackfileCache symbol, each entry's `pack`), so anything unexpected there
 * reads the file as before; the store checks a pack against its index.
 */
async function openSharingStore (repos: Repos, rid: string): Promise<ObjectStore> {
  const gitdir = repos.gitdir(rid)
  const cache = repos.cache(rid) as Record<symbol, unknown>
  const sym = Object.getOwnPropertySymbols(cache).find(s => s.description === 'PackfileCache')
  if (sym === undefined) return await openObjectStore(repos.fs, gitdir)
  const dir = `${gitdir}/objects/pack`
  const packs = []
  for (const name of await packNames(repos.fs, gitdir)) {
    const idx = asBytes(await repos.fs.promises.readFile(`${dir}/${name}.idx`))
    const load = async (): Promise<Uint8Array> => await loadedByIsomorphicGit(cache[sym], `${dir}/${name}.idx`) ?? asBytes(await repos.fs.promises.readFile(`${dir}/${name}.pack`))
    packs.push({ name, idx, load })
  }
  return new ObjectStore({
    packs,
    loose: await looseIds(repos.fs, gitdir),
    readLoose: async (oid) => asBytes(await repos.fs.promises.readFile(`${gitdir}/objects/${oid.slice(0, 2)}/${oid.slice(2)}`))
  })
}

async function loadedByIsomorphicGit (packCache: unknown, idxPath: string): Promise<Uint8Array | undefined> {
  try {
    if (!(packCache instanceof Map)) return undefined
    const index = await packCache.get(idxPath)
    const pack: unknown = await index?.pack
    return pack instanceof Uint8Array ? pack : undefined
  } catch {
    return undefined
  }
}

/** A file's contents as bytes, not copied (a Node Buffer is a Uint8Array; a whole pack is large). */
const asBytes = (data: Uint8Array | ArrayBuffer): Uint8Array => data instanceof Uint8Array ? data : new Uint8Array(data)
