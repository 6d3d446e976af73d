// The app handle's queries for the file finder (every path of a tree) and content search.
// Mixed into Repositories (repositories.ts): the views see plain data.
// Paths are listed once per tree (cached by tree id: a branch that moves
// to a commit with the same tree costs nothing); search runs in a worker
// (repo/search-client.ts).
import { listPathsIn } from '../repo/list-paths.js'
import { withObjectStore } from '../repo/object-files.js'
import { readCommit, resolveCommit } from '../repo/read.js'
import { TreeSearcher } from '../repo/search-client.js'
import type { SearchQuery } from '../core/search.js'
import type { RepoRecord } from '../repo/repo-index.js'
import type { Repos } from '../repo/repos.js'
import type { SearchProgress, SearchSummary } from '../repo/search-tree.js'

export type { LineMatch, SearchQuery } from '../core/search.js'
export type { SearchProgress, SearchSummary } from '../repo/search-tree.js'

export interface TreePaths {
  /** the commit `rev` named */
  commit: string
  /** every file, in git's order (`git ls-tree -r`), submodules left out */
  paths: string[]
  /** the tree had more files than are listed (list-paths.ts MAX_PATHS) */
  truncated: boolean
}

export interface FindQueries {
  /** every file path of the tree at a branch, tag or commit; undefined when `rev` names none */
  paths: (record: RepoRecord, rev: string, opts?: { signal?: AbortSignal }) => Promise<TreePaths | undefined>
  /**
   * The lines of the files at `rev` that match, streamed through
   * `onProgress` as they are found (at most MAX_MATCHES); undefined when
   * `rev` names none. SearchQueryError for an empty query or a malformed
   * expression; SearchTimeoutError when a file takes too long; an AbortError once `signal` aborts.
   */
  search: (record: RepoRecord, rev: string, query: SearchQuery, opts?: { signal?: AbortSignal, onProgress?: (p: SearchProgress) => void }) => Promise<SearchSummary | undefined>
}

/** trees whose paths are kept (a few branches of a few repositories) */
const CACHED_TREES = 8

export function findQueries (repos: Repos): FindQueries {
  const trees = new Map<string, Promise<{ paths: string[], truncated: boolean }>>()
  const searcher = new TreeSearcher(repos.fs)

  const treeOf = async (record: RepoRecord, rev: string): Promise<{ commit: string, tree: string } | undefined> => {
    const commit = await resolveCommit(repos, record, rev)
    if (commit == null) return undefined
    return { commit, tree: (await readCommit(repos, record.rid, commit)).tree }
  }

  const pathsOf = async (rid: string, tree: string): Promise<{ paths: string[], truncated: boolean }> => {
    const key = `${rid} ${tree}`
    let p = trees.get(key)
    if (p == null) {
      p = withObjectStore(repos.fs, repos.gitdir(rid), async (store) => {
        try {
          const { entries, truncated } = await listPathsIn(store, tree)
          return { paths: entries.map(e => e.path), truncated }
        } finally { store.release() }
      })
      trees.set(key, p)
      p.catch(() => { if (trees.get(key) === p) trees.delete(key) })
      for (const k of trees.keys()) {
        if (trees.size <= CACHED_TREES) break
        trees.delete(k)
      }
    } else {
      // the newest use last: the oldest are let go first
      trees.delete(key)
      trees.set(key, p)
    }
    return await p
  }

  return {
    paths: async (record, rev, opts = {}) => {
      const at = await treeOf(record, rev)
      opts.signal?.throwIfAborted()
      if (at == null) return undefined
      return { commit: at.commit, ...await pathsOf(record.rid, at.tree) }
    },
    search: async (record, rev, query, opts = {}) => {
      const at = await treeOf(record, rev)
      if (at == null) return undefined
      return await searcher.search(repos.gitdir(record.rid), at.tree, query, opts)
    }
  }
}
