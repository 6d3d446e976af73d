// The repositories side of the app handle: every command and query the
// views use on repositories, and the notifications that make them re-read.
// Write commands announce their own change (views refresh, peers and relays
// hear of it): the UI never does. The views see records and plain data,
// never Repos, Sync or the fs.
import { isBinary } from '../core/diff.js'
import { isRid } from '../core/genesis.js'
import { gitdirPaths } from '../repo/gitdir-files.js'
import { pathAt } from '../repo/path-kind.js'
import { listTree, readCommit, readFile, readLog, resolveCommit, splitRefAndPath } from '../repo/read.js'
import { BadRevisionError, NoGitDirectoryError, NoSyncError } from './errors.js'
import { lazyQueries } from './lazy-queries.js'
import { diffQueries } from './diff-queries.js'
import { signatureQueries } from './signature-queries.js'
import { writersQueries } from './writers-queries.js'
import { issueQueries } from './issue-queries.js'
import { patchQueries } from './patch-queries.js'
import { delegatesOf, recordSeq, refsOf } from '../repo/repo-index.js'
import { sameRepositories } from './same-repository.js'
import { watchSeedStatus } from './seed-watch.js'
import type { CloneProgress, CommitDiff, FolderFile } from './view-types.js'
import type { DiffQueries } from './diff-queries.js'
import type { FindQueries } from './find-queries.js'
import type { HistoryQueries } from './history-queries.js'
import type { FolderLastCommits } from './last-commits.js'
import type { RefsQueries } from './refs-queries.js'
import type { SignatureQueries } from './signature-queries.js'
import type { WritersQueries } from './writers-queries.js'
import type { IssueQueries } from './issue-queries.js'
import type { PatchQueries } from './patch-queries.js'
import type { CobCache } from '../repo/cob-cache.js'
import type { ImportSource } from './same-repository.js'
import type { SeedStatusView } from './seed-watch.js'
import type { FetchOutcome, SyncProgress } from '../sync/types.js'
import type { SeedStatus } from '../sync/seed-status.js'
import type { Author, CommitInput, CreateRepoInput } from '../repo/repos.js'
import type { Repos } from '../repo/repos.js'
import type { PathAt } from '../repo/path-kind.js'
import type { CommitSummary, TreeItem } from '../repo/read.js'
import type { RepoRecord } from '../repo/repo-index.js'
import type { Progress } from '../repo/bundle-io.js'

export { BadRevisionError, NoGitDirectoryError, NoSyncError } from './errors.js'

export interface ImportOpts { name?: string, signal?: AbortSignal, onProgress?: (p: Progress) => void }

/** the queries of each view family live in files of their own: *-queries.ts */
export interface Repositories extends HistoryQueries, RefsQueries, FindQueries, DiffQueries, SignatureQueries, WritersQueries, IssueQueries, PatchQueries {
  /** bumps on every change, made here or fetched, so views can re-read */
  version: () => number
  subscribe: (fn: () => void) => () => void

  /**
   * Loads the code of every view's engine now (blame, history, refs,
   * compare, search, diffs, last commits, import, export), so the service
   * worker has it before the tab goes offline; the app calls it when idle.
   */
  preload: () => Promise<void>

