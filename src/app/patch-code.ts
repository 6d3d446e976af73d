// What a patch's code tells, as this peer holds it: whether a branch holds a
// commit, a revision's commits, how far a branch is ahead of the target,
// and whether a patch is merged (COLLABORATION.md "Merged": `threshold`
// delegates recorded a merge of the same revision and hold its commit on
// their target branch, or the canonical target came to contain the
// revision by other means). One commit graph per repository serves all of
// it: the ancestry of a target's head is walked once and kept.
import { parseCommitSummary } from '../repo/commit-summary.js'
import { commitRange } from '../repo/commit-range.js'
import { meetTips } from '../repo/merge-base.js'
import { commitFacts, commitGraphOf, inAncestry } from '../repo/merge-base-graph.js'
import { delegatesOf, namespaceOf, refsOf, thresholdOf } from '../repo/repo-index.js'
import { objectReader } from './diff-object-store.js'
import type { CommitGraph, ReadCommitFacts } from '../repo/merge-base-graph.js'
import type { ObjectReader } from './diff-object-store.js'
import type { CommitSummary } from '../repo/read.js'
import type { RepoRecord } from '../repo/repo-index.js'
import type { Repos } from '../repo/repos.js'
import type { MergedInfo, RevisionCommits } from './patch-api-types.js'

/** a revision's commits listed at most (the page says how many more) */
export const MAX_REVISION_COMMITS = 250

export interface CodeReader { read: ObjectReader, graph: CommitGraph, facts: ReadCommitFacts }

export function codeReader (repos: Repos, rid: string): CodeReader {
  const read = objectReader(repos, rid)
  const facts: ReadCommitFacts = async (oid) => {
    const o = await read(oid)
    return o?.type === 'commit' ? commitFacts(o.data) : undefined
  }
  return { read, graph: commitGraphOf(repos, rid), facts }
}

/** `tip` holds `oid` (as `git merge-base --is-ancestor oid tip`) */
export async function holds (c: CodeReader, tip: string, oid: string, opts: { signal?: AbortSignal } = {}): Promise<boolean> {
  if (tip === oid) return true
  const a = await c.graph.ancestry(c.graph.id(tip), c.facts, opts)
  return inAncestry(a, c.graph.id(oid))
}

/** where `head` left `target`: the best common ancestor (the target's head when none is held) and how far ahead head is */
export async function meeting (c: CodeReader, target: string, head: string, opts: { signal?: AbortSignal } = {}): Promise<{ base: string, ahead: number }> {
  const m = await meetTips(c.graph, target, head, c.facts, opts)
  return { base: m.mergeBases[0] ?? target, ahead: m.ahead }
}

export async function revisionCommits (c: CodeReader, base: string, head: string, opts: { signal?: AbortSignal } = {}): Promise<RevisionCommits> {
  const range = await commitRange(c.graph, base, head, c.facts, opts)
  const oids = range.oids.slice(0, MAX_REVISION_COMMITS).reverse()
  const commits: CommitSummary[] = []
  for (const oid of oids) {
    const o = await c.read(oid)
    if (o?.type === 'commit') commits.push(parseCommitSummary(o.data, oid))
  }
  return { commits, total: range.oids.length, complete: range.complete && commits.length === oids.length }
}

/** what the merged check needs of a patch (a state or a list's summary has it) */
export interface MergeFacts {
  target: string
  merges: ReadonlyArray<{ by: string, revision: string, commit: string }>
  /** the patch's author */
  author: string
  /** every revision (redaction hides a description, not history), oldest first */
  revs: ReadonlyArray<{ id: string, oid: string, author: string }>
}

/** How the patch is merged, or undefined when it is not (yet). */
export async function mergedInfo (record: RepoRecord, c: CodeReader, p: MergeFacts, opts: { signal?: AbortSignal } = {}): Promise<MergedInfo | undefined> {
  const ref = `refs/heads/${p.target}`
  const delegates = delegatesOf(record)
  const threshold = thresholdOf(record)
  for (const r of [...p.revs].reverse()) {
    const by = new Map<string, string>()
    for (const m of p.merges) {
      if (m.revision !== r.id || !delegates.includes(m.by) || by.has(m.by)) continue
      // the delegate's own target branch (its signed refs), the canonical one if it has no namespace
      const head = namespaceOf(record, m.by)?.refs[ref] ?? refsOf(record)[ref]
      // and the commit must hold the revision: a merge record naming any other commit counts for nothing
      if (head != null && await holds(c, head, m.commit, opts).catch(() => false) && await holds(c, m.commit, r.oid, opts).catch(() => false)) by.set(m.by, m.commit)
    }
    if (by.size >= threshold && by.size > 0) return { revision: r.id, commit: [...by.values()][0], by: [...by.keys()].sort() }
  }
  const canonical = refsOf(record)[ref]
  if (canonical == null) return undefined
  // only the patch's author's and delegates' revisions: anyone may add a revision, and one naming a
  // commit already on the target would otherwise make anyone's patch look merged
  for (const r of [...p.revs].reverse()) {
    if (r.author !== p.author && !delegates.includes(r.author)) continue
    if (await holds(c, canonical, r.oid, opts).catch(() => false)) return { revision: r.id, commit: r.oid, by: [] }
  }
  return undefined
}
