// Walks everything reachable from a set of tips (commits, trees, blobs,
// annotated tags) and checks it is all there. Blobs are never read: a
// tree entry says an object is a blob, and `has` says whether we hold it.
// Submodule entries (gitlinks) point into other repositories and are skipped.
import git from 'isomorphic-git'
import { IncompleteRepositoryError } from './errors.js'
import type { GitFs } from './fs.js'

export interface ReachableOptions {
  /** every object id we hold; without it, blobs are assumed present */
  has?: (oid: string) => boolean
  cache?: object
  signal?: AbortSignal
  onProgress?: (visited: number) => void
}

export async function collectReachable (fs: GitFs, gitdir: string, tips: string[], opts: ReachableOptions = {}): Promise<Set<string>> {
  const seen = new Set<string>()
  // [oid, type hint]: undefined means "read it to find out"
  const queue: Array<[string, string | undefined]> = tips.map(t => [t, undefined])
  const missing = (oid: string): IncompleteRepositoryError =>
    new IncompleteRepositoryError(`object ${oid} is reachable from the refs but missing`)

  while (queue.length > 0) {
    const [oid, hint] = queue.pop()!
    if (seen.has(oid)) continue
    if (opts.has != null && !opts.has(oid)) throw missing(oid)
    seen.add(oid)
    if (seen.size % 1000 === 0) {
      opts.signal?.throwIfAborted()
      opts.onProgress?.(seen.size)
    }
    if (hint === 'blob') continue
    let obj
    try {
      obj = await git.readObject({ fs, gitdir, oid, format: 'parsed', cache: opts.cache })
    } catch (err: any) {
      if (err?.code === 'NotFoundError') throw missing(oid)
      throw err
    }
    if (obj.type === 'commit') {
      const c = obj.object as { tree: string, parent: string[] }
      queue.push([c.tree, 'tree'])
      for (const p of c.parent) queue.push([p, 'commit'])
    } else if (obj.type === 'tree') {
      for (const e of obj.object as Array<{ mode: string, oid: string, type: string }>) {
        if (e.type === 'commit') continue // gitlink: lives in another repository
        queue.push([e.oid, e.type])
      }
    } else if (obj.type === 'tag') {
      const t = obj.object as { object: string, type: string }
      queue.push([t.object, t.type])
    }
  }
  return seen
}
