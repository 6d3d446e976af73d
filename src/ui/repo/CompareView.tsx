// Compare two branches, tags or commits (`<base>...<head>`): the commits between them and the diff.
// (a placeholder, being built)
import type { GutsApp, RepoRecord } from '../../app/types.js'

export function CompareView (_props: { app: GutsApp, record: RepoRecord, spec: string }) {
  return <section class='card muted'>Not built yet.</section>
}
