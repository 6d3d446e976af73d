// The commits of `git log --topo-order base..head`: reachable from head and
// not from base, in git's topological order (log-order.ts), which counts
// children among the commits shown only, as git's does on a limited list.
import { topoOrder } from './log-order.js'
import { inAncestry } from './merge-base-graph.js'
import type { TopoOrder } from './log-order.js'
import type { CommitGraph, ReadCommitFacts } from './merge-base-graph.js'

export async function commitRange (graph: CommitGraph, base: string | undefined, head: string, read: ReadCommitFacts, opts: { signal?: AbortSignal } = {}): Promise<TopoOrder> {
  const inBase = base == null ? undefined : await graph.ancestry(graph.id(base), read, opts)
  if (inBase != null && inAncestry(inBase, graph.id(head))) return { oids: [], complete: inBase.complete }
  return await topoOrder(head, async (oid) => {
    const i = graph.id(oid)
    if (!await graph.load(i, read)) return undefined
    const ps = graph.parents[i]
    return (inBase == null ? ps : ps.filter(p => !inAncestry(inBase, p))).map(p => graph.oids[p])
  }, opts)
}
