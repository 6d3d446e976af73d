// The app handle's side of patches and review (patch-queries-api.ts says
// what each call does): the list and a patch evaluated through the object
// engine (cached like issues), what the code says of them (patch-code.ts),
// and every action as a signed change under this tab's own namespace
// (refs/cobs/guts.patch/<id>), published at once. A merge moves the target
// branch and records itself in one signed step. Mixed into Repositories.
import { PATCH_TYPE, patchChangeSummary, patchReducer, summarizePatch } from '../core/cob/patch.js'
import { codeRefsOf } from '../core/ref-names.js'
import { CobObjects } from '../repo/cob-index.js'
import { MemoryCobCache } from '../repo/cob-cache.js'
import { writeChange } from '../repo/cob-write.js'
import { EditError, NotADelegateError } from '../repo/errors.js'
import { delegatesOf, namespaceOf, refsOf } from '../repo/repo-index.js'
import { codeReader, meeting, mergedInfo, revisionCommits } from './patch-code.js'
import { anchorLocation, placeComments } from './patch-anchors.js'
import { compareRevisionsOf } from './patch-compare.js'
import { genuineMerge, mergeCommit, MergeConflictError, planFor } from './patch-merge.js'
import type { PatchSummaryBase } from '../core/cob/patch.js'
import type { PatchComment, PatchState } from '../core/cob/patch-types.js'
import type { CobCache } from '../repo/cob-cache.js'
import type { RepoRecord } from '../repo/repo-index.js'
import type { Repos } from '../repo/repos.js'
import type { ChangeInput, ChangeMaker } from '../repo/cob-write.js'
import type { PatchQueries } from './patch-queries-api.js'
import type { PatchSummary, PatchView, ProposableBranch } from './patch-api-types.js'

export type { PatchQueries } from './patch-queries-api.js'
export { MergeConflictError } from './patch-merge.js'

type Action = Record<string, unknown>

