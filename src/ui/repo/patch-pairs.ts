// How two revisions' commits correspond, when the handle has not paired
// them (RevisionComparison.commits empty): the same commit id is the same
// commit; else the same subject, in order, is that commit changed; the
// rest were added or dropped. A rougher `git range-diff` (which pairs by
// what each commit changes), in the order of the newer revision.
import type { CommitSummary, RevisionComparison } from '../../app/types.js'

type Pair = RevisionComparison['commits'][number]
const subjectOf = (c: CommitSummary): string => c.message.split('\n', 1)[0].trim()

export function pairCommits (from: readonly CommitSummary[], to: readonly CommitSummary[]): Pair[] {
  const used = new Set<number>()
  const partner = (c: CommitSummary): number => {
    const same = from.findIndex((f, i) => !used.has(i) && f.oid === c.oid)
    if (same >= 0) return same
    return from.findIndex((f, i) => !used.has(i) && subjectOf(f) === subjectOf(c))
  }
  const out: Pair[] = []
  for (const c of to) {
    const i = partner(c)
    if (i < 0) { out.push({ to: c, same: false }); continue }
    used.add(i)
    // dropped commits of `from` that came before this one, in their place
    for (let k = 0; k < i; k++) if (!used.has(k) && !out.some(p => p.from === from[k])) out.push({ from: from[k], same: false })
    out.push({ from: from[i], to: c, same: from[i].oid === c.oid || from[i].tree === c.tree })
  }
  from.forEach((f, i) => { if (!used.has(i) && !out.some(p => p.from === f)) out.push({ from: f, same: false }) })
  return out
}
