// The app handle's queries for the branches and tags pages (each ref's last
// commit, ahead and behind the default branch) and compare (the commits of
// base..head and the diff of their merge base to head).
// Mixed into Repositories (repositories.ts): the views see plain data.
import { AheadBehindCache } from '../repo/ahead-behind.js'
import { commitRange } from '../repo/commit-range.js'
import { parseCommitSummary } from '../repo/commit-summary.js'
import { meetTips } from '../repo/merge-base.js'
import { commitFacts, commitGraphOf } from '../repo/merge-base-graph.js'
import { openObjectStore } from '../repo/object-files.js'
import { byDateNewestFirst, readRefTips } from '../repo/ref-tips.js'
import { objectsWithPrefix } from '../repo/short-oid.js'
import { treesDiff } from './diff-files.js'
import { BadRevisionError } from './errors.js'
import type { AheadBehind } from '../repo/ahead-behind.js'
import type { ReadCommitFacts } from '../repo/merge-base-graph.js'
import type { ObjectStore } from '../repo/pack/object-store.js'
import type { CommitSummary } from '../repo/read.js'
import type { RefTip } from '../repo/ref-tips.js'
import type { RepoRecord } from '../repo/repo-index.js'
import { refsOf } from '../repo/repo-index.js'
import type { Repos } from '../repo/repos.js'
import type { FileDiffView } from './view-types.js'

export type { AheadBehind } from '../repo/ahead-behind.js'

export interface RefRow extends RefTip {
  /** the repository's default branch (listed first) */
  isDefault: boolean
}

/** compare shows at most this many commits of base..head (it counts them all) */
export const MAX_COMPARE_COMMITS = 250

export interface Comparison {
  base: { rev: string, commit: string }
  head: { rev: string, commit: string }
  /** identical: the same commit; behind: head is in base already; unrelated: no common ancestor */
  status: 'identical' | 'ahead' | 'behind' | 'diverged' | 'unrelated'
  /** the merge base the diff starts from (the newest, when there are several) */
  mergeBase?: string
  mergeBases: number
  /** commits in head not in base, and in base not in head */
  ahead: number
  behind: number
  /** the first MAX_COMPARE_COMMITS of `git log --topo-order base..head` */
  commits: CommitSummary[]
  /** `git diff base...head`: the merge base to head (nothing when unrelated or identical) */
  files: FileDiffView[]
  /** how many files that diff has */
  total: number
}

export interface RefsQueries {
  /** branches (the default first, then by last commit) or tags (newest first), each with its last commit */
  refs: (record: RepoRecord, kind: 'branches' | 'tags', opts?: { signal?: AbortSignal }) => Promise<RefRow[]>
  /** per head: commits ahead of and behind base (`git rev-list --left-right --count base...head`), cached by the two tips; heads that name nothing are left out */
  aheadBehind: (record: RepoRecord, base: string, heads: string[], opts?: { signal?: AbortSignal }) => Promise<Record<string, AheadBehind>>
  /** base and head: branches, tags, or full or short commit ids; BadRevisionError when one names nothing */
  compare: (record: RepoRecord, base: string, head: string, opts?: { signal?: AbortSignal }) => Promise<Comparison>
}