export function patchQueries (repos: Repos, changed: (rid: string) => void, cache: CobCache = new MemoryCobCache()): PatchQueries {
  const objects = new CobObjects<PatchState, PatchSummaryBase>({ type: PATCH_TYPE, reducer: patchReducer, summarize: summarizePatch, cache })
  const code = (record: RepoRecord): ReturnType<typeof codeReader> => codeReader(repos, record.rid)
  const write = async (record: RepoRecord, input: ChangeInput | ChangeMaker): Promise<string> => {
    const oid = await writeChange(repos, record.rid, objects, patchReducer, code(record).read, input)
    changed(record.rid)
    return oid
  }
  const act = async (record: RepoRecord, id: string, actions: Action[], related?: string[]): Promise<string> =>
    await write(record, { id, actions, summary: patchChangeSummary(actions), ...(related != null ? { related } : {}) })

  const stateOf = async (record: RepoRecord, id: string): Promise<PatchState> => {
    const res = await objects.object(record, code(record).read, id)
    if (res?.evaluation.state == null) throw new EditError(`this browser holds no patch ${id}`)
    return res.evaluation.state
  }

  /** this tab's branches: its fork's, or (a delegate without one) the repository's own */
  const myBranches = (record: RepoRecord): Record<string, string> => {
    const own = codeRefsOf(namespaceOf(record, repos.peerId)?.refs ?? {})
    const delegate = delegatesOf(record).includes(repos.peerId)
    const refs = Object.keys(own).length > 0 ? own : delegate ? codeRefsOf(refsOf(record)) : {}
    return Object.fromEntries(Object.entries(refs).filter(([r]) => r.startsWith('refs/heads/')).map(([r, oid]) => [r.slice('refs/heads/'.length), oid]))
  }
  const targetHead = (record: RepoRecord, target: string): string | undefined => refsOf(record)[`refs/heads/${target}`]
  /** where this tab's merge goes: a delegate's own branch (which may be ahead of the canonical one: with a threshold above one, or delegates apart), else the canonical */
  const ownTarget = (record: RepoRecord, target: string): string | undefined => {
    const own = delegatesOf(record).includes(repos.peerId) ? codeRefsOf(namespaceOf(record, repos.peerId)?.refs ?? {})[`refs/heads/${target}`] : undefined
    return own ?? targetHead(record, target)
  }

  const proposable = async (record: RepoRecord, target = record.defaultBranch): Promise<ProposableBranch[]> => {
    const head = targetHead(record, target)
    const delegate = delegatesOf(record).includes(repos.peerId) && namespaceOf(record, repos.peerId) == null
    const c = code(record)
    const out: ProposableBranch[] = []
    for (const [branch, oid] of Object.entries(myBranches(record))) {
      // a delegate's own target branch is the target itself
      if (branch === target && (delegate || oid === head)) continue
      out.push({ branch, head: oid, ahead: head == null ? 0 : (await meeting(c, head, oid)).ahead })
    }
    return out.sort((a, b) => Number(b.ahead > 0) - Number(a.ahead > 0) || (a.branch < b.branch ? -1 : 1))
  }

  /** the revision action for `head`, based where it leaves the target */
  const revisionFor = async (record: RepoRecord, target: string, head: string, description: string, branch?: string): Promise<{ action: Action, related: string[] }> => {
    const t = targetHead(record, target)
    if (t == null) throw new EditError(`this repository has no branch ${target}`)
    const m = await meeting(code(record), t, head)
    if (m.ahead === 0) throw new EditError(`nothing to propose: ${branch ?? head.slice(0, 12)} has no commits that ${target} lacks`)
    return { action: { type: 'revision', base: m.base, oid: head, description, ...(branch != null ? { branch } : {}) }, related: [m.base, head] }
  }

  /** a comment's thread: the revision's discussion or a review's inline comments */
  const findComment = (s: PatchState, comment: string): { scope: 'revision' | 'review', of: string, c: PatchComment } => {
    for (const r of s.revisions) {
      const c = r.comments.find(x => x.id === comment)
      if (c != null) return { scope: 'revision', of: r.id, c }
      for (const v of Object.values(r.reviews)) {
        const d = v.comments.find(x => x.id === comment)
        if (d != null) return { scope: 'review', of: v.id, c: d }
      }
    }
    throw new EditError(`this patch has no comment ${comment}`)
  }
  const onComment = async (record: RepoRecord, id: string, comment: string, verb: string, extra: Action = {}): Promise<void> => {
    const f = findComment(await stateOf(record, id), comment)
    await act(record, id, [{ type: `${f.scope}.comment${verb}`, [f.scope]: f.of, id: comment, ...extra }])
  }
  const revisionOf = (s: PatchState, revision: string | undefined): PatchState['revisions'][number] => {
    const live = s.revisions.filter(r => r.redacted !== true)
    const r = revision == null ? live.at(-1) : s.revisions.find(x => x.id === revision)
    if (r == null) throw new EditError(`this patch has no revision ${revision ?? ''}`)
    return r
  }

  const summaryOf = async (record: RepoRecord, s: PatchSummaryBase): Promise<PatchSummary> => {
    const merged = await mergedInfo(record, code(record), s)
    const { latest: _l, revs: _r, merges: _m, ...rest } = s
    return { ...rest, status: merged != null ? 'merged' : s.status }
  }

  return {
    patches: {
      list: async (record, opts = {}) => {
        const { entries, pending } = await objects.list(record, code(record).read, opts)
        const patches: PatchSummary[] = []
        for (const e of entries) patches.push(await summaryOf(record, e.summary))
        patches.sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1))
        return { patches, labels: [...new Set(patches.flatMap(p => p.labels))].sort(), pending }
      },
      get: async (record, id, opts = {}) => {
        const res = await objects.object(record, code(record).read, id)
        const state = res?.evaluation.state
        if (res == null || state == null) return undefined
        const revs = state.revisions.map(r => ({ id: r.id, oid: r.oid, author: r.author }))
        const merged = await mergedInfo(record, code(record), { target: state.target, author: state.author, merges: state.merges, revs }, opts)
        const moderator = delegatesOf(record).includes(repos.peerId)
        const head = targetHead(record, state.target)
        const view: PatchView = {
          ...state,
          shown: merged != null ? 'merged' : state.status,
          ...(merged != null ? { merged } : {}),
          ...(head != null ? { targetHead: head } : {}),
          moderator,
          canManage: moderator || state.author === repos.peerId,
          me: repos.peerId,
          dropped: res.evaluation.dropped.map(d => ({ ...d }))
        }
        return view
      },
      commits: async (record, id, revision, opts = {}) => {
        const r = revisionOf(await stateOf(record, id), revision)
        return await revisionCommits(code(record), r.base, r.oid, opts)
      },
      inlineComments: async (record, id, revision, opts = {}) => await placeComments(repos, record, await stateOf(record, id), revision, opts),
      compare: async (record, id, from, to, opts = {}) => {
        const s = await stateOf(record, id)
        return await compareRevisionsOf(repos, record, code(record), revisionOf(s, from), revisionOf(s, to), opts)
      },
      mergePlan: async (record, id, revision, opts = {}) => {
        const s = await stateOf(record, id)
        const r = revisionOf(s, revision)
        const t = ownTarget(record, s.target)
        if (t == null) throw new EditError(`this repository has no branch ${s.target}`)
        return await planFor(repos, record, code(record), t, r.oid, opts)
      },
      proposable: async (record, target) => await proposable(record, target),

      open: async (record, input) => {
        const target = input.target ?? record.defaultBranch
        const head = myBranches(record)[input.branch]
        if (head == null) throw new EditError(`you have no branch ${input.branch} to propose`)
        const { action, related } = await revisionFor(record, target, head, input.description, input.branch)
        const actions: Action[] = [{ type: 'edit', title: input.title.trim(), target }, action]
        if (input.draft === true) actions.push({ type: 'lifecycle', state: 'draft' })
        return await write(record, { actions, summary: patchChangeSummary(actions), related })
      },
      revise: async (record, id, input) => {
        const s = await stateOf(record, id)
        const latest = revisionOf(s, undefined)
        const mine = s.revisions.filter(r => r.author === repos.peerId && r.branch != null).at(-1)
        const branch = input.branch ?? mine?.branch
        const head = input.head ?? (branch != null ? myBranches(record)[branch] : undefined)
        if (head == null) throw new EditError(branch != null ? `you have no branch ${branch}` : 'name the branch or commit of the new revision')
        if (head === latest.oid) throw new EditError(`nothing new: the latest revision is already at ${branch ?? head.slice(0, 12)}`)
        const { action, related } = await revisionFor(record, s.target, head, input.description, branch)
        return await act(record, id, [action], related)
      },
      comment: async (record, id, input) => {
        const s = await stateOf(record, id)
        const location = input.location != null ? await anchorLocation(repos, record, revisionOf(s, input.revision), input.location) : undefined
        return await act(record, id, [{ type: 'revision.comment', revision: input.revision, body: input.body, ...(location != null ? { location } : {}), ...(input.replyTo != null ? { replyTo: input.replyTo } : {}) }])
      },
      replyToReview: async (record, id, input) => await act(record, id, [{ type: 'review.comment', review: input.review, body: input.body, replyTo: input.replyTo }]),
      review: async (record, id, input) => {
        const summary = input.summary?.trim() ?? ''
        if (input.verdict == null && summary === '' && input.comments.length === 0) throw new EditError('a review needs a verdict, a summary or a comment')
        const s = await stateOf(record, id)
        const r = revisionOf(s, input.revision)
        const comments = []
        for (const c of input.comments) comments.push({ body: c.body, location: await anchorLocation(repos, record, r, c.location) })
        return await act(record, id, [{ type: 'review', revision: r.id, ...(input.verdict != null ? { verdict: input.verdict } : {}), ...(summary !== '' ? { summary } : {}), ...(comments.length > 0 ? { comments } : {}) }])
      },
      editReview: async (record, id, review, change) => { await act(record, id, [{ type: 'review.edit', review, ...change }]) },
      editComment: async (record, id, comment, body) => { await onComment(record, id, comment, '.edit', { body }) },
      redactComment: async (record, id, comment) => { await onComment(record, id, comment, '.redact') },
      react: async (record, id, comment, reaction, active) => { await onComment(record, id, comment, '.react', { reaction, active }) },
      resolve: async (record, id, comment, resolved) => {
        const f = findComment(await stateOf(record, id), comment)
        if (f.scope !== 'review') throw new EditError('only a review\'s inline comments are resolved')
        await act(record, id, [{ type: `review.comment.${resolved ? 'resolve' : 'unresolve'}`, review: f.of, id: comment }])
      },
      edit: async (record, id, change) => {
        const a: Action = { type: 'edit' }
        if (change.title != null) a.title = change.title.trim()
        if (change.target != null) a.target = change.target.trim()
        await act(record, id, [a])
      },
      setStatus: async (record, id, status) => { await act(record, id, [{ type: 'lifecycle', state: status }]) },
      label: async (record, id, change) => { await act(record, id, [{ type: 'label', add: clean(change.add), remove: clean(change.remove) }]) },
      assign: async (record, id, change) => { await act(record, id, [{ type: 'assign', add: clean(change.add), remove: clean(change.remove) }]) },
      merge: async (record, id, revision, expect = {}) => {
        let made = ''
        await write(record, async (now, commit) => {
          // planned again under the lock, on the target as it is now
          if (!delegatesOf(now).includes(repos.peerId)) throw new NotADelegateError('only a delegate may merge a patch')
          const s = await stateOf(now, id)
          const r = revisionOf(s, revision)
          if (r.redacted === true) throw new EditError('that revision was redacted by its author: merge another')
          const ours = ownTarget(now, s.target)
          if (ours == null) throw new EditError(`this repository has no branch ${s.target}`)
          // what the page showed must still hold: anyone may add a revision, and the author may retarget
          if (expect.targetHead != null && expect.targetHead !== ours) throw new EditError(`${s.target} moved since the merge was planned: check the plan again`)
          if (expect.target != null && expect.target !== s.target) throw new EditError(`the patch now targets ${s.target}, not ${expect.target}: check the plan again`)
          const c = code(now)
          // with a threshold above one, a second delegate takes the merge another made (a fast-forward to it), so their branches agree: only a merge that is what this tab would make of the revision
          let adopted: string | undefined
          for (const m of s.merges) {
            if (m.revision !== r.id || m.by === repos.peerId || !delegatesOf(now).includes(m.by)) continue
            if (await genuineMerge(repos, now, c, m.commit, r.oid, ours)) { adopted = m.commit; break }
          }
          if (adopted != null) {
            made = adopted
          } else {
            const plan = await planFor(repos, now, c, ours, r.oid, { write: true })
            if (plan.kind === 'conflict') throw new MergeConflictError(plan.conflicts, plan.reason)
            made = plan.kind === 'up-to-date' ? ours : plan.kind === 'fast-forward' ? r.oid : await mergeCommit(commit, plan.tree!, ours, r.oid, s)
          }
          const actions = [{ type: 'merge', revision: r.id, commit: made }]
          return { id, actions, summary: patchChangeSummary(actions), related: [made], ...(made !== ours ? { code: { [`refs/heads/${s.target}`]: made } } : {}) }
        })
        return made
      }
    }
  }
}

const clean = (xs: string[] | undefined): string[] => [...new Set((xs ?? []).map(x => x.trim()).filter(x => x !== ''))]
