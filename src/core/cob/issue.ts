// Issues as collaborative objects: their actions, who may take each, and how
// they change an issue (evaluate.ts applies them in order). Who may
// (COLLABORATION.md): anyone opens, comments and reacts; the issue's author
// or a delegate edits the title, changes the state and links; delegates
// label and assign; a comment's author edits or redacts it, and a delegate
// may redact (never edit) someone else's. Labels and assignees are deltas,
// so two people adding different labels at once both keep theirs.
import { CLOSE_REASONS, LINK_RELS, REACTIONS } from './issue-types.js'
import type { Change } from './change.js'
import type { ApplyContext, Reducer } from './evaluate.js'
import { applyComment, refuseComment } from './thread.js'
import type { CloseReason, IssueState, IssueSummary, LinkRel, Reaction } from './issue-types.js'
import type { CommentActor, CommentOp } from './thread.js'

export const ISSUE_TYPE = 'guts.issue'

export const ISSUE_CAPS = {
  /** characters of a title */
  maxTitle: 256,
  /** characters of a comment */
  maxBody: 64 * 1024,
  /** characters of a label */
  maxLabel: 64,
  /** labels or assignees one action adds or removes */
  maxDelta: 32,
  /** labels or assignees an issue has at once */
  maxSet: 64,
  /** comments in one issue (edits included) */
  maxComments: 10_000
} as const

export type IssueAction =
  | { type: 'comment', body: string, replyTo?: string }
  | { type: 'comment.edit', id: string, body: string }
  | { type: 'comment.redact', id: string }
  | { type: 'comment.react', id: string, reaction: Reaction, active: boolean }
  | { type: 'edit', title: string }
  | { type: 'lifecycle', state: 'open' }
  | { type: 'lifecycle', state: 'closed', reason: CloseReason }
  | { type: 'label', add: string[], remove: string[] }
  | { type: 'assign', add: string[], remove: string[] }
  | { type: 'link', to: string, rel: LinkRel }

const OID = /^[0-9a-f]{40}$/
// base58btc PeerIds (Ed25519 ones are 52 characters)
const PEER = /^[1-9A-HJ-NP-Za-km-z]{40,64}$/
// no control characters, no leading or trailing space
const LABEL = /^[^\u0000-\u001f\u007f\s](?:[^\u0000-\u001f\u007f]*[^\u0000-\u001f\u007f\s])?$/u

function keysAre (o: Record<string, unknown>, required: string[], optional: string[] = []): boolean {
  const keys = Object.keys(o)
  return required.every(k => k in o) && keys.every(k => required.includes(k) || optional.includes(k))
}

const text = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max
const list = (v: unknown, ok: (x: string) => boolean): v is string[] =>
  Array.isArray(v) && v.length <= ISSUE_CAPS.maxDelta && v.every(x => typeof x === 'string' && ok(x)) && new Set(v).size === v.length

/** The action, if `v` is a well-formed one, else why not. */
export function parseIssueAction (v: unknown): IssueAction | string {
  if (v == null || typeof v !== 'object' || Array.isArray(v)) return 'an action is not an object'
  const a = v as Record<string, unknown>
  switch (a.type) {
    case 'comment':
      if (!keysAre(a, ['type', 'body'], ['replyTo']) || !text(a.body, ISSUE_CAPS.maxBody) || a.body.trim() === '') return 'a comment needs a body of at most 65,536 characters'
      if (a.replyTo != null && (typeof a.replyTo !== 'string' || !OID.test(a.replyTo))) return 'a reply names no comment'
      return a as IssueAction
    case 'comment.edit':
      if (!keysAre(a, ['type', 'id', 'body']) || typeof a.id !== 'string' || !OID.test(a.id) || !text(a.body, ISSUE_CAPS.maxBody) || a.body.trim() === '') return 'a comment edit needs a comment id and a body'
      return a as IssueAction
    case 'comment.redact':
      if (!keysAre(a, ['type', 'id']) || typeof a.id !== 'string' || !OID.test(a.id)) return 'a redaction needs a comment id'
      return a as IssueAction
    case 'comment.react':
      if (!keysAre(a, ['type', 'id', 'reaction', 'active']) || typeof a.id !== 'string' || !OID.test(a.id) || !(REACTIONS as readonly unknown[]).includes(a.reaction) || typeof a.active !== 'boolean') return 'a reaction needs a comment id, one of the reactions, and whether it is on'
      return a as IssueAction
    case 'edit':
      if (!keysAre(a, ['type', 'title']) || !text(a.title, ISSUE_CAPS.maxTitle) || a.title.trim() === '') return 'a title edit needs a title of at most 256 characters'
      return a as IssueAction
    case 'lifecycle':
      if (a.state === 'open' && keysAre(a, ['type', 'state'])) return a as IssueAction
      if (a.state === 'closed' && keysAre(a, ['type', 'state', 'reason']) && (CLOSE_REASONS as readonly unknown[]).includes(a.reason)) return a as IssueAction
      return 'a state change is open, or closed with a reason'
    case 'label':
      if (!keysAre(a, ['type', 'add', 'remove']) || !list(a.add, l => l.length <= ISSUE_CAPS.maxLabel && LABEL.test(l)) || !list(a.remove, l => l.length <= ISSUE_CAPS.maxLabel)) return 'a label change adds and removes at most 32 labels of at most 64 characters'
      return a as IssueAction
    case 'assign':
      if (!keysAre(a, ['type', 'add', 'remove']) || !list(a.add, p => PEER.test(p)) || !list(a.remove, p => PEER.test(p))) return 'an assignment adds and removes at most 32 PeerIds'
      return a as IssueAction
    case 'link':
      if (!keysAre(a, ['type', 'to', 'rel']) || typeof a.to !== 'string' || !OID.test(a.to) || !(LINK_RELS as readonly unknown[]).includes(a.rel)) return 'a link needs an issue or commit id and a relation'
      return a as IssueAction
    default:
      return `an unknown action ${JSON.stringify(String(a.type).slice(0, 40))}`
  }
}

