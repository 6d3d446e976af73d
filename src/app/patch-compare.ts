// Comparing two revisions of a patch (repo/revision-compare.ts, like `git
// range-diff`): their heads' differences in the files either revision
// changes, and their commits paired, as the compare tab shows them.
import { compareRevisions } from '../repo/revision-compare.js'
import type { CodeReader } from './patch-code.js'
import type { RevisionComparison } from './patch-api-types.js'
import type { Revision } from '../core/cob/patch-types.js'
import type { RepoRecord } from '../repo/repo-index.js'
import type { Repos } from '../repo/repos.js'

export async function compareRevisionsOf (repos: Repos, record: RepoRecord, c: CodeReader, from: Revision, to: Revision, opts: { signal?: AbortSignal } = {}): Promise<RevisionComparison> {
  const res = await compareRevisions(repos.fs, repos.gitdir(record.rid), from, to, { cache: repos.cache(record.rid), readObject: c.read, signal: opts.signal })
  const summary = (oid: string | undefined): RevisionComparison['commits'][number]['from'] => oid == null ? undefined : res.summaries[oid]
  return {
    from: from.id,
    to: to.id,
    baseMoved: res.baseMoved,
    deltas: res.deltas,
    commits: res.commits.map(p => ({ ...(p.from != null ? { from: summary(p.from) } : {}), ...(p.to != null ? { to: summary(p.to) } : {}), same: p.same }))
  }
}
