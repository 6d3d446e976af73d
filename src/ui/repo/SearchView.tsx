// Search the contents of the files of a tree.
// (a placeholder, being built)
import type { GutsApp, RepoRecord } from '../../app/types.js'

export function SearchView (_props: { app: GutsApp, record: RepoRecord, rev: string, query: string }) {
  return <section class='card muted'>Not built yet.</section>
}
