// Where two commits' histories meet, and how far apart they are: what
// `git merge-base --all base head` and `git rev-list --left-right --count
// base...head` print, by set arithmetic on the commit graph (no dates, so a
// skewed clock changes nothing).
//
// With A the ancestry of base: walk back from head, stopping at commits in
// A. The commits met outside A are the ones head has and base has not
// (ahead); the commits in A where the walk stopped (the frontier F) hold
// every common ancestor below them. The common ancestors are F and what F
// reaches; the merge bases are the commits of F that no other commit of F
// reaches; behind is |A| less the common ancestors.
import { inAncestry } from './merge-base-graph.js'
import type { CommitGraph, ReadCommitFacts } from './merge-base-graph.js'

export interface TipsMeeting {
  /** commits reachable from head and not from base */
  ahead: number
  /** commits reachable from base and not from head */
  behind: number
  /** the best common ancestors, newest committer date first (git merge-base prints the first) */
  mergeBases: string[]
  /** false when part of either history is not held: the counts may be short */
  complete: boolean
}

export async function meetTips (graph: CommitGraph, base: string, head: string, read: ReadCommitFacts, opts: { signal?: AbortSignal } = {}): Promise<TipsMeeting> {
  const b = graph.id(base)
  const h = graph.id(head)
  const inBase = await graph.ancestry(b, read, opts)
  let complete = inBase.complete

  // 1. from head down to base's history
  const seen = new Set<number>([h])
  const todo = [h]
  const frontier: number[] = []
  let ahead = 0
  while (todo.length > 0) {
    const i = todo.pop()!
    if (inAncestry(inBase, i)) { frontier.push(i); continue }
    ahead++
    if (ahead % 1000 === 999) opts.signal?.throwIfAborted()
    if (!await graph.load(i, read)) { complete = false; continue }
    for (const p of graph.parents[i]) if (!seen.has(p)) { seen.add(p); todo.push(p) }
  }

  // 2. below the frontier (all in base's history, so loaded): what it reaches
  const reached = new Uint8Array(inBase.marks.length)
  const below: number[] = []
  for (const f of frontier) for (const p of graph.parents[f]) if (reached[p] === 0) { reached[p] = 1; below.push(p) }
  let reachedCount = below.length
  while (below.length > 0) {
    const i = below.pop()!
    for (const p of graph.parents[i]) if (reached[p] === 0) { reached[p] = 1; reachedCount++; below.push(p) }
  }
  const bases = frontier.filter(f => reached[f] === 0)
  const common = reachedCount + bases.length
  bases.sort((x, y) => graph.date(y) - graph.date(x) || (graph.oids[x] < graph.oids[y] ? -1 : 1))
  return { ahead, behind: inBase.count - common, mergeBases: bases.map(i => graph.oids[i]), complete }
}