export function refsQueries (repos: Repos): RefsQueries {
  const counts = new AheadBehindCache()

  /** runs `fn` with the repository's objects opened on first need (a cached answer opens nothing) */
  const withStore = async <T>(rid: string, fn: (store: () => Promise<ObjectStore>) => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      let opened: Promise<ObjectStore> | undefined
      try {
        return await fn(async () => await (opened ??= openObjectStore(repos.fs, repos.gitdir(rid))))
      } catch (err: any) {
        // packs consolidated meanwhile: the new pack is in place before the old go
        if (err?.code !== 'ENOENT' || attempt > 0) throw err
      } finally {
        if (opened != null) (await opened.catch(() => undefined))?.release()
      }
    }
  }
  const factsReader = (store: () => Promise<ObjectStore>): ReadCommitFacts => async (oid) => {
    const obj = await (await store()).read(oid)
    return obj?.type === 'commit' ? commitFacts(obj.data) : undefined
  }

  /** object id to the commit it peels to (ids never change meaning): a cached answer reads nothing */
  const peeled = new Map<string, string | null>()
  const peel = async (oid: string, store: () => Promise<ObjectStore>): Promise<string | undefined> => {
    let c = peeled.get(oid)
    if (c === undefined) {
      c = null
      let at: string | undefined = oid
      for (let i = 0; at != null && i < 10; i++) {
        const obj = await (await store()).read(at)
        if (obj?.type === 'commit') { c = at; break }
        at = obj?.type === 'tag' ? /^object ([0-9a-f]{40})$/m.exec(new TextDecoder().decode(obj.data))?.[1] : undefined
      }
      peeled.set(oid, c)
      if (peeled.size > 100_000) peeled.delete(peeled.keys().next().value!)
    }
    return c ?? undefined
  }

  /** a branch, tag, full or short commit id to its commit */
  const resolve = async (record: RepoRecord, rev: string, store: () => Promise<ObjectStore>): Promise<string> => {
    const r = rev.trim()
    const refs = refsOf(record)
    const named = refs[`refs/heads/${r}`] ?? refs[`refs/tags/${r}`] ?? (/^[0-9a-f]{40}$/.test(r) ? r : undefined)
    const full = named == null ? undefined : await peel(named, store)
    if (full != null) return full
    const commits: string[] = []
    const s = await store()
    for (const oid of objectsWithPrefix(s, r.toLowerCase())) if ((await s.read(oid))?.type === 'commit') commits.push(oid)
    if (commits.length === 1) return commits[0]
    if (commits.length > 1) throw new BadRevisionError(`${r} is ambiguous: ${commits.length} commits start with it`)
    throw new BadRevisionError(`${r === '' ? 'nothing' : r} names no branch, tag or commit here`)
  }

  return {
    refs: async (record, kind, opts = {}) => await withStore(record.rid, async (store) => {
      const prefix = kind === 'branches' ? 'refs/heads/' : 'refs/tags/'
      const refs = Object.entries(refsOf(record))
        .filter(([n]) => n.startsWith(prefix))
        .map(([n, oid]) => ({ name: n.slice(prefix.length), oid }))
      const tips = refs.length === 0 ? [] : await readRefTips(repos, await store(), refs, opts)
      const isDefault = (t: RefTip): boolean => kind === 'branches' && t.name === record.defaultBranch
      return tips.sort((a, b) => Number(isDefault(b)) - Number(isDefault(a)) || byDateNewestFirst(a, b)).map(t => ({ ...t, isDefault: isDefault(t) }))
    }),

    aheadBehind: async (record, base, heads, opts = {}) => await withStore(record.rid, async (store) => {
      const graph = commitGraphOf(repos, record.rid)
      const read = factsReader(store)
      const b = await resolve(record, base, store)
      const out: Record<string, AheadBehind> = {}
      for (const h of heads) {
        const tip = await resolve(record, h, store).catch(() => undefined)
        if (tip != null) out[h] = await counts.get(graph, b, tip, read, opts)
      }
      return out
    }),

    compare: async (record, base, head, opts = {}) => await withStore(record.rid, async (store) => {
      const [b, h] = [await resolve(record, base, store), await resolve(record, head, store)]
      const sides = { base: { rev: base, commit: b }, head: { rev: head, commit: h } }
      const nothing = { commits: [], files: [], total: 0 }
      if (b === h) return { ...sides, status: 'identical', mergeBase: b, mergeBases: 1, ahead: 0, behind: 0, ...nothing }
      const graph = commitGraphOf(repos, record.rid)
      const read = factsReader(store)
      const m = await meetTips(graph, b, h, read, opts)
      const range = await commitRange(graph, b, h, read, opts)
      const commits: CommitSummary[] = []
      for (const oid of range.oids.slice(0, MAX_COMPARE_COMMITS)) {
        const obj = await (await store()).read(oid)
        if (obj?.type === 'commit') commits.push(parseCommitSummary(obj.data, oid))
      }
      const counted = { mergeBase: m.mergeBases[0], mergeBases: m.mergeBases.length, ahead: m.ahead, behind: m.behind, commits }
      if (m.mergeBases.length === 0) return { ...sides, status: 'unrelated', ...counted, files: [], total: 0 }
      if (m.ahead === 0) return { ...sides, status: 'behind', ...counted, files: [], total: 0 }
      const treeOf = async (oid: string): Promise<string> => {
        const obj = await (await store()).read(oid)
        return obj?.type === 'commit' ? parseCommitSummary(obj.data, oid).tree : ''
      }
      const diff = await treesDiff(repos, record.rid, await treeOf(m.mergeBases[0]), await treeOf(h))
      return { ...sides, status: m.behind === 0 ? 'ahead' : 'diverged', ...counted, ...diff }
    })
  }
}
