// The branches or tags page: a filter, each ref's last commit, ahead and behind the default branch.
// (a placeholder, being built)
import type { GutsApp, RepoRecord } from '../../app/types.js'

export function RefsView (_props: { app: GutsApp, record: RepoRecord, kind: 'branches' | 'tags' }) {
  return <section class='card muted'>Not built yet.</section>
}
