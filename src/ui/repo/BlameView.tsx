// Blame: which commit last changed each line of a file.
// (a placeholder, being built)
import type { GutsApp, RepoRecord } from '../../app/types.js'

export function BlameView (_props: { app: GutsApp, record: RepoRecord, rev: string, path: string }) {
  return <section class='card muted'>Not built yet.</section>
}
