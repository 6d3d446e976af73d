// One timeline event between comments, in a line, as GitHub draws them:
// "you added bug · 2 minutes ago".
import { relativeTime } from '../../render/time.js'
import { ClosedIcon, EraseIcon, LinkedIcon, PencilIcon, PersonIcon, ReopenIcon, TagIcon } from './IssueIcons.js'
import { IssueLabel } from './IssueLabel.js'
import { IssueLinkTarget } from './IssueLinkTarget.js'
import { CLOSED_AS, whoWords } from './issue-words.js'
import type { IssueSummary, RepoRecord, TimelineEvent } from '../../app/types.js'

export function IssueEventLine ({ record, event: e, me, now, known }: { record: RepoRecord, event: TimelineEvent, me: string, now: number, known: ReadonlyMap<string, IssueSummary> }) {
  const who = <span class='issue-who' title={e.by}>{whoWords(e.by, me)}</span>
  const peers = (list: string[]) => list.map((p, i) => <span key={p}>{i > 0 && ', '}<code title={p}>{whoWords(p, me)}</code></span>)
  let what
  let icon
  switch (e.kind) {
    case 'label':
      icon = <TagIcon />
      what = <>{e.add.length > 0 && <>added {e.add.map(l => <IssueLabel key={l} rid={record.rid} name={l} />)}</>}{e.add.length > 0 && e.remove.length > 0 && ' and '}{e.remove.length > 0 && <>removed {e.remove.map(l => <IssueLabel key={l} rid={record.rid} name={l} />)}</>}</>
      break
    case 'assign':
      icon = <PersonIcon />
      what = <>{e.add.length > 0 && <>assigned {peers(e.add)}</>}{e.add.length > 0 && e.remove.length > 0 && ' and '}{e.remove.length > 0 && <>unassigned {peers(e.remove)}</>}</>
      break
    case 'closed': icon = <ClosedIcon />; what = <>closed this as <strong>{CLOSED_AS[e.reason]}</strong></>; break
    case 'reopened': icon = <ReopenIcon />; what = <>reopened this</>; break
    case 'title': icon = <PencilIcon />; what = <>changed the title to <strong>{e.title}</strong></>; break
    case 'link': icon = <LinkedIcon />; what = <>linked this: {e.rel === 'relates' ? 'relates to' : e.rel} <IssueLinkTarget record={record} to={e.to} known={known} /></>; break
    case 'redact': icon = <EraseIcon />; what = <>redacted a comment</>; break
    default: return null
  }
  return (
    <div class={`issue-event issue-event-${e.kind}`} data-testid='issue-event' data-kind={e.kind}>
      <span class='issue-event-icon' aria-hidden='true'>{icon}</span>
      <span>{who} {what} <span class='muted'>· {relativeTime(e.at, now)}</span></span>
    </div>
  )
}