function parseAll (c: Change): IssueAction[] | string {
  const out: IssueAction[] = []
  let comments = 0
  for (const v of c.actions) {
    const a = parseIssueAction(v)
    if (typeof a === 'string') return a
    if (a.type === 'comment' && ++comments > 1) return 'a change makes at most one comment'
    out.push(a)
  }
  return out
}

const isDelegate = (c: Change, ctx: ApplyContext): boolean => ctx.delegates.includes(c.author)

/** The thread operation an issue action is, if it is one. */
function commentOp (a: IssueAction): CommentOp | undefined {
  switch (a.type) {
    case 'comment': return { op: 'add', body: a.body, ...(a.replyTo != null ? { replyTo: a.replyTo } : {}) }
    case 'comment.edit': return { op: 'edit', id: a.id, body: a.body }
    case 'comment.redact': return { op: 'redact', id: a.id }
    case 'comment.react': return { op: 'react', id: a.id, reaction: a.reaction, active: a.active }
    default: return undefined
  }
}

const actor = (s: IssueState, c: Change, ctx: ApplyContext): CommentActor => ({ author: c.author, delegate: isDelegate(c, ctx), owner: s.author, change: c.id, at: c.at })

/** Why `a` by `c.author` may not be applied to `s` (undefined: it may). */
function refuse (s: IssueState, a: IssueAction, c: Change, ctx: ApplyContext): string | undefined {
  const manager = c.author === s.author || isDelegate(c, ctx)
  const op = commentOp(a)
  if (op != null) return refuseComment(s.comments, op, actor(s, c, ctx), ISSUE_CAPS.maxComments)
  switch (a.type) {
    case 'edit':
    case 'lifecycle':
    case 'link':
      return manager ? undefined : `only the issue's author or a delegate may ${a.type === 'edit' ? 'edit its title' : a.type === 'link' ? 'link it' : 'close or reopen it'}`
    case 'label':
    case 'assign': {
      if (!isDelegate(c, ctx)) return `only a delegate may ${a.type === 'label' ? 'label' : 'assign'} an issue`
      const set = new Set(a.type === 'label' ? s.labels : s.assignees)
      for (const x of a.add) set.add(x)
      for (const x of a.remove) set.delete(x)
      return set.size > ISSUE_CAPS.maxSet ? `an issue has at most ${ISSUE_CAPS.maxSet} ${a.type === 'label' ? 'labels' : 'assignees'}` : undefined
    }
  }
}