  // ---- queries
  list: () => Promise<RepoRecord[]>
  /** one repository; RepoNotFoundError when this browser does not hold it */
  record: (rid: string) => Promise<RepoRecord>
  /** could be a repository id (a clone is worth trying) */
  isRid: (s: string) => boolean
  /** the canonical refs: what views show on the repository's own pages */
  refsOf: (record: RepoRecord) => Record<string, string>
  /** a number that rises with every change the record takes in (any writer's, or the identity's): a cache key for views */
  versionOf: (record: RepoRecord) => number
  /** this tab may change it (its key is a delegate's) */
  isDelegate: (record: RepoRecord) => boolean
  /** the segments of a route after the view: which ref, which path (ref names hold slashes) */
  locate: (record: RepoRecord, segments: string[]) => { ref: string, path: string }
  /** what `path` is at `rev` (a folder, a file, nothing: then the nearest folder there is), before a view is chosen */
  pathAt: (record: RepoRecord, rev: string, path: string) => Promise<PathAt>
  /** the commit a branch, tag or (abbreviated) commit id names; undefined when none; AmbiguousRevisionError for a short id of several objects */
  resolve: (record: RepoRecord, rev: string) => Promise<string | undefined>
  /** a directory at a branch, tag or commit; undefined when `rev` names none */
  tree: (record: RepoRecord, rev: string, path: string) => Promise<{ commit: string, items: TreeItem[] } | undefined>
  /** a file at a commit; undefined when there is no such file */
  file: (record: RepoRecord, commit: string, path: string) => Promise<{ oid: string, bytes: Uint8Array } | undefined>
  /** a file at a branch, tag or commit: undefined when `rev` names none, null when the file is not there */
  blob: (record: RepoRecord, rev: string, path: string) => Promise<{ commit: string, oid: string, bytes: Uint8Array, binary: boolean } | null | undefined>
  /** a page of history, newest first; undefined when `rev` names none */
  log: (record: RepoRecord, rev: string, page: { skip: number, limit: number }) => Promise<{ commits: CommitSummary[], more: boolean } | undefined>
  /** a commit and what it changed, file by file (bounded: MAX_DIFF_FILES, MAX_DIFF_BYTES) */
  diff: (record: RepoRecord, oid: string) => Promise<CommitDiff>
  lastCommit: (record: RepoRecord, oid: string) => Promise<CommitSummary>
  /** the commits that last touched a folder and each of its entries (as `git log -1 <rev> -- <path>`), cached; undefined when `rev` names none */
  lastCommits: (record: RepoRecord, rev: string, path: string, opts?: { signal?: AbortSignal }) => Promise<FolderLastCommits | undefined>
  /** who has it, asked once */
  seedStatus: (rid: string, opts?: { signal?: AbortSignal }) => Promise<SeedStatus[]>
  /** who has it, kept up to date while `signal` is live (see seed-watch.ts) */
  watchSeedStatus: (rid: string, onUpdate: (v: SeedStatusView) => void, opts: { signal: AbortSignal }) => { refresh: () => void }
  author: () => Author

  // ---- commands (each announces its own change)
  create: (input: CreateRepoInput, opts?: { signal?: AbortSignal }) => Promise<RepoRecord>
  importBundle: (bytes: Uint8Array, opts?: ImportOpts) => Promise<RepoRecord>
  /** the repositories held here with the same branches and tags at the same commits as a bundle or folder (before importing it again) */
  sameAs: (source: ImportSource) => Promise<RepoRecord[]>
  /** files a directory picker gave (the working copy holding .git, or .git itself) */
  importGitFolder: (files: FolderFile[], opts?: ImportOpts) => Promise<RepoRecord>
  commit: (rid: string, input: CommitInput, opts?: { signal?: AbortSignal }) => Promise<string>
  /** a new branch at what `fromRev` (a branch, tag or commit) points at */
  createBranch: (record: RepoRecord, name: string, fromRev: string, opts?: { signal?: AbortSignal }) => Promise<void>
  /** a git bundle of every branch and tag, reporting its phases (counting, writing) with counts */
  exportBundle: (rid: string, opts?: { signal?: AbortSignal, onProgress?: (p: Progress) => void }) => Promise<Uint8Array>
  /** gets a repository this browser does not hold from whoever has it, waiting for a holder until cancelled */
  clone: (rid: string, opts?: { signal?: AbortSignal, onProgress?: (p: CloneProgress) => void }) => Promise<FetchOutcome>
  setAuthor: (name: string, email: string) => Promise<void>
}

/** What the repositories need of the sync service (the Sync class fits). */
export interface SyncPart {
  clone: (rid: string, opts: { signal?: AbortSignal, onProgress?: (p: SyncProgress) => void, patient?: boolean }) => Promise<FetchOutcome>
  seedStatus: (rid: string, opts: { signal?: AbortSignal }) => Promise<SeedStatus[]>
  announce: (rid: string, opts?: { isNew?: boolean }) => Promise<void>
  /** rid → relay → its answer to our announcement */
  readonly relayAnswers: ReadonlyMap<string, ReadonlyMap<string, { at: number }>>
}

