// A review being written: its inline comments (and summary) kept in
// localStorage per repository, patch and revision until published, so a
// reload or a closed tab loses nothing. Storage is injected (tests use a
// Map); whatever is stored is checked on the way back in, as another
// version of the app may have written it.
import type { CodeLocation } from '../../app/types.js'

export interface DraftComment { id: string, body: string, location: CodeLocation, at: number }
export interface ReviewDraft { comments: DraftComment[], summary: string }

export interface DraftStore { getItem: (k: string) => string | null, setItem: (k: string, v: string) => void, removeItem: (k: string) => void }

/** comments one draft holds at most, and the characters of each */
export const MAX_DRAFT_COMMENTS = 200
export const MAX_DRAFT_BODY = 64 * 1024

export const reviewDraftKey = (rid: string, patch: string, revision: string): string => `guts:review-draft:${rid}:${patch}:${revision}`
export const EMPTY_DRAFT: ReviewDraft = { comments: [], summary: '' }

const range = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every(n => Number.isInteger(n) && n > 0) && v[0] <= v[1]
function isLocation (l: any): l is CodeLocation {
  return l != null && typeof l.commit === 'string' && typeof l.path === 'string' && (l.new === undefined || range(l.new)) && (l.old === undefined || range(l.old)) && (l.new !== undefined || l.old !== undefined)
}
const isComment = (c: any): c is DraftComment => c != null && typeof c.id === 'string' && typeof c.body === 'string' && typeof c.at === 'number' && isLocation(c.location)

export function readDraft (store: DraftStore | undefined, key: string): ReviewDraft {
  try {
    const raw = store?.getItem(key)
    if (raw == null) return EMPTY_DRAFT
    const v = JSON.parse(raw)
    return {
      comments: Array.isArray(v?.comments) ? v.comments.filter(isComment).slice(0, MAX_DRAFT_COMMENTS) : [],
      summary: typeof v?.summary === 'string' ? v.summary.slice(0, MAX_DRAFT_BODY) : ''
    }
  } catch {
    return EMPTY_DRAFT
  }
}

export function writeDraft (store: DraftStore | undefined, key: string, d: ReviewDraft): void {
  try {
    if (d.comments.length === 0 && d.summary === '') store?.removeItem(key)
    else store?.setItem(key, JSON.stringify({ comments: d.comments.slice(0, MAX_DRAFT_COMMENTS), summary: d.summary }))
  } catch { /* storage full or refused: the page still holds it */ }
}

/** the draft with one more comment (refused past MAX_DRAFT_COMMENTS: the caller says so) */
export function addDraftComment (d: ReviewDraft, body: string, location: CodeLocation, at: number, id = `d${at.toString(36)}${Math.random().toString(36).slice(2, 8)}`): ReviewDraft | undefined {
  if (d.comments.length >= MAX_DRAFT_COMMENTS) return undefined
  return { ...d, comments: [...d.comments, { id, body: body.slice(0, MAX_DRAFT_BODY), location, at }] }
}
export const removeDraftComment = (d: ReviewDraft, id: string): ReviewDraft => ({ ...d, comments: d.comments.filter(c => c.id !== id) })
export const editDraftComment = (d: ReviewDraft, id: string, body: string): ReviewDraft => ({ ...d, comments: d.comments.map(c => c.id === id ? { ...c, body: body.slice(0, MAX_DRAFT_BODY) } : c) })

/** Why a review cannot be published yet, or undefined: a review says something. */
export function reviewProblem (verdict: 'accept' | 'reject' | undefined, summary: string, comments: number): string | undefined {
  if (verdict == null && summary.trim() === '' && comments === 0) return 'Write a summary, add a line comment, or choose Accept or Reject first'
  return undefined
}

/** the revisions (1-based numbers) other than `shown` holding this tab's draft comments, and how many each */
export function draftsElsewhere (store: DraftStore | undefined, rid: string, patch: string, revisions: readonly string[], shown: string): Array<{ number: number, comments: number }> {
  const out: Array<{ number: number, comments: number }> = []
  revisions.forEach((r, i) => {
    if (r === shown) return
    const n = readDraft(store, reviewDraftKey(rid, patch, r)).comments.length
    if (n > 0) out.push({ number: i + 1, comments: n })
  })
  return out
}