function applyOne (s: IssueState, a: IssueAction, c: Change, ctx: ApplyContext): void {
  const by = c.author
  const at = c.at
  const ev = { by, at, change: c.id }
  const op = commentOp(a)
  if (op != null) {
    applyComment(s.comments, op, actor(s, c, ctx))
    if (op.op === 'add' && c.id !== s.id) s.timeline.push({ kind: 'comment', ...ev, comment: c.id })
    if (op.op === 'redact') s.timeline.push({ kind: 'redact', ...ev, comment: op.id })
    s.lastActivity = Math.max(s.lastActivity, at)
    return
  }
  switch (a.type) {
    case 'edit':
      if (c.id !== s.id) s.timeline.push({ kind: 'title', ...ev, title: a.title })
      s.title = a.title
      break
    case 'lifecycle':
      if (a.state === 'closed') {
        s.status = { status: 'closed', reason: a.reason }
        s.timeline.push({ kind: 'closed', ...ev, reason: a.reason })
      } else {
        if (s.status.status === 'closed') s.timeline.push({ kind: 'reopened', ...ev })
        s.status = { status: 'open' }
      }
      break
    case 'label':
    case 'assign': {
      const key = a.type === 'label' ? 'labels' : 'assignees'
      const set = new Set(s[key])
      const add = a.add.filter(x => !set.has(x))
      const remove = a.remove.filter(x => set.has(x))
      for (const x of add) set.add(x)
      for (const x of remove) set.delete(x)
      s[key] = [...set].sort()
      if (add.length > 0 || remove.length > 0) s.timeline.push({ kind: a.type, ...ev, add, remove })
      break
    }
    case 'link':
      if (!s.links.some(l => l.to === a.to && l.rel === a.rel)) {
        s.links.push({ to: a.to, rel: a.rel, by, at })
        s.timeline.push({ kind: 'link', ...ev, to: a.to, rel: a.rel })
      }
      break
  }
  s.lastActivity = Math.max(s.lastActivity, at)
}

/** Checks every action of `c` against `s` as it would be after the ones before it; the change is applied whole or not at all. */
function checkChange (s: IssueState, actions: IssueAction[], c: Change, ctx: ApplyContext): string | undefined {
  // a trial copy: an action may rely on an earlier one in the same change (a comment, then a label)
  const trial: IssueState = { ...s, labels: [...s.labels], assignees: [...s.assignees], comments: s.comments, links: s.links, timeline: [] }
  for (const a of actions) {
    const why = refuse(trial, a, c, ctx)
    if (why != null) return why
    if (a.type === 'label' || a.type === 'assign' || a.type === 'edit') applyOne(trial, a, c, ctx)
    if (a.type === 'lifecycle') trial.status = a.state === 'closed' ? { status: 'closed', reason: a.reason } : { status: 'open' }
  }
  return undefined
}

export const issueReducer: Reducer<IssueState> = {
  type: ISSUE_TYPE,
  init: (root, ctx) => {
    const actions = parseAll(root)
    if (typeof actions === 'string') return actions
    const title = actions.find(a => a.type === 'edit')
    const body = actions.find(a => a.type === 'comment')
    if (title == null || body == null || body.replyTo != null) return 'an issue opens with a title and a description'
    const s: IssueState = { id: root.id, title: '', author: root.author, at: root.at, status: { status: 'open' }, labels: [], assignees: [], comments: [], links: [], timeline: [{ kind: 'opened', by: root.author, at: root.at, change: root.id }], lastActivity: root.at }
    const why = checkChange(s, actions, root, ctx)
    if (why != null) return why
    for (const a of actions) applyOne(s, a, root, ctx)
    return s
  },
  check: (s, c, ctx) => {
    const actions = parseAll(c)
    if (typeof actions === 'string') return actions
    return checkChange(s, actions, c, ctx)
  },
  apply: (s, c, ctx) => {
    for (const a of parseAll(c) as IssueAction[]) applyOne(s, a, c, ctx)
  }
}

export function summarizeIssue (s: IssueState): IssueSummary {
  return { id: s.id, title: s.title, author: s.author, at: s.at, lastActivity: s.lastActivity, status: s.status, labels: [...s.labels], assignees: [...s.assignees], comments: Math.max(0, s.comments.length - 1) }
}

/** A one-line summary of a change for `git log`. */
export function issueChangeSummary (actions: IssueAction[]): string {
  const first = actions[0]
  if (first == null) return 'Change issue'
  const title = actions.find(a => a.type === 'edit')
  if (actions.some(a => a.type === 'comment') && title != null) return `Open issue: ${title.title}`
  switch (first.type) {
    case 'comment': return first.replyTo != null ? 'Reply to a comment' : 'Comment on issue'
    case 'comment.edit': return 'Edit a comment'
    case 'comment.redact': return 'Redact a comment'
    case 'comment.react': return `${first.active ? 'React' : 'Withdraw a reaction'} ${first.reaction}`
    case 'edit': return `Retitle issue: ${first.title}`
    case 'lifecycle': return first.state === 'closed' ? `Close issue as ${first.reason}` : 'Reopen issue'
    case 'label': return `Label issue${first.add.length > 0 ? ' +' + first.add.join(' +') : ''}${first.remove.length > 0 ? ' -' + first.remove.join(' -') : ''}`
    case 'assign': return 'Assign issue'
    case 'link': return `Link issue (${first.rel} ${first.to.slice(0, 7)})`
  }
}