/** What the repositories need of the network. */
export interface NetworkPart {
  /** on the network: a relay connection is open */
  onNetwork: () => boolean
  /** the peers connected now, in any order */
  peers: () => string[]
  subscribe: (fn: () => void) => () => void
}

export interface RepositoriesInit {
  repos: Repos
  /** absent in tests of the views: no sync, no clone, no seed status */
  sync?: SyncPart
  network?: NetworkPart
  author?: Author
  saveAuthor?: (a: Author) => Promise<void>
  /** where evaluated issues and patches are kept (the tab: IndexedDB); absent: memory */
  cobCache?: CobCache
}

/** The handle's repositories, plus `fetched`, which the app calls when sync changed the store. */
export function createRepositories (init: RepositoriesInit): Repositories & { fetched: () => void } {
  const repos = init.repos
  let author: Author = init.author ?? { name: '', email: '' }
  let version = 0
  const listeners = new Set<() => void>()
  const bump = (): void => {
    version++
    for (const fn of listeners) fn()
  }
  /** a change made here: views re-read, peers and relays hear of it */
  const changed = (rid: string, opts: { isNew?: boolean } = {}): void => {
    bump()
    void init.sync?.announce(rid, opts).catch(() => { /* logged by sync; the change is stored */ })
  }
  const sync = (): SyncPart => {
    if (init.sync == null) throw new NoSyncError('this app has no network')
    return init.sync
  }

  const handle: Repositories & { fetched: () => void } = {
    preload: async () => {
      await Promise.all([
        import('./history-queries.js'), import('./refs-queries.js'), import('./find-queries.js'),
        import('./diff-files.js'), import('./last-commits.js'), import('../repo/bundle-io.js'), import('../repo/gitdir-import.js')
      ])
    },
    ...lazyQueries(async () => (await import('./history-queries.js')).historyQueries(repos), ['blame', 'history']),
    ...lazyQueries(async () => (await import('./refs-queries.js')).refsQueries(repos), ['refs', 'aheadBehind', 'compare']),
    ...lazyQueries(async () => (await import('./find-queries.js')).findQueries(repos), ['paths', 'search']),
    ...diffQueries(repos),
    ...signatureQueries(repos),
    ...writersQueries(repos, (rid) => changed(rid)),
    ...issueQueries(repos, (rid) => changed(rid), init.cobCache),
    ...patchQueries(repos, (rid) => changed(rid), init.cobCache),
    version: () => version,
    subscribe: (fn) => { listeners.add(fn); return () => listeners.delete(fn) },
    fetched: bump,

    list: async () => repos.list(),
    record: async (rid) => repos.get(rid),
    isRid,
    isDelegate: (record) => delegatesOf(record).includes(repos.peerId),
    refsOf: (record) => refsOf(record),
    versionOf: (record) => recordSeq(record),
    locate: (record, segments) => splitRefAndPath(segments, record),
    pathAt: async (record, rev, path) => pathAt(repos, record, rev, path),
    resolve: async (record, rev) => resolveCommit(repos, record, rev),
    tree: async (record, rev, path) => {
      const commit = await resolveCommit(repos, record, rev)
      if (commit == null) return undefined
      return { commit, items: await listTree(repos, record.rid, commit, path) }
    },
    file: async (record, commit, path) => readFile(repos, record.rid, commit, path),
    blob: async (record, rev, path) => {
      const commit = await resolveCommit(repos, record, rev)
      if (commit == null) return undefined
      const file = await readFile(repos, record.rid, commit, path)
      if (file == null) return null
      return { commit, ...file, binary: isBinary(file.bytes) }
    },
    log: async (record, rev, page) => {
      const start = await resolveCommit(repos, record, rev)
      if (start == null) return undefined
      return readLog(repos, record.rid, start, page)
    },
    diff: async (record, oid) => (await import('./diff-files.js')).commitDiff(repos, record.rid, oid),
    lastCommit: async (record, oid) => readCommit(repos, record.rid, oid),
    lastCommits: async (record, rev, path, opts) => (await import('./last-commits.js')).folderLastCommits(repos, record, rev, path, opts),
    seedStatus: async (rid, opts = {}) => sync().seedStatus(rid, opts),
    watchSeedStatus: (rid, onUpdate, opts) => {
      const s = sync()
      return watchSeedStatus({
        ask: async (signal) => s.seedStatus(rid, { signal }),
        answers: () => [...(s.relayAnswers.get(rid)?.values() ?? [])].map(a => a.at).join(','),
        peers: () => [...new Set(init.network?.peers() ?? [])].sort().join(','),
        subscribeNetwork: init.network?.subscribe ?? (() => () => {}),
        onUpdate,
        signal: opts.signal
      })
    },
    author: () => author,

    create: async (input, opts = {}) => {
      opts.signal?.throwIfAborted()
      const record = await repos.create(input)
      changed(record.rid, { isNew: true })
      return record
    },
    importBundle: async (bytes, opts = {}) => {
      const record = await repos.importBundle(bytes, { name: opts.name?.trim() || 'imported', signal: opts.signal, onProgress: opts.onProgress })
      changed(record.rid, { isNew: true })
      return record
    },
    sameAs: async (source) => sameRepositories(repos, source),
    importGitFolder: async (files, opts = {}) => {
      const byPath = new Map(files.map(f => [f.relativePath, f]))
      const inGit = gitdirPaths([...byPath.keys()])
      const folder = files[0]?.relativePath.split('/')[0] ?? ''
      if (inGit.size === 0) throw new NoGitDirectoryError(`"${folder}" holds no .git directory. Pick the folder of a git working copy, or its .git folder.`)
      const picked = [...inGit].map(([path, full]) => ({ path, read: byPath.get(full)!.read }))
      const name = opts.name?.trim() || folder.replace(/\.git$/, '') || 'imported'
      const record = await repos.importGitdir(picked, { name, signal: opts.signal, onProgress: opts.onProgress })
      changed(record.rid, { isNew: true })
      return record
    },
    commit: async (rid, input, opts = {}) => {
      opts.signal?.throwIfAborted()
      const oid = await repos.commit(rid, input)
      changed(rid)
      return oid
    },
    createBranch: async (record, name, fromRev, opts = {}) => {
      opts.signal?.throwIfAborted()
      const from = await resolveCommit(repos, record, fromRev)
      if (from == null) throw new BadRevisionError(`cannot branch from ${fromRev}: it names no commit`)
      await repos.createBranch(record.rid, name, from)
      changed(record.rid)
    },
    exportBundle: async (rid, opts = {}) => {
      opts.signal?.throwIfAborted()
      return repos.exportBundle(rid, { signal: opts.signal, onProgress: opts.onProgress })
    },
    clone: async (rid, opts = {}) => {
      const s = sync()
      // a tab opened on a link starts before it has joined the network:
      // asking nobody would only wait for the next lookup
      if (init.network != null && !init.network.onNetwork()) {
        opts.onProgress?.({ phase: 'Joining the network' })
        await untilOnNetwork(init.network, opts.signal)
      }
      // patient: nobody reachable has it yet is not a failure; sync keeps
      // looking (the DHT, peers that connect) until cancelled
      const outcome = await s.clone(rid, { signal: opts.signal, onProgress: opts.onProgress, patient: true })
      bump()
      return outcome
    },
    setAuthor: async (name, email) => {
      author = { name: name.trim().slice(0, 200), email: email.trim().slice(0, 200) }
      await init.saveAuthor?.(author)
      bump()
    }
  }
  return handle
}

async function untilOnNetwork (network: NetworkPart, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted()
  await new Promise<void>((resolve, reject) => {
    const check = (): void => { if (network.onNetwork()) { done(); resolve() } }
    const onAbort = (): void => { done(); reject(signal?.reason ?? new DOMException('cancelled', 'AbortError')) }
    const unsubscribe = network.subscribe(check)
    const done = (): void => { unsubscribe(); signal?.removeEventListener('abort', onAbort) }
    signal?.addEventListener('abort', onAbort, { once: true })
    check()
  })
}
