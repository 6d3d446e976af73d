// The app handle's queries for blame and the history of a file or folder.
// Mixed into Repositories (repositories.ts): the views see plain data.
import { isBinary } from '../core/diff.js'
import { blameIn } from '../repo/blame.js'
import { commitParents, topoOrder, topoOrdersOf } from '../repo/log-order.js'
import { withObjectStore } from '../repo/object-files.js'
import { pathHistory } from '../repo/path-history.js'
import { historyMemoOf } from '../repo/path-history-reader.js'
import { SharedWalks } from '../repo/shared-walks.js'
import { readCommit, readFile, resolveCommit } from '../repo/read.js'
import type { Blame } from '../repo/blame.js'
import type { CommitSummary } from '../repo/read.js'
import type { RepoRecord } from '../repo/repo-index.js'
import type { Repos } from '../repo/repos.js'

/** Consecutive lines last changed by one commit. */
export interface BlameRange {
  commit: CommitSummary
  /** the file's path in that commit (another name before a rename) */
  path: string
  /** first line (1-based) of the range in the file blamed, and how many */
  start: number
  count: number
}

export interface BlameResult {
  /** the commit blamed (what `rev` resolved to) */
  commit: string
  /** the file's text, line by line, without newlines */
  lines: string[]
  ranges: BlameRange[]
  binary: boolean
}

export interface HistoryPage {
  commits: CommitSummary[]
  /** commits in the whole history of the path */
  total: number
  more: boolean
}

export interface HistoryQueries {
  /**
   * Which commit last changed each line of `path` at `rev`, as `git blame`.
   * undefined when `rev` names no commit, null when `path` is no file there.
   */
  blame: (record: RepoRecord, rev: string, path: string, opts?: { signal?: AbortSignal }) => Promise<BlameResult | null | undefined>
  /**
   * A page of the commits that touched `path` ('' for all), as
   * `git log --topo-order <rev> -- <path>`; undefined when `rev` names no commit.
   */
  history: (record: RepoRecord, rev: string, path: string, page: { skip: number, limit: number }, opts?: { signal?: AbortSignal }) => Promise<HistoryPage | undefined>
}

const MAX_KEPT_BLAMES = 16

export function historyQueries (repos: Repos): HistoryQueries {
  // blames kept per (rid, commit, path): a commit's history never changes
  const blames = new SharedWalks<Blame>(MAX_KEPT_BLAMES)
  const blameOf = async (rid: string, start: string, path: string, signal?: AbortSignal): Promise<Blame> =>
    await blames.get(`${rid} ${start} ${path}`, signal, async (stop) => await withObjectStore(repos.fs, repos.gitdir(rid), async (store) => {
      try { return await blameIn(store, start, path, { signal: stop, memo: historyMemoOf(repos, rid) }) } finally { store.release() }
    }))

  return {
    blame: async (record, rev, path, opts = {}) => {
      const start = await resolveCommit(repos, record, rev)
      if (start == null) return undefined
      const file = await readFile(repos, record.rid, start, path)
      if (file == null) return null
      const lines = splitText(new TextDecoder().decode(file.bytes))
      const binary = isBinary(file.bytes)
      const found = await blameOf(record.rid, start, path, opts.signal)
      const summaries = new Map<string, Promise<CommitSummary>>()
      const summary = async (oid: string): Promise<CommitSummary> => {
        let s = summaries.get(oid)
        if (s == null) { s = readCommit(repos, record.rid, oid); summaries.set(oid, s) }
        return await s
      }
      const ranges: BlameRange[] = []
      let prev: { commit: string, path: string } | undefined
      for (let i = 0; i < found.lines.length; i++) {
        opts.signal?.throwIfAborted()
        const l = found.lines[i]
        if (prev != null && prev.commit === l.commit && prev.path === l.path) { ranges[ranges.length - 1].count++; continue }
        ranges.push({ commit: await summary(l.commit), path: l.path, start: i + 1, count: 1 })
        prev = l
      }
      return { commit: start, lines, ranges, binary }
    },

    history: async (record, rev, path, page, opts = {}) => {
      const start = await resolveCommit(repos, record, rev)
      if (start == null) return undefined
      const found = path === '' ? await wholeLog(repos, record.rid, start, page) : await pathHistory(repos, record.rid, start, path, page, opts)
      const commits: CommitSummary[] = []
      for (const oid of found.oids) commits.push(await readCommit(repos, record.rid, oid))
      return { commits, total: found.total, more: found.more }
    }
  }
}

/** The whole log (no path): the log's own order and cache (read.ts readLog), with its length. */
async function wholeLog (repos: Repos, rid: string, start: string, page: { skip: number, limit: number }): Promise<{ oids: string[], total: number, more: boolean }> {
  const order = await topoOrdersOf(repos).get(`${rid} ${start}`, async () => await withObjectStore(repos.fs, repos.gitdir(rid), async (store) => {
    try {
      return await topoOrder(start, async (oid) => {
        const obj = await store.read(oid)
        return obj?.type === 'commit' ? commitParents(obj.data) : undefined
      })
    } finally { store.release() }
  }))
  return { oids: order.oids.slice(page.skip, page.skip + page.limit), total: order.oids.length, more: order.oids.length > page.skip + page.limit }
}

/** lines without their newlines; a final newline ends the last line, it does not start another */
function splitText (text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}
