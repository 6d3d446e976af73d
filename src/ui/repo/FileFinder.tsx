// The file finder: `t` opens it, fuzzy over every path of the tree.
// (a placeholder, being built)
import type { GutsApp, RepoRecord } from '../../app/types.js'

export function FileFinder (_props: { app: GutsApp, record: RepoRecord, rev: string }) {
  return null
}
