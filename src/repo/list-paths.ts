// Every file of a tree, as `git ls-tree -r` lists them (its order: each
// tree's entries in git's order, depth first), read straight from the packs.
// What the file finder matches against and what content search reads.
// Submodules (gitlinks) are left out: there is no file to open.
import { parseTree } from './pack/tree-entries.js'
import type { ObjectStore } from './pack/object-store.js'

export interface PathEntry { path: string, oid: string, mode: string }

/** a bound on the work for one tree: past it the listing stops and says so */
export const MAX_PATHS = 200_000
/**
 * and on the entries visited (trees and gitlinks too): a hostile tree of 30
 * levels, each holding its child twice, lists no file but is 2^30 visits
 */
export const MAX_VISITS = 1_000_000
/** entries between yields to the event loop: reads from loaded packs never wait, so the walk would hold the page */
const YIELD_EVERY = 5_000

export class TreeReadError extends Error { static name = 'TreeReadError'; name = 'TreeReadError' }

export async function listPathsIn (store: ObjectStore, treeOid: string, opts: { signal?: AbortSignal, max?: number } = {}): Promise<{ entries: PathEntry[], truncated: boolean }> {
  const max = opts.max ?? MAX_PATHS
  const entries: PathEntry[] = []
  let visits = 0
  // a tree that appears at many paths is read and parsed once
  const parsed = new Map<string, ReturnType<typeof parseTree>>()
  const walk = async (oid: string, prefix: string): Promise<boolean> => {
    opts.signal?.throwIfAborted()
    let tree = parsed.get(oid)
    if (tree == null) {
      const obj = await store.read(oid)
      if (obj?.type !== 'tree') throw new TreeReadError(`tree ${oid} is ${obj == null ? 'missing' : `a ${obj.type}`}`)
      tree = parseTree(obj.data, oid)
      parsed.set(oid, tree)
    }
    for (const e of tree) {
      if (++visits > MAX_VISITS) return false
      if (visits % YIELD_EVERY === 0) {
        await new Promise(resolve => setTimeout(resolve, 0))
        opts.signal?.throwIfAborted()
      }
      const path = prefix + e.path
      if (e.type === 'tree') {
        if (!await walk(e.oid, path + '/')) return false
      } else if (e.type === 'blob') {
        if (entries.length >= max) return false
        entries.push({ path, oid: e.oid, mode: e.mode })
      }
    }
    return true
  }
  const complete = await walk(treeOid, '')
  return { entries, truncated: !complete }
}
