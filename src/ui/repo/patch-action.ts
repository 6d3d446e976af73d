// The reads the patch views share: the list once per repositories version
// however many views ask (the tab and the list both do, on every change),
// and this tab's review draft of a revision, kept in localStorage.
import { useState } from 'preact/hooks'
import { latestRecord } from './issue-action.js'
import { draftsElsewhere, readDraft, reviewDraftKey, writeDraft } from './patch-drafts.js'
import type { DraftStore, ReviewDraft } from './patch-drafts.js'
import type { GutsApp, PatchList, RepoRecord } from '../../app/types.js'

const shared = new Map<string, Promise<PatchList>>()
export async function latestPatches (app: GutsApp, record: RepoRecord, version: number): Promise<PatchList> {
  const key = `${record.rid} ${version}`
  let p = shared.get(key)
  if (p == null) {
    p = (async () => await app.repos.patches.list(await latestRecord(app, record, version)))()
    shared.set(key, p)
    // a failed read is tried again by the next view that asks
    p.catch(() => { if (shared.get(key) === p) shared.delete(key) })
    if (shared.size > 8) shared.delete(shared.keys().next().value!)
  }
  return await p
}

const store = (): DraftStore | undefined => { try { return localStorage } catch { return undefined } }

/** this tab's draft review of one revision, and a setter that keeps it stored */
export function useReviewDraft (rid: string, patch: string, revision: string): [ReviewDraft, (d: ReviewDraft) => void] {
  const key = reviewDraftKey(rid, patch, revision)
  const [held, setHeld] = useState<{ key: string, draft: ReviewDraft }>(() => ({ key, draft: readDraft(store(), key) }))
  const draft = held.key === key ? held.draft : readDraft(store(), key)
  const set = (d: ReviewDraft): void => { writeDraft(store(), key, d); setHeld({ key, draft: d }) }
  return [draft, set]
}

/** this tab's draft comments on the patch's other revisions (read as the view draws: localStorage is quick) */
export function otherDrafts (rid: string, patch: string, revisions: readonly string[], shown: string): Array<{ number: number, comments: number }> {
  return draftsElsewhere(store(), rid, patch, revisions, shown)
}

/** a patch's comment box text, per patch (as issues keep theirs) */
const commentKey = (rid: string, id: string): string => `guts:patch-comment-draft:${rid}:${id}`
export function readCommentDraft (rid: string, id: string): string {
  try { return sessionStorage.getItem(commentKey(rid, id)) ?? '' } catch { return '' }
}
export function keepCommentDraft (rid: string, id: string, text: string): void {
  try { if (text === '') sessionStorage.removeItem(commentKey(rid, id)); else sessionStorage.setItem(commentKey(rid, id), text.slice(0, 64 * 1024)) } catch { /* private mode: the box still holds it */ }
}
