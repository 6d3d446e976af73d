// Inline comments and the lines they are on: a new comment's location gets
// the hash of its hunk (so it can be carried to later revisions), and every
// inline comment of a patch is placed in the revision a view shows.
import type { CodeLocation, PatchComment, PatchState, Revision } from '../core/cob/patch-types.js'
import type { InlineComment } from './patch-api-types.js'
import type { RepoRecord } from '../repo/repo-index.js'
import type { Repos } from '../repo/repos.js'

export async function anchorLocation (_repos: Repos, _record: RepoRecord, revision: Revision, loc: CodeLocation): Promise<CodeLocation> {
  return { ...loc, commit: revision.oid }
}

export async function placeComments (_repos: Repos, _record: RepoRecord, s: PatchState, shown: string, _opts: { signal?: AbortSignal } = {}): Promise<InlineComment[]> {
  const number = new Map(s.revisions.map((r, i) => [r.id, i + 1]))
  const target = s.revisions.find(r => r.id === shown)
  const out: InlineComment[] = []
  const thread = (comments: PatchComment[], madeOn: Revision, review?: string): void => {
    for (const c of comments) {
      if (c.location == null || c.replyTo != null) continue
      const same = madeOn.id === shown
      const kept = !same && target != null && target.base === madeOn.base && target.oid === madeOn.oid
      out.push({ comment: c, ...(review != null ? { review } : {}), madeOn: madeOn.id, madeOnNumber: number.get(madeOn.id) ?? 0, status: same ? 'current' : kept ? 'kept' : 'outdated', location: c.location, replies: comments.filter(x => x.replyTo === c.id) })
    }
  }
  for (const r of s.revisions) {
    thread(r.comments, r)
    for (const v of Object.values(r.reviews)) thread(v.comments, r, v.id)
  }
  return out
}
