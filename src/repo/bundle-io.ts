// Git bundles in and out. A bundle is a header (refs) followed by a packfile;
// importing indexes the pack (which hashes every object, so an object can't
// lie about its id), then checks that everything the refs reach is present.
import git from 'isomorphic-git'
import { encodeBundleHeader, parseBundleHeader } from '../core/bundle.js'
import { ImportError } from './errors.js'
import { mkdirp } from './fs.js'
import { collectReachable } from './reachable.js'
import type { BundleRef } from '../core/bundle.js'
import type { GitFs } from './fs.js'

export interface Progress {
  phase: string
  loaded?: number
  total?: number
}

export interface UnpackedBundle {
  refs: BundleRef[]
  /** what HEAD pointed at in the bundle, if it said */
  head?: string
  objects: number
}

/** Writes the bundle's pack into `gitdir` (an initialised repository) and verifies it. */
export async function unpackBundle (fs: GitFs, gitdir: string, bytes: Uint8Array, opts: { cache?: object, signal?: AbortSignal, onProgress?: (p: Progress) => void } = {}): Promise<UnpackedBundle> {
  let header
  try {
    header = parseBundleHeader(bytes)
  } catch (err: any) {
    throw new ImportError(`not a git bundle: ${err.message}`)
  }
  if (header.prerequisites.length > 0) {
    throw new ImportError('this bundle only holds part of a history (it was made from a range of commits); make it with "git bundle create repo.bundle --all"')
  }
  const refs = header.refs.filter(r => r.name.startsWith('refs/heads/') || r.name.startsWith('refs/tags/'))
  if (refs.length === 0) throw new ImportError('the bundle has no branches or tags')
  const head = header.refs.find(r => r.name === 'HEAD')?.oid

  const pack = bytes.subarray(header.packOffset)
  if (pack.length < 32) throw new ImportError('the bundle holds no objects')
  const packHash = [...pack.subarray(pack.length - 20)].map(b => b.toString(16).padStart(2, '0')).join('')
  await mkdirp(fs, `${gitdir}/objects/pack`)
  const rel = `objects/pack/pack-${packHash}.pack`
  opts.onProgress?.({ phase: 'Writing pack', loaded: 0, total: pack.length })
  await fs.promises.writeFile(`${gitdir}/${rel}`, pack)
  opts.signal?.throwIfAborted()
  let oids: string[]
  try {
    ({ oids } = await git.indexPack({
      fs,
      dir: gitdir,
      gitdir,
      filepath: rel,
      cache: opts.cache,
      onProgress: (e) => opts.onProgress?.({ phase: 'Indexing objects', loaded: e.loaded, total: e.total })
    }))
  } catch (err: any) {
    throw new ImportError(`the bundle's pack is damaged: ${err.message}`)
  }
  opts.signal?.throwIfAborted()
  const have = new Set(oids)
  opts.onProgress?.({ phase: 'Checking history', loaded: 0, total: oids.length })
  await collectReachable(fs, gitdir, refs.map(r => r.oid), {
    has: (oid) => have.has(oid),
    cache: opts.cache,
    signal: opts.signal,
    onProgress: (n) => opts.onProgress?.({ phase: 'Checking history', loaded: n, total: oids.length })
  })
  return { refs, head, objects: oids.length }
}

/** A v2 bundle of everything reachable from `refs`, with HEAD first when given. */
export async function packBundle (fs: GitFs, gitdir: string, refs: BundleRef[], head: string | undefined, opts: { cache?: object } = {}): Promise<Uint8Array> {
  const oids = await collectReachable(fs, gitdir, refs.map(r => r.oid), { cache: opts.cache })
  const { packfile } = await git.packObjects({ fs, gitdir, oids: [...oids], write: false, cache: opts.cache })
  const header = encodeBundleHeader([...(head != null ? [{ name: 'HEAD', oid: head }] : []), ...refs])
  const out = new Uint8Array(header.length + packfile!.length)
  out.set(header, 0)
  out.set(packfile!, header.length)
  return out
}
