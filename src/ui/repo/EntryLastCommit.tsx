// The tree view's "last commit" cells for one entry: the subject of the last
// commit that touched it, and when. Empty until the answer arrives: the
// listing is shown first and never waits for the history walk.
import { relativeTime } from '../../render/time.js'
import { subject } from './format.js'
import { commitLink } from './links.js'
import type { CommitSummary } from '../../app/types.js'

/** longer subjects are cut here (the full one is the link's title) */
const MAX_SUBJECT = 72

export function truncate (s: string, max = MAX_SUBJECT): string {
  const chars = [...s]
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`
}

export function EntryLastCommit ({ rid, commit, now }: { rid: string, commit: CommitSummary | undefined, now: number }) {
  if (commit == null) return <><td class='muted small last-subject' /><td class='muted small last-when' /></>
  const line = subject(commit.message)
  const when = commit.author.timestamp * 1000
  return (
    <>
      <td class='muted small last-subject' data-testid='entry-last-commit'><a class='muted' href={commitLink(rid, commit.oid)} title={line}>{truncate(line)}</a></td>
      <td class='muted small last-when' title={new Date(when).toISOString()}>{relativeTime(when, now)}</td>
    </>
  )
}
