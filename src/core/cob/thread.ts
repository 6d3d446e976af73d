// A thread of comments, as issues and patches (a revision's discussion, a
// review's inline comments) have them: who may add, edit, redact, react to,
// resolve and unresolve a comment, and what each does. Shared so the rules
// are the same everywhere: anyone comments and reacts; a comment's author
// edits it; its author or a delegate redacts it (a delegate never edits
// someone else's); resolving is for the comment's author, the object's
// author, or a delegate.
import type { IssueComment, Reaction } from './issue-types.js'

export type CommentOp =
  | { op: 'add', body: string, replyTo?: string }
  | { op: 'edit', id: string, body: string }
  | { op: 'redact', id: string }
  | { op: 'react', id: string, reaction: Reaction, active: boolean }
  | { op: 'resolve' | 'unresolve', id: string }

export interface CommentActor {
  /** the change's author */
  author: string
  delegate: boolean
  /** the author of the object the thread belongs to */
  owner: string
  /** the comment a new one becomes (the change's id) */
  change: string
  at: number
}

export type ThreadComment = IssueComment & { resolved?: { by: string, at: number } }

const find = <C extends IssueComment>(comments: readonly C[], id: string): C | undefined => comments.find(x => x.id === id)

/** Why `op` may not be applied to `comments` (undefined: it may); `max`: comments a thread holds at most. */
export function refuseComment (comments: readonly ThreadComment[], o: CommentOp, who: CommentActor, max: number, thread = 'the issue'): string | undefined {
  if (o.op === 'add') {
    if (comments.length >= max) return `${thread} holds at most ${max} comments`
    if (o.replyTo != null && find(comments, o.replyTo) == null) return `it replies to a comment ${thread} does not have`
    return undefined
  }
  const target = find(comments, o.id)
  const verb = { edit: 'edits', redact: 'redacts', react: 'reacts to', resolve: 'resolves', unresolve: 'unresolves' }[o.op]
  if (target == null) return `it ${verb} a comment ${thread} does not have`
  switch (o.op) {
    case 'edit':
      if (target.author !== who.author) return 'only a comment\'s author may edit it'
      if (target.redacted != null) return 'it edits a redacted comment'
      return undefined
    case 'redact':
      return target.author !== who.author && !who.delegate ? 'only a comment\'s author or a delegate may redact it' : undefined
    case 'react':
      return undefined
    case 'resolve':
    case 'unresolve':
      return target.author !== who.author && who.owner !== who.author && !who.delegate ? 'only the comment\'s author, the author of what it is on, or a delegate may resolve it' : undefined
  }
}

/** Applies `op` (refuseComment said yes); the comment changed or added. */
export function applyComment<C extends ThreadComment> (comments: C[], o: CommentOp, who: CommentActor, extra: Partial<C> = {}): C {
  const { author: by, at } = who
  if (o.op === 'add') {
    const c = { id: who.change, author: by, body: o.body, at, ...(o.replyTo != null ? { replyTo: o.replyTo } : {}), edits: [{ body: o.body, at, change: who.change }], reactions: {}, ...extra } as C
    comments.push(c)
    return c
  }
  const t = find(comments, o.id)!
  switch (o.op) {
    case 'edit':
      t.body = o.body
      t.edits.push({ body: o.body, at, change: who.change })
      break
    case 'redact':
      t.body = ''
      t.edits = []
      t.redacted = { by, at }
      break
    case 'react': {
      const people = (t.reactions[o.reaction] ?? []).filter(p => p !== by)
      if (o.active) people.push(by)
      if (people.length > 0) t.reactions[o.reaction] = people
      else delete t.reactions[o.reaction]
      break
    }
    case 'resolve':
      t.resolved = { by, at }
      break
    case 'unresolve':
      delete t.resolved
      break
  }
  return t
}
