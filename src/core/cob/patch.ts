// Patches as collaborative objects (groundwork for review; the handle and
// views come next): their actions, who may take each, and how they change a
// patch. Who may (COLLABORATION.md): anyone opens, comments, reacts,
// reviews (one review per author per revision) and adds revisions; the
// patch's author or a delegate retitles, retargets and changes its state;
// delegates label, assign and record merges; threads follow thread.ts. A
// revision's commits (base and head) and a merge's commit must be among the
// change's related parents, so they travel with it and are held whenever
// the change is.
import { ISSUE_CAPS } from './issue.js'
import { LINK_RELS, REACTIONS } from './issue-types.js'
import { PATCH_STATUSES, VERDICTS } from './patch-types.js'
import { applyComment, refuseComment } from './thread.js'
import type { Change } from './change.js'
import type { ApplyContext, Reducer } from './evaluate.js'
import type { CodeLocation, PatchComment, PatchState, Review, Revision } from './patch-types.js'
import type { CommentActor, CommentOp } from './thread.js'

export const PATCH_TYPE = 'guts.patch'

const OID = /^[0-9a-f]{40}$/
const PEER = /^[1-9A-HJ-NP-Za-km-z]{40,64}$/
const LABEL = /^[^\u0000-\u001f\u007f\s](?:[^\u0000-\u001f\u007f]*[^\u0000-\u001f\u007f\s])?$/u
// a branch name as git takes it (check-ref-format, roughly): the target is shown and compared, never written as a path
const BRANCH = /^(?!.*\.\.)(?!\/)(?!.*\/$)(?!.*@\{)[^\u0000-\u0020\u007f~^:?*[\\]{1,200}$/
const MAX_LINE = 10_000_000

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => v != null && typeof v === 'object' && !Array.isArray(v)
const only = (o: Obj, keys: string[]): boolean => Object.keys(o).every(k => keys.includes(k))
const text = (v: unknown, max: number, empty = false): v is string => typeof v === 'string' && v.length <= max && (empty || v.trim() !== '')
const oid = (v: unknown): v is string => typeof v === 'string' && OID.test(v)
// a comment's id: the change that made it, and for the inline comments a
// review brings in its own change, `<change>.<n>`
const COMMENT_ID = /^[0-9a-f]{40}(?:\.[0-9]{1,3})?$/
const commentId = (v: unknown): v is string => typeof v === 'string' && COMMENT_ID.test(v)
/** inline comments one review may bring (each also within the action's 96 KiB) */
export const MAX_REVIEW_COMMENTS = 200
const list = (v: unknown, ok: (x: string) => boolean): v is string[] =>
  Array.isArray(v) && v.length <= ISSUE_CAPS.maxDelta && v.every(x => typeof x === 'string' && ok(x)) && new Set(v).size === v.length

function range (v: unknown): v is [number, number] {
  return Array.isArray(v) && v.length === 2 && v.every(n => Number.isSafeInteger(n) && n >= 1 && n <= MAX_LINE) && v[0] <= v[1]
}

function location (v: unknown): v is CodeLocation {
  if (!isObj(v) || !only(v, ['commit', 'path', 'old', 'new', 'hunk'])) return false
  if (!oid(v.commit) || !text(v.path, 4096)) return false
  if (v.old == null && v.new == null) return false
  if (v.old != null && !range(v.old)) return false
  if (v.new != null && !range(v.new)) return false
  return v.hunk == null || (typeof v.hunk === 'string' && /^[0-9a-f]{8,64}$/.test(v.hunk))
}

function reviewComments (v: unknown): boolean {
  return Array.isArray(v) && v.length <= MAX_REVIEW_COMMENTS && v.every(c => isObj(c) && only(c, ['body', 'location']) && text(c.body, ISSUE_CAPS.maxBody) && location(c.location))
}

/** Why `v` is not a well-formed patch action (undefined: it is one). */
export function patchActionProblem (v: unknown): string | undefined {
  if (!isObj(v)) return 'an action is not an object'
  const body = (): boolean => text(v.body, ISSUE_CAPS.maxBody)
  const reply = (): boolean => v.replyTo == null || commentId(v.replyTo)
  const ok = (cond: boolean, why: string): string | undefined => cond ? undefined : why
  switch (v.type) {
    case 'revision': return ok(only(v, ['type', 'base', 'oid', 'description', 'branch']) && oid(v.base) && oid(v.oid) && text(v.description ?? '', ISSUE_CAPS.maxBody, true) && (v.branch == null || (typeof v.branch === 'string' && BRANCH.test(v.branch))), 'a revision needs a base and a head commit, a description of at most 65,536 characters, and the branch it came from if any')
    case 'revision.edit': return ok(only(v, ['type', 'revision', 'description']) && oid(v.revision) && text(v.description, ISSUE_CAPS.maxBody, true), 'a revision edit needs a revision and a description')
    case 'revision.redact': return ok(only(v, ['type', 'revision']) && oid(v.revision), 'a revision redaction needs a revision')
    case 'revision.comment':
    case 'review.comment': {
      const scope = v.type === 'revision.comment' ? 'revision' : 'review'
      return ok(only(v, ['type', scope, 'body', 'location', 'replyTo']) && oid(v[scope]) && body() && reply() && (v.location == null || location(v.location)), `a comment needs a ${scope}, a body of at most 65,536 characters, and a well-formed location if any`)
    }
    case 'revision.comment.edit':
    case 'review.comment.edit': {
      const scope = v.type.startsWith('revision') ? 'revision' : 'review'
      return ok(only(v, ['type', scope, 'id', 'body']) && oid(v[scope]) && commentId(v.id) && body(), 'a comment edit needs a comment and a body')
    }
    case 'revision.comment.redact':
    case 'review.comment.redact':
    case 'review.comment.resolve':
    case 'review.comment.unresolve': {
      const scope = v.type.startsWith('revision') ? 'revision' : 'review'
      return ok(only(v, ['type', scope, 'id']) && oid(v[scope]) && commentId(v.id), `a ${v.type} needs a ${scope} and a comment`)
    }
    case 'revision.comment.react':
    case 'review.comment.react': {
      const scope = v.type.startsWith('revision') ? 'revision' : 'review'
      return ok(only(v, ['type', scope, 'id', 'reaction', 'active']) && oid(v[scope]) && commentId(v.id) && (REACTIONS as readonly unknown[]).includes(v.reaction) && typeof v.active === 'boolean', 'a reaction needs a comment, one of the reactions, and whether it is on')
    }
    case 'edit': return ok(only(v, ['type', 'title', 'target']) && (v.title != null || v.target != null) && (v.title == null || text(v.title, ISSUE_CAPS.maxTitle)) && (v.target == null || (typeof v.target === 'string' && BRANCH.test(v.target))), 'an edit sets a title of at most 256 characters or a target branch')
    case 'lifecycle': return ok(only(v, ['type', 'state']) && (PATCH_STATUSES as readonly unknown[]).includes(v.state), 'a state change is open, draft or archived')
    case 'label': return ok(only(v, ['type', 'add', 'remove']) && list(v.add, l => l.length <= ISSUE_CAPS.maxLabel && LABEL.test(l)) && list(v.remove, l => l.length <= ISSUE_CAPS.maxLabel), 'a label change adds and removes at most 32 labels')
    case 'assign': return ok(only(v, ['type', 'add', 'remove']) && list(v.add, p => PEER.test(p)) && list(v.remove, p => PEER.test(p)), 'an assignment adds and removes at most 32 PeerIds')
    case 'review': return ok(only(v, ['type', 'revision', 'verdict', 'summary', 'comments']) && oid(v.revision) && (v.verdict == null || (VERDICTS as readonly unknown[]).includes(v.verdict)) && (v.summary == null || text(v.summary, ISSUE_CAPS.maxBody, true)) && (v.comments == null || reviewComments(v.comments)), `a review needs a revision, and a verdict (accept, reject), a summary and at most ${MAX_REVIEW_COMMENTS} inline comments if any`)
    case 'review.edit': return ok(only(v, ['type', 'review', 'verdict', 'summary']) && oid(v.review) && (v.verdict == null || (VERDICTS as readonly unknown[]).includes(v.verdict)) && (v.summary == null || text(v.summary, ISSUE_CAPS.maxBody, true)), 'a review edit needs a review')
    case 'merge': return ok(only(v, ['type', 'revision', 'commit']) && oid(v.revision) && oid(v.commit), 'a merge names a revision and the commit it made')
    case 'link': return ok(only(v, ['type', 'to', 'rel']) && oid(v.to) && (LINK_RELS as readonly unknown[]).includes(v.rel), 'a link needs an issue, patch or commit id and a relation')
    default: return `an unknown action ${JSON.stringify(String(v.type).slice(0, 40))}`
  }
}

const delegate = (c: Change, ctx: ApplyContext): boolean => ctx.delegates.includes(c.author)

function revisionOf (s: PatchState, id: unknown): Revision | undefined { return s.revisions.find(r => r.id === id) }
function reviewOf (s: PatchState, id: unknown): Review | undefined {
  for (const r of s.revisions) for (const v of Object.values(r.reviews)) if (v.id === id) return v
  return undefined
}

/** The thread and comment operation a comment action is, or why there is none. */
function threadOp (s: PatchState, a: Obj): { comments: PatchComment[], op: CommentOp, location?: CodeLocation, where: string } | string | undefined {
  const m = /^(revision|review)\.comment(?:\.(edit|redact|react|resolve|unresolve))?$/.exec(a.type as string)
  if (m == null) return undefined
  const scope = m[1] === 'revision' ? revisionOf(s, a.revision) : reviewOf(s, a.review)
  if (scope == null) return `it comments on a ${m[1]} the patch does not have`
  const kind = m[2] ?? 'add'
  if (kind === 'resolve' || kind === 'unresolve') {
    if (m[1] !== 'review') return 'only review comments are resolved'
  }
  const op = (kind === 'add' ? { op: 'add', body: a.body, ...(a.replyTo != null ? { replyTo: a.replyTo } : {}) } : kind === 'edit' ? { op: 'edit', id: a.id, body: a.body } : kind === 'react' ? { op: 'react', id: a.id, reaction: a.reaction, active: a.active } : { op: kind, id: a.id }) as CommentOp
  return { comments: scope.comments, op, ...(a.location != null ? { location: a.location as CodeLocation } : {}), where: `the ${m[1]}` }
}

const actor = (s: PatchState, c: Change, ctx: ApplyContext): CommentActor => ({ author: c.author, delegate: delegate(c, ctx), owner: s.author, change: c.id, at: c.at })

/** Why action `a` of `c` may not be applied to `s`. */
function refuse (s: PatchState, a: Obj, c: Change, ctx: ApplyContext): string | undefined {
  const t = threadOp(s, a)
  if (typeof t === 'string') return t
  if (t != null) return refuseComment(t.comments, t.op, actor(s, c, ctx), ISSUE_CAPS.maxComments, t.where)
  const manager = c.author === s.author || delegate(c, ctx)
  switch (a.type) {
    case 'revision':
      if (!c.related.includes(a.base as string) || !c.related.includes(a.oid as string)) return 'a revision\'s commits must travel with it (among its related parents)'
      return s.revisions.length >= 1000 ? 'a patch holds at most 1,000 revisions' : undefined
    case 'revision.edit':
    case 'revision.redact': {
      const r = revisionOf(s, a.revision)
      if (r == null) return 'it changes a revision the patch does not have'
      if (r.author !== c.author) return 'only a revision\'s author may change it'
      if (a.type === 'revision.redact' && r.id === s.id) return 'the first revision cannot be redacted'
      return undefined
    }
    case 'edit':
    case 'lifecycle':
    case 'link':
      return manager ? undefined : 'only the patch\'s author or a delegate may change it'
    case 'label':
    case 'assign':
      return delegate(c, ctx) ? undefined : `only a delegate may ${a.type === 'label' ? 'label' : 'assign'} a patch`
    case 'review': {
      const r = revisionOf(s, a.revision)
      if (r == null) return 'it reviews a revision the patch does not have'
      if (r.reviews[c.author] != null) return 'one review per author per revision'
      return undefined
    }
    case 'review.edit': {
      const v = reviewOf(s, a.review)
      if (v == null) return 'it edits a review the patch does not have'
      return v.author === c.author ? undefined : 'only a review\'s author may edit it'
    }
    case 'merge':
      if (!delegate(c, ctx)) return 'only a delegate may merge a patch'
      if (revisionOf(s, a.revision) == null) return 'it merges a revision the patch does not have'
      return c.related.includes(a.commit as string) ? undefined : 'a merge\'s commit must travel with it (among its related parents)'
  }
  return undefined
}

function applyOne (s: PatchState, a: Obj, c: Change, ctx: ApplyContext): void {
  const at = c.at
  s.lastActivity = Math.max(s.lastActivity, at)
  const t = threadOp(s, a)
  if (t != null && typeof t !== 'string') {
    applyComment<PatchComment>(t.comments, t.op, actor(s, c, ctx), t.location != null ? { location: t.location } : {})
    return
  }
  switch (a.type) {
    case 'revision':
      s.revisions.push({ id: c.id, author: c.author, base: a.base as string, oid: a.oid as string, description: (a.description as string | undefined) ?? '', ...(a.branch != null ? { branch: a.branch as string } : {}), at, comments: [], reviews: {} })
      break
    case 'revision.edit':
      revisionOf(s, a.revision)!.description = a.description as string
      break
    case 'revision.redact':
      Object.assign(revisionOf(s, a.revision)!, { redacted: true, description: '' })
      break
    case 'edit':
      if (a.title != null) s.title = a.title as string
      if (a.target != null) s.target = a.target as string
      break
    case 'lifecycle':
      s.status = a.state as PatchState['status']
      break
    case 'label':
    case 'assign': {
      const key = a.type === 'label' ? 'labels' : 'assignees'
      const set = new Set(s[key])
      for (const x of a.add as string[]) set.add(x)
      for (const x of a.remove as string[]) set.delete(x)
      s[key] = [...set].sort()
      break
    }
    case 'review': {
      const r = revisionOf(s, a.revision)!
      const review: Review = { id: c.id, author: c.author, revision: r.id, ...(a.verdict != null ? { verdict: a.verdict as Review['verdict'] } : {}), ...(a.summary != null ? { summary: a.summary as string } : {}), at, comments: [] }
      r.reviews[c.author] = review
      const drafted = (a.comments ?? []) as Array<{ body: string, location: CodeLocation }>
      drafted.forEach((d, i) => applyComment<PatchComment>(review.comments, { op: 'add', body: d.body }, { ...actor(s, c, ctx), change: `${c.id}.${i}` }, { location: d.location }))
      break
    }
    case 'review.edit': {
      const v = reviewOf(s, a.review)!
      if (a.verdict != null) v.verdict = a.verdict as Review['verdict']
      if (a.summary != null) v.summary = a.summary as string
      break
    }
    case 'merge':
      s.merges.push({ by: c.author, revision: a.revision as string, commit: a.commit as string, at })
      break
    case 'link':
      if (!s.links.some(l => l.to === a.to && l.rel === a.rel)) s.links.push({ to: a.to as string, rel: a.rel as PatchState['links'][number]['rel'], by: c.author, at })
      break
  }
}

function actionsOf (c: Change): Obj[] | string {
  for (const a of c.actions) {
    const why = patchActionProblem(a)
    if (why != null) return why
  }
  const comments = c.actions.filter(a => /^(revision|review)\.comment$/.test((a as Obj).type as string)).length
  const revisions = c.actions.filter(a => (a as Obj).type === 'revision').length
  if (revisions > 1) return 'a change makes at most one revision'
  if (comments > 1) return 'a change makes at most one comment'
  if (c.actions.filter(a => (a as Obj).type === 'review').length > 1) return 'a change makes at most one review'
  return c.actions as Obj[]
}

/**
 * Each action checked against the state the ones before it leave; the
 * change is applied whole or not at all. One action is checked on `s`
 * itself (checking changes nothing). Several are tried on a copy that
 * shares what they cannot touch: every list an action may grow is copied,
 * and a comment is copied before an action changes it. Never a deep copy of
 * the whole patch per change: with a few hundred long comments that made
 * evaluation quadratic (minutes).
 */
function checkChange (s: PatchState, c: Change, ctx: ApplyContext): string | undefined {
  const actions = actionsOf(c)
  if (typeof actions === 'string') return actions
  if (actions.length === 1) return refuse(s, actions[0], c, ctx)
  const trial = trialCopy(s)
  for (const a of actions) {
    const why = refuse(trial, a, c, ctx)
    if (why != null) return why
    ownComment(trial, a)
    applyOne(trial, a, c, ctx)
  }
  return undefined
}

function trialCopy (s: PatchState): PatchState {
  const reviews = (r: Revision): Record<string, Review> => Object.fromEntries(Object.entries(r.reviews).map(([k, v]) => [k, { ...v, comments: [...v.comments] }]))
  return { ...s, labels: [...s.labels], assignees: [...s.assignees], merges: [...s.merges], links: [...s.links], revisions: s.revisions.map(r => ({ ...r, comments: [...r.comments], reviews: reviews(r) })) }
}

/** on a trial copy: the comment action `a` changes is replaced by a copy of its own first */
function ownComment (trial: PatchState, a: Obj): void {
  const t = threadOp(trial, a)
  if (t == null || typeof t === 'string' || t.op.op === 'add') return
  const id = t.op.id
  const i = t.comments.findIndex(x => x.id === id)
  if (i >= 0) t.comments[i] = structuredClone(t.comments[i])
}

export const patchReducer: Reducer<PatchState> = {
  type: PATCH_TYPE,
  init: (root, ctx) => {
    const actions = actionsOf(root)
    if (typeof actions === 'string') return actions
    const title = actions.find(a => a.type === 'edit' && a.title != null && a.target != null)
    if (title == null || !actions.some(a => a.type === 'revision')) return 'a patch opens with a title, a target branch and a revision'
    const s: PatchState = { id: root.id, title: '', target: '', author: root.author, at: root.at, status: 'open', labels: [], assignees: [], revisions: [], merges: [], links: [], lastActivity: root.at }
    const why = checkChange(s, root, ctx)
    if (why != null) return why
    for (const a of actions) applyOne(s, a, root, ctx)
    return s
  },
  check: (s, c, ctx) => checkChange(s, c, ctx),
  apply: (s, c, ctx) => {
    for (const a of actionsOf(c) as Obj[]) applyOne(s, a, c, ctx)
  }
}

/** The list's line of a patch (merged or not is for the handle to add: it depends on the code held). */
export function summarizePatch (s: PatchState): PatchSummaryBase {
  const live = s.revisions.filter(r => r.redacted !== true)
  const latest = live.at(-1) ?? s.revisions[s.revisions.length - 1]
  const verdicts = Object.values(latest.reviews).map(r => r.verdict)
  const comments = s.revisions.reduce((n, r) => n + r.comments.length + Object.values(r.reviews).reduce((m, v) => m + v.comments.length, 0), 0)
  return { id: s.id, title: s.title, target: s.target, author: s.author, at: s.at, lastActivity: s.lastActivity, status: s.status, labels: [...s.labels], assignees: [...s.assignees], revisions: s.revisions.length, latest: latest.id, head: latest.oid, revs: s.revisions.map(r => ({ id: r.id, oid: r.oid, author: r.author })), comments, accepts: verdicts.filter(v => v === 'accept').length, rejects: verdicts.filter(v => v === 'reject').length, merges: s.merges.map(m => ({ ...m })) }
}

export interface PatchSummaryBase {
  id: string
  title: string
  target: string
  author: string
  at: number
  lastActivity: number
  status: PatchState['status']
  labels: string[]
  assignees: string[]
  revisions: number
  /** the latest (not redacted) revision, and its head */
  latest: string
  head: string
  /** every revision (redacted ones too), oldest first */
  revs: Array<{ id: string, oid: string, author: string }>
  comments: number
  accepts: number
  rejects: number
  merges: PatchState['merges']
}

/** A one-line summary of a change for `git log`. */
export function patchChangeSummary (actions: Array<Record<string, unknown>>): string {
  const first = actions[0]
  const title = actions.find(a => a.type === 'edit' && a.title != null)
  if (first == null) return 'Change patch'
  if (title != null && actions.some(a => a.type === 'revision')) return `Propose patch: ${String(title.title)}`
  switch (first.type) {
    case 'revision': return 'Update patch (new revision)'
    case 'review': return first.verdict === 'accept' ? 'Accept revision' : first.verdict === 'reject' ? 'Reject revision' : 'Review revision'
    case 'merge': return `Merge patch as ${String(first.commit).slice(0, 12)}`
    case 'lifecycle': return first.state === 'archived' ? 'Archive patch' : first.state === 'draft' ? 'Mark patch as draft' : 'Mark patch ready for review'
    case 'edit': return title != null ? `Retitle patch: ${String(title.title)}` : `Retarget patch to ${String(first.target)}`
    case 'label': return 'Label patch'
    case 'assign': return 'Assign patch'
    case 'link': return 'Link patch'
    default: return String(first.type).includes('comment') ? (String(first.type).endsWith('.comment') ? 'Comment on patch' : 'Change a comment') : 'Change patch'
  }
}
