import { relativeTime } from '../../render/time.js'
import { shortOid, subject } from './format.js'
import { commitLink } from './links.js'
import type { CommitSummary } from '../../app/types.js'

/** The commit that last touched the folder (not the branch tip); nothing until it is known. */
export function LastCommit ({ rid, commit }: { rid: string, commit: CommitSummary | undefined }) {
  if (commit == null) return <div class='last-commit muted small'>&nbsp;</div>
  return (
    <div class='last-commit muted small' data-testid='folder-last-commit'>
      <b>{commit.author.name}</b> <a href={commitLink(rid, commit.oid)}>{subject(commit.message)}</a> · <code>{shortOid(commit.oid)}</code> · {relativeTime(commit.author.timestamp * 1000, Date.now())}
    </div>
  )
}
