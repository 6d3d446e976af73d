// The history of a file or folder: exactly what
// `git log --topo-order --format=%H <start> -- <path>` prints.
//
// git's default history simplification (revision.c, try_to_simplify_commit):
// a commit is TREESAME when the path's entry equals its parent's (for a root
// commit: when it has no such path). A merge TREESAME to some parent keeps
// only the first such parent, so the sides that did not matter are never
// walked; a merge that differs from every parent keeps them all. git then
// sorts what it walked with the rewritten parents (sort_in_topological_order)
// and leaves the TREESAME commits out of what it prints. So: the same
// topological emission as the log (log-order.ts), over the simplified graph,
// filtered.
//
// The whole walk is needed before the first page (topological order needs
// every commit), then kept per start and path; commit headers and path
// lookups are kept per repository (path-history-reader.ts), so a walk from a
// moved ref, or for another path, reads from memory what an earlier one read.
import { topoOrder } from './log-order.js'
import { withObjectStore } from './object-files.js'
import { PathReader, historyMemoOf } from './path-history-reader.js'
import { SharedWalks } from './shared-walks.js'
import { WorkSlices } from './work-slices.js'
import type { TopoOrder } from './log-order.js'
import type { HistoryMemo } from './path-history-reader.js'
import type { ObjectStore } from './pack/object-store.js'
import type { Repos } from './repos.js'

export interface PathHistoryOptions {
  /** stops the walk (checked at every step) */
  signal?: AbortSignal
  memo?: HistoryMemo
  /** work between yields to the event loop (work-slices.ts) */
  sliceMs?: number
}

/** Every commit that shows in `git log --topo-order <start> -- <path>`, in that order. */
export async function pathHistoryIn (store: ObjectStore, start: string, path: string, opts: PathHistoryOptions = {}): Promise<TopoOrder> {
  opts.signal?.throwIfAborted()
  const reader = new PathReader(store, opts.memo)
  const treesame = new Set<string>()
  const slices = new WorkSlices(opts.signal, opts.sliceMs)
  const order = await topoOrder(start, async (oid) => {
    await slices.step()
    const c = await reader.commit(oid)
    if (c == null) return undefined
    const here = await reader.entryAt(oid, path)
    // parents not held (a shallow edge) count as none, as git counts a graft
    const held: string[] = []
    for (const p of c.parents) if ((await reader.commit(p)) != null) held.push(p)
    if (held.length === 0) {
      if (here == null) treesame.add(oid)
      return c.parents
    }
    for (const p of held) {
      if ((await reader.entryAt(p, path)) === here) {
        treesame.add(oid)
        return held.length > 1 ? [p] : c.parents
      }
    }
    return c.parents
  }, { signal: opts.signal })
  return { oids: order.oids.filter(o => !treesame.has(o)), complete: order.complete }
}

export interface HistoryPage {
  oids: string[]
  /** how many commits the whole history of the path has */
  total: number
  more: boolean
}

const caches = new WeakMap<object, SharedWalks<TopoOrder>>()

/**
 * A page of a path's history (entries [skip, skip + limit) of one order,
 * kept per start and path, so pages never overlap or skip). Path '' is
 * not simplified at all: use the log for it. The walk stops when every
 * caller waiting for it has aborted.
 */
export async function pathHistory (repos: Repos, rid: string, start: string, path: string, page: { skip: number, limit: number }, opts: { signal?: AbortSignal } = {}): Promise<HistoryPage> {
  let cache = caches.get(repos)
  // an incomplete order (a commit not held) is not kept: it may be fetched later
  if (cache == null) { cache = new SharedWalks<TopoOrder>(16, order => order.complete); caches.set(repos, cache) }
  const memo = historyMemoOf(repos, rid)
  const order = await cache.get(`${rid} ${start} -- ${path}`, opts.signal, async (signal) => await withObjectStore(repos.fs, repos.gitdir(rid), async (store) => {
    try {
      return await pathHistoryIn(store, start, path, { signal, memo })
    } finally { store.release() }
  }))
  return {
    oids: order.oids.slice(page.skip, page.skip + page.limit),
    total: order.oids.length,
    more: order.oids.length > page.skip + page.limit
  }
}
