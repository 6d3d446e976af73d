// What a route's ref and path name, before a view is chosen: a folder, a
// file or a submodule at a commit; or nothing, with the nearest folder that
// is there, so a bad link can say what is missing and offer a way back.
import { resolveCommit, treeAt } from './read.js'
import type { Repos } from './repos.js'
import type { RepoRecord } from './repo-index.js'

export type PathAt =
  | { kind: 'tree' | 'blob' | 'submodule', commit: string }
  /** `closest`: the deepest folder of the path that exists at the commit ('' for the root) */
  | { kind: 'missing', commit: string, closest: string }
  | { kind: 'no-rev' }

export async function pathAt (repos: Repos, record: RepoRecord, rev: string, path: string): Promise<PathAt> {
  const commit = await resolveCommit(repos, record, rev)
  if (commit == null) return { kind: 'no-rev' }
  const parts = path.split('/').filter(Boolean)
  let closest = ''
  let entries = await treeAt(repos, record.rid, commit, '')
  for (let i = 0; i < parts.length; i++) {
    const e = entries?.find(x => x.path === parts[i])
    if (e == null) return { kind: 'missing', commit, closest }
    const here = parts.slice(0, i + 1).join('/')
    if (i === parts.length - 1) return { kind: e.type === 'tree' ? 'tree' : e.type === 'commit' ? 'submodule' : 'blob', commit }
    if (e.type !== 'tree') return { kind: 'missing', commit, closest }
    closest = here
    entries = await treeAt(repos, record.rid, commit, here)
  }
  return { kind: 'tree', commit }
}
