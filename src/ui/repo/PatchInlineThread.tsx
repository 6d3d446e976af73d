// A comment on lines of a patch with its replies: where it is (file:line,
// a link to it in the Files tab), optionally the lines themselves, the
// comment and replies, a reply box, and resolve / unresolve. A resolved
// thread starts collapsed; an outdated one says which revision it was made on.
import { useState } from 'preact/hooks'
import { useAsync } from '../hooks.js'
import { useAction } from './issue-action.js'
import { PatchCommentCard } from './PatchCommentCard.js'
import { excerptLines, locationWords } from './patch-lines.js'
import { whoWords } from './issue-words.js'
import { patchLink } from './links.js'
import type { AnchorStatus, CodeLocation, GutsApp, PatchComment, PatchView, RepoRecord } from '../../app/types.js'

export interface InlineThreadProps {
  app: GutsApp
  record: RepoRecord
  patch: PatchView
  root: PatchComment
  replies: PatchComment[]
  location: CodeLocation
  status: AnchorStatus
  /** the revision it was made on: its id and number */
  madeOn: string
  madeOnNumber: number
  /** the review it belongs to; undefined: the revision's discussion */
  review?: string
  now: number
  /** show the lines it is on (the conversation does; the Files tab has them above) */
  excerpt?: boolean
}

export function PatchInlineThread ({ app, record, patch, root, replies, location, status, madeOn, madeOnNumber, review, now, excerpt }: InlineThreadProps) {
  const resolved = root.resolved
  // folded whenever it becomes resolved (here or by a peer), open when unresolved; the reader's toggle in between
  const [choice, setChoice] = useState<{ resolved: boolean, open: boolean } | undefined>()
  const open = choice != null && choice.resolved === (resolved != null) ? choice.open : resolved == null
  const setOpen = (o: boolean): void => setChoice({ resolved: resolved != null, open: o })
  const act = useAction()
  const reply = async (body: string): Promise<unknown> => review != null
    ? await app.repos.patches.replyToReview(record, patch.id, { review, body, replyTo: root.id })
    : await app.repos.patches.comment(record, patch.id, { revision: madeOn, body, replyTo: root.id })
  const where = <a href={patchLink(record.rid, patch.id, { rev: madeOnNumber, tab: 'files' })} class='patch-thread-where'><code>{locationWords(location)}</code></a>
  return (
    <div class={`patch-thread status-${status}${resolved != null ? ' resolved' : ''}`} data-testid='inline-comment' data-status={status} data-path={location.path} data-comment={root.id}>
      <div class='patch-thread-head small'>
        {where}
        {status === 'outdated' && <span class='tag' data-testid='outdated'>outdated — made on revision {madeOnNumber}</span>}
        {status === 'moved' && <span class='tag'>moved</span>}
        {resolved != null && <span class='muted'>resolved by {whoWords(resolved.by, patch.me)}</span>}
        <span class='patch-thread-tools'>
          {resolved != null && <button type='button' class='link' onClick={() => setOpen(!open)} aria-expanded={open} data-testid='toggle-thread'>{open ? 'Hide' : `Show (${1 + replies.length})`}</button>}
          {review != null && (root.author === patch.me || patch.author === patch.me || patch.moderator) && <button type='button' class='link' disabled={act.busy} onClick={() => { void act.run(async () => app.repos.patches.resolve(record, patch.id, root.id, resolved == null)) }} data-testid={resolved == null ? 'resolve-thread' : 'unresolve-thread'}>{resolved == null ? 'Resolve' : 'Unresolve'}</button>}
        </span>
      </div>
      {act.error != null && <p class='error-text small' role='alert'>{act.error}</p>}
      {open && (
        <>
          {excerpt === true && <PatchExcerpt app={app} record={record} patch={patch} location={location} madeOn={madeOn} />}
          <PatchCommentCard app={app} record={record} patch={patch} comment={root} depth={0} now={now} reply={reply} testid='inline-comment-card' />
          {replies.map(r => <PatchCommentCard key={r.id} app={app} record={record} patch={patch} comment={r} depth={1} now={now} reply={reply} testid='inline-reply' />)}
        </>
      )}
    </div>
  )
}

/** The lines a comment is on, as its revision's diff shows them (base..the commit it names). */
export function PatchExcerpt ({ app, record, patch, location, madeOn }: { app: GutsApp, record: RepoRecord, patch: PatchView, location: CodeLocation, madeOn: string }) {
  const base = patch.revisions.find(r => r.id === madeOn)?.base
  const lines = useAsync(async () => {
    if (base == null) return []
    const list = await app.repos.diffListBetween(record, base, location.commit)
    const delta = list.deltas.find(d => d.path === location.path)
    if (delta == null) return []
    const body = await app.repos.fileDiff(record, delta)
    return excerptLines(body.diff, location)
  }, [record.rid, base, location.commit, location.path, location.new?.[0], location.new?.[1], location.old?.[0], location.old?.[1]])
  if (lines.value == null || lines.value.length === 0) return null
  return (
    <div class='code-scroll patch-excerpt' data-testid='inline-excerpt'>
      <table class='code diff-table'>
        <tbody>
          {lines.value.map((l, i) => (
            <tr key={i} class={`line-${l.kind}`}>
              <td class='ln'>{l.oldNo ?? ''}</td>
              <td class='ln'>{l.newNo ?? ''}</td>
              <td class='src'><span class='sign'>{l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' '}</span><code>{l.text}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
