// Inline comments and the lines they are on. A new comment's location is
// checked against the revision's diff (lines the diff does not show cannot
// be commented on) and gets the hash of its hunk; every inline comment of a
// patch is placed in the revision a view shows: made there, carried (kept or
// moved, by its hunk or its lines' text: core/cob/anchor.ts has the rule),
// or outdated. A file's hunks are the ones the diff view draws (fileDiff).
import { carry, locate } from '../core/cob/anchor.js'
import { EditError } from '../repo/errors.js'
import { readFile } from '../repo/read.js'
import { fileDiff } from './diff-files.js'
import type { Hunk } from '../core/diff.js'
import type { CodeLocation, PatchComment, PatchState, Revision } from '../core/cob/patch-types.js'
import type { InlineComment } from './patch-api-types.js'
import type { RepoRecord } from '../repo/repo-index.js'
import type { Repos } from '../repo/repos.js'

/** file diffs one view computes to place comments, at most */
export const MAX_DIFFS_PLACED = 200

/** A file's hunks in a revision's diff (base → head); undefined when the revision does not change it (or it is binary or too large). */
async function hunksOf (repos: Repos, record: RepoRecord, r: Pick<Revision, 'base' | 'oid'>, path: string, signal?: AbortSignal): Promise<Hunk[] | undefined> {
  const [before, after] = await Promise.all([readFile(repos, record.rid, r.base, path), readFile(repos, record.rid, r.oid, path)])
  if (before?.oid === after?.oid) return undefined
  const body = await fileDiff(repos, record.rid, { oldOid: before?.oid, newOid: after?.oid }, { signal })
  return body.diff?.hunks
}

/** `loc` on revision `r`, with its commit and hunk hash; EditError when the lines are not in the revision's diff. */
export async function anchorLocation (repos: Repos, record: RepoRecord, r: Revision, loc: CodeLocation): Promise<CodeLocation> {
  const side = loc.new != null ? 'new' : 'old'
  const range = loc[side]
  if (range == null) throw new EditError('a line comment needs the lines it is on')
  const hunks = await hunksOf(repos, record, r, loc.path)
  const found = hunks == null ? undefined : locate(hunks, { side, from: range[0], to: range[1] })
  if (found == null) throw new EditError(`lines ${range[0]}–${range[1]} of ${loc.path} are not in this revision's changes`)
  return { commit: r.oid, path: loc.path, ...found.location }
}

/** Every inline comment of the patch, placed in revision `shown`, in the order they were made. */
export async function placeComments (repos: Repos, record: RepoRecord, s: PatchState, shown: string, opts: { signal?: AbortSignal } = {}): Promise<InlineComment[]> {
  const number = new Map(s.revisions.map((r, i) => [r.id, i + 1]))
  const target = s.revisions.find(r => r.id === shown)
  if (target == null) throw new EditError(`this patch has no revision ${shown}`)
  const hunks = new Map<string, Promise<Hunk[] | undefined>>()
  // anyone may add revisions (up to 1,000) with a comment each on a large file: a view diffs at most this many, the rest show as outdated
  const hunksAt = async (r: Revision, path: string): Promise<Hunk[] | undefined> => {
    const key = `${r.base} ${r.oid} ${path}`
    let h = hunks.get(key)
    if (h == null) {
      if (hunks.size >= MAX_DIFFS_PLACED) return undefined
      hunks.set(key, h = hunksOf(repos, record, r, path, opts.signal))
    }
    return await h
  }
  const out: InlineComment[] = []
  const thread = async (comments: PatchComment[], madeOn: Revision, review?: string): Promise<void> => {
    for (const c of comments) {
      if (c.location == null || c.replyTo != null) continue
      const common = { comment: c, ...(review != null ? { review } : {}), madeOn: madeOn.id, madeOnNumber: number.get(madeOn.id) ?? 0, replies: repliesTo(comments, c.id) }
      if (madeOn.id === shown || (madeOn.base === target.base && madeOn.oid === target.oid)) {
        out.push({ ...common, status: madeOn.id === shown ? 'current' : 'kept', location: c.location })
        continue
      }
      const placed = carry(c.location, await hunksAt(madeOn, c.location.path), await hunksAt(target, c.location.path), { commit: target.oid })
      out.push({ ...common, status: placed.status, location: placed.location })
    }
  }
  for (const r of s.revisions) {
    await thread(r.comments, r)
    for (const v of Object.values(r.reviews)) await thread(v.comments, r, v.id)
  }
  return out.sort((a, b) => a.comment.at - b.comment.at)
}

/** the replies under a comment, and theirs, in order */
function repliesTo (comments: PatchComment[], id: string): PatchComment[] {
  const out: PatchComment[] = []
  const under = new Set([id])
  for (const c of comments) {
    if (c.replyTo != null && under.has(c.replyTo)) { out.push(c); under.add(c.id) }
  }
  return out
}
