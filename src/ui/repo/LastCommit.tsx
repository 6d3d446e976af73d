import { relativeTime } from '../../render/time.js'
import { useAsync } from '../hooks.js'
import { shortOid, subject } from './format.js'
import { commitLink } from './links.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'

export function LastCommit ({ app, record, oid }: { app: GutsApp, record: RepoRecord, oid: string }) {
  const c = useAsync(async () => app.repos.lastCommit(record, oid), [record.rid, oid])
  if (c.value == null) return null
  return (
    <div class='last-commit muted small'>
      <b>{c.value.author.name}</b> <a href={commitLink(record.rid, oid)}>{subject(c.value.message)}</a> · <code>{shortOid(oid)}</code> · {relativeTime(c.value.author.timestamp * 1000, Date.now())}
    </div>
  )
}
