// The app handle's side of issues: the list (evaluated incrementally, cached
// in IndexedDB), one issue's thread, and every action a person takes on one.
// Each action is a signed change commit under this tab's own namespace
// (refs/cobs/guts.issue/<id>), published like a commit: peers and relays
// hear of it at once. Mixed into Repositories (repositories.ts).
import { ISSUE_TYPE, issueChangeSummary, issueReducer, summarizeIssue } from '../core/cob/issue.js'
import { CobObjects } from '../repo/cob-index.js'
import { MemoryCobCache } from '../repo/cob-cache.js'
import { writeChange } from '../repo/cob-write.js'
import { delegatesOf } from '../repo/repo-index.js'
import { objectReader } from './diff-object-store.js'
import type { IssueAction } from '../core/cob/issue.js'
import type { CloseReason, IssueState, IssueSummary, LinkRel, Reaction } from '../core/cob/issue-types.js'
import type { CobCache } from '../repo/cob-cache.js'
import type { RepoRecord } from '../repo/repo-index.js'
import type { Repos } from '../repo/repos.js'

export type { CloseReason, IssueComment, IssueLink, IssueState, IssueStatus, IssueSummary, LinkRel, Reaction, TimelineEvent } from '../core/cob/issue-types.js'
export { CLOSE_REASONS, LINK_RELS, REACTIONS } from '../core/cob/issue-types.js'

export interface IssueList {
  /** every issue held, newest first */
  issues: IssueSummary[]
  /** every label in use, sorted */
  labels: string[]
  /** issues whose changes could not all be read yet (objects still arriving), not in `issues` */
  pending: number
}

export interface IssueView extends IssueState {
  /** this tab may label, assign and redact others' comments: a delegate */
  moderator: boolean
  /** this tab may edit the title and close or reopen: the author or a delegate */
  canManage: boolean
  /** this tab's PeerId, so a view can tell its own comments */
  me: string
  /** changes held but dropped (forged, unauthorised, malformed), with why, for the curious */
  dropped: Array<{ change: string, reason: string }>
}

export interface NewIssueInput { title: string, body: string, labels?: string[], assignees?: string[] }

export interface IssueQueries {
  issues: {
    list: (record: RepoRecord, opts?: { signal?: AbortSignal }) => Promise<IssueList>
    /** undefined when this tab holds no issue `id` (or its opening change is invalid) */
    get: (record: RepoRecord, id: string, opts?: { signal?: AbortSignal }) => Promise<IssueView | undefined>
    /** opens an issue; its id */
    open: (record: RepoRecord, input: NewIssueInput) => Promise<string>
    /** a comment (a reply when replyTo is a comment's id); the comment's id */
    comment: (record: RepoRecord, id: string, input: { body: string, replyTo?: string }) => Promise<string>
    editComment: (record: RepoRecord, id: string, comment: string, body: string) => Promise<void>
    redactComment: (record: RepoRecord, id: string, comment: string) => Promise<void>
    react: (record: RepoRecord, id: string, comment: string, reaction: Reaction, active: boolean) => Promise<void>
    editTitle: (record: RepoRecord, id: string, title: string) => Promise<void>
    close: (record: RepoRecord, id: string, reason: CloseReason) => Promise<void>
    reopen: (record: RepoRecord, id: string) => Promise<void>
    label: (record: RepoRecord, id: string, change: { add?: string[], remove?: string[] }) => Promise<void>
    assign: (record: RepoRecord, id: string, change: { add?: string[], remove?: string[] }) => Promise<void>
    link: (record: RepoRecord, id: string, to: string, rel: LinkRel) => Promise<void>
  }
}

/** The issues of every repository, evaluated through `cache` (the tab's IndexedDB; memory elsewhere). */
export function issueQueries (repos: Repos, changed: (rid: string) => void, cache: CobCache = new MemoryCobCache()): IssueQueries {
  const objects = new CobObjects<IssueState, IssueSummary>({ type: ISSUE_TYPE, reducer: issueReducer, summarize: summarizeIssue, cache })
  const act = async (record: RepoRecord, id: string | undefined, actions: IssueAction[]): Promise<string> => {
    const oid = await writeChange(repos, record.rid, objects, issueReducer, objectReader(repos, record.rid), { id, actions, summary: issueChangeSummary(actions) })
    changed(record.rid)
    return oid
  }
  const clean = (xs: string[] | undefined): string[] => [...new Set((xs ?? []).map(x => x.trim()).filter(x => x !== ''))]
  return {
    issues: {
      list: async (record, opts = {}) => {
        const { entries, pending } = await objects.list(record, objectReader(repos, record.rid), opts)
        const issues = entries.map(e => e.summary).sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1))
        const labels = [...new Set(issues.flatMap(i => i.labels))].sort()
        return { issues, labels, pending }
      },
      get: async (record, id) => {
        const res = await objects.object(record, objectReader(repos, record.rid), id)
        const state = res?.evaluation.state
        if (res == null || state == null) return undefined
        const moderator = delegatesOf(record).includes(repos.peerId)
        return { ...state, moderator, canManage: moderator || state.author === repos.peerId, me: repos.peerId, dropped: res.evaluation.dropped.map(d => ({ ...d })) }
      },
      open: async (record, input) => {
        const actions: IssueAction[] = [{ type: 'edit', title: input.title.trim() }, { type: 'comment', body: input.body }]
        const labels = clean(input.labels)
        const assignees = clean(input.assignees)
        if (labels.length > 0) actions.push({ type: 'label', add: labels, remove: [] })
        if (assignees.length > 0) actions.push({ type: 'assign', add: assignees, remove: [] })
        return await act(record, undefined, actions)
      },
      comment: async (record, id, input) => await act(record, id, [{ type: 'comment', body: input.body, ...(input.replyTo != null ? { replyTo: input.replyTo } : {}) }]),
      editComment: async (record, id, comment, body) => { await act(record, id, [{ type: 'comment.edit', id: comment, body }]) },
      redactComment: async (record, id, comment) => { await act(record, id, [{ type: 'comment.redact', id: comment }]) },
      react: async (record, id, comment, reaction, active) => { await act(record, id, [{ type: 'comment.react', id: comment, reaction, active }]) },
      editTitle: async (record, id, title) => { await act(record, id, [{ type: 'edit', title: title.trim() }]) },
      close: async (record, id, reason) => { await act(record, id, [{ type: 'lifecycle', state: 'closed', reason }]) },
      reopen: async (record, id) => { await act(record, id, [{ type: 'lifecycle', state: 'open' }]) },
      label: async (record, id, change) => { await act(record, id, [{ type: 'label', add: clean(change.add), remove: clean(change.remove) }]) },
      assign: async (record, id, change) => { await act(record, id, [{ type: 'assign', add: clean(change.add), remove: clean(change.remove) }]) },
      link: async (record, id, to, rel) => { await act(record, id, [{ type: 'link', to: to.trim().toLowerCase(), rel }]) }
    }
  }
}
