// The app's query for the tree view's "last commit" column: the commit that
// last touched a folder and each of its entries (repo/last-commits.ts walks
// and caches), as summaries the view can show.
import { lastCommits } from '../repo/last-commits.js'
import { readCommit, resolveCommit } from '../repo/read.js'
import type { CommitSummary } from '../repo/read.js'
import type { RepoRecord } from '../repo/repo-index.js'
import type { Repos } from '../repo/repos.js'

export interface FolderLastCommits {
  folder: CommitSummary
  /** entry name to the last commit that touched it */
  entries: Record<string, CommitSummary>
}

/** undefined when `rev` names no branch, tag or commit; PathNotFoundError when `path` is no folder there */
export async function folderLastCommits (repos: Repos, record: RepoRecord, rev: string, path: string, opts: { signal?: AbortSignal } = {}): Promise<FolderLastCommits | undefined> {
  const start = await resolveCommit(repos, record, rev)
  if (start == null) return undefined
  const found = await lastCommits(repos, record.rid, start, path, opts)
  // a folder's entries share few commits: read each once
  const summaries = new Map<string, CommitSummary>()
  const summary = async (oid: string): Promise<CommitSummary> => {
    let s = summaries.get(oid)
    if (s == null) { s = await readCommit(repos, record.rid, oid); summaries.set(oid, s) }
    return s
  }
  const entries: Record<string, CommitSummary> = {}
  for (const [name, oid] of Object.entries(found.entries)) entries[name] = await summary(oid)
  return { folder: await summary(found.folder), entries }
}
