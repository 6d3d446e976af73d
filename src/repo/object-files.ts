// A git directory's objects, for the object store (pack/object-store.ts):
// its packs (each .idx with its .pack) and its loose objects, through the
// injected fs (lightning-fs in the tab, Node's fs elsewhere).
import { ObjectStore } from './pack/object-store.js'
import type { GitFs } from './fs.js'
import type { StoredPackFile } from './pack/object-store.js'

const PACK_IDX = /^pack-[0-9a-f]{40}\.idx$/

/** The names (`pack-<sha>`) of the packs with an index, sorted. */
export async function packNames (fs: GitFs, gitdir: string): Promise<string[]> {
  const names = await fs.promises.readdir(`${gitdir}/objects/pack`).catch(() => [] as string[])
  const packs = new Set(names.filter(n => n.endsWith('.pack')).map(n => n.slice(0, -5)))
  return names.filter(n => PACK_IDX.test(n)).map(n => n.slice(0, -4)).filter(n => packs.has(n)).sort()
}

/** Every loose object's id. */
export async function looseIds (fs: GitFs, gitdir: string): Promise<string[]> {
  const objects = `${gitdir}/objects`
  const out: string[] = []
  for (const dir of await fs.promises.readdir(objects).catch(() => [] as string[])) {
    if (!/^[0-9a-f]{2}$/.test(dir)) continue
    for (const f of await fs.promises.readdir(`${objects}/${dir}`).catch(() => [] as string[])) {
      if (/^[0-9a-f]{38}$/.test(f)) out.push(dir + f)
    }
  }
  return out
}

/** The objects of `gitdir`, as they are now (a pack added later is not seen: open another). */
export async function openObjectStore (fs: GitFs, gitdir: string): Promise<ObjectStore> {
  const dir = `${gitdir}/objects/pack`
  const packs: StoredPackFile[] = []
  for (const name of await packNames(fs, gitdir)) {
    const idx = asBytes(await fs.promises.readFile(`${dir}/${name}.idx`))
    packs.push({ name, idx, load: async () => asBytes(await fs.promises.readFile(`${dir}/${name}.pack`)) })
  }
  return new ObjectStore({
    packs,
    loose: await looseIds(fs, gitdir),
    readLoose: async (oid) => asBytes(await fs.promises.readFile(`${gitdir}/objects/${oid.slice(0, 2)}/${oid.slice(2)}`))
  })
}

/**
 * Runs `fn` on the repository's objects, once more on a fresh listing if a
 * file went away meanwhile (packs being consolidated: the new pack is in
 * place before the old ones go, so a second listing finds everything).
 */
export async function withObjectStore<T> (fs: GitFs, gitdir: string, fn: (store: ObjectStore) => Promise<T>): Promise<T> {
  try {
    return await fn(await openObjectStore(fs, gitdir))
  } catch (err: any) {
    if (err?.code !== 'ENOENT') throw err
    return await fn(await openObjectStore(fs, gitdir))
  }
}

/** A file's contents as bytes, not copied (a Node Buffer is a Uint8Array; a whole pack is large). */
const asBytes = (data: Uint8Array | ArrayBuffer): Uint8Array => data instanceof Uint8Array ? data : new Uint8Array(data)
