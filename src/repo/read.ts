// Reading a repository for the views: resolve a branch, tag or commit id,
// list a directory, read a file, walk the log, and diff a commit.
import git from './git.js'
import { AmbiguousRevisionError, PathNotFoundError } from './errors.js'
import { commitParents, topoOrder, topoOrdersOf } from './log-order.js'
import { withObjectStore } from './object-files.js'
import { parseTree } from './pack/tree-entries.js'
import { diffTrees } from './tree-diff.js'
import type { TopoOrder } from './log-order.js'
import type { TreeEntry } from './pack/tree-entries.js'
import type { FileDelta } from './tree-diff.js'
import type { RenameOptions } from './rename-detect.js'
import type { Repos } from './repos.js'
import type { RepoRecord } from './repo-index.js'
import { refsOf } from './repo-index.js'

export interface TreeItem { name: string, path: string, type: 'tree' | 'blob' | 'commit', oid: string, mode: string }
export interface CommitSummary {
  oid: string
  message: string
  parents: string[]
  tree: string
  author: { name: string, email: string, timestamp: number, timezoneOffset: number }
  committer: { name: string, email: string, timestamp: number, timezoneOffset: number }
}

const OID = /^[0-9a-f]{40}$/
/** an abbreviated commit id, as git accepts them (at least 4 hex digits) */
const SHORT_OID = /^[0-9a-f]{4,39}$/

/**
 * Splits the part of a route after the repository into a ref and a path.
 * Ref names may hold slashes (feature/x), so the longest known ref wins.
 */
export function splitRefAndPath (segments: string[], record: RepoRecord): { ref: string, path: string } {
  const names = Object.keys(refsOf(record)).map(r => r.replace(/^refs\/(heads|tags)\//, ''))
  for (let i = segments.length; i > 0; i--) {
    const candidate = segments.slice(0, i).join('/')
    if (names.includes(candidate) || (i === 1 && (OID.test(candidate) || SHORT_OID.test(candidate)))) return { ref: candidate, path: segments.slice(i).join('/') }
  }
  return { ref: segments[0] ?? record.defaultBranch, path: segments.slice(1).join('/') }
}

/**
 * A branch name, tag name or commit id (full, or abbreviated to 4 or more
 * digits when only one object starts so: AmbiguousRevisionError otherwise),
 * to the commit it means.
 */
export async function resolveCommit (repos: Repos, record: RepoRecord, rev: string): Promise<string | undefined> {
  const refs = refsOf(record)
  const gitdir = repos.gitdir(record.rid)
  const cache = repos.cache(record.rid)
  let oid: string | undefined = refs[`refs/heads/${rev}`] ?? refs[`refs/tags/${rev}`] ?? (OID.test(rev) ? rev : undefined)
  if (oid == null && SHORT_OID.test(rev)) oid = await expandShortOid(repos, gitdir, cache, rev)
  if (oid == null) return undefined
  // peel annotated tags down to their commit
  for (let i = 0; i < 10; i++) {
    const { type, object } = await git.readObject({ fs: repos.fs, gitdir, oid, format: 'parsed', cache })
    if (type === 'commit') return oid
    if (type !== 'tag') return undefined
    oid = (object as { object: string }).object
  }
  return undefined
}

async function expandShortOid (repos: Repos, gitdir: string, cache: object, short: string): Promise<string | undefined> {
  try {
    return await git.expandOid({ fs: repos.fs, gitdir, oid: short, cache })
  } catch (err: any) {
    if (err?.code === 'AmbiguousError') throw new AmbiguousRevisionError(`${short} is the start of more than one object's id here: give more of it`)
    if (err?.code === 'NotFoundError') return undefined
    throw err
  }
}

export async function listTree (repos: Repos, rid: string, commit: string, path: string): Promise<TreeItem[]> {
  const tree = await treeAt(repos, rid, commit, path)
  if (tree == null) throw new PathNotFoundError(`there is no directory ${path} at ${commit.slice(0, 8)}`)
  return tree
    .map(e => ({ name: e.path, path: path === '' ? e.path : `${path}/${e.path}`, type: e.type, oid: e.oid, mode: e.mode }))
    .sort(compareEntries)
}

/**
 * A folder's entries in the order GitHub shows them: folders (and
 * submodules, which GitHub lists with them) first, then files; within each,
 * by name ignoring case, with runs of digits compared as numbers (file2
 * before file10); names equal but for case or leading zeros in byte order,
 * so the order is total and the same in every browser (no locale involved).
 */
export function compareEntries (a: { name: string, type: string }, b: { name: string, type: string }): number {
  return (a.type === 'blob' ? 1 : 0) - (b.type === 'blob' ? 1 : 0) || compareNames(a.name, b.name)
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57

/** Names as a person orders them (see compareEntries). */
export function compareNames (a: string, b: string): number {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  let i = 0
  let j = 0
  while (i < x.length && j < y.length) {
    if (isDigit(x.charCodeAt(i)) && isDigit(y.charCodeAt(j))) {
      // a run of digits against a run of digits: as numbers (leading zeros skipped)
      let ei = i
      let ej = j
      while (ei < x.length && isDigit(x.charCodeAt(ei))) ei++
      while (ej < y.length && isDigit(y.charCodeAt(ej))) ej++
      const nx = x.slice(i, ei).replace(/^0+/, '')
      const ny = y.slice(j, ej).replace(/^0+/, '')
      if (nx.length !== ny.length) return nx.length - ny.length
      if (nx !== ny) return nx < ny ? -1 : 1
      i = ei
      j = ej
      continue
    }
    if (x[i] !== y[j]) return x.charCodeAt(i) - y.charCodeAt(j)
    i++
    j++
  }
  if (x.length - i !== y.length - j) return (x.length - i) - (y.length - j)
  return a < b ? -1 : a > b ? 1 : 0
}

/** undefined when `path` is not a file at that commit */
export async function readFile (repos: Repos, rid: string, commit: string, path: string): Promise<{ oid: string, bytes: Uint8Array } | undefined> {
  const slash = path.lastIndexOf('/')
  try {
    const dir = await treeAt(repos, rid, commit, slash < 0 ? '' : path.slice(0, slash))
    const entry = dir?.find(e => e.path === path.slice(slash + 1))
    if (entry?.type !== 'blob') return undefined
    return { oid: entry.oid, bytes: await readBlobOid(repos, rid, entry.oid) }
  } catch (err: any) {
    // (isomorphic-git's codes: no such object, or not a commit)
    if (err?.code === 'NotFoundError' || err?.code === 'ObjectTypeError' || err?.name === 'PathNotFoundError') return undefined
    throw err
  }
}

/** The tree at `path` ('' for the root) of a commit; undefined when there is no directory there. */
export async function treeAt (repos: Repos, rid: string, commit: string, path: string): Promise<TreeEntry[] | undefined> {
  const gitdir = repos.gitdir(rid)
  const cache = repos.cache(rid)
  const { commit: c } = await git.readCommit({ fs: repos.fs, gitdir, oid: commit, cache })
  let entries = await readTree(repos, gitdir, c.tree, cache)
  for (const name of path === '' ? [] : path.split('/')) {
    const e = entries.find(x => x.path === name)
    if (e?.type !== 'tree') return undefined
    entries = await readTree(repos, gitdir, e.oid, cache)
  }
  return entries
}

/**
 * A tree's entries, read with our own reader: isomorphic-git's refuses
 * names git takes, such as `a\b.txt`, and the tree would not show.
 */
async function readTree (repos: Repos, gitdir: string, oid: string, cache: object): Promise<TreeEntry[]> {
  const { type, object } = await git.readObject({ fs: repos.fs, gitdir, oid, format: 'content', cache })
  if (type !== 'tree') throw new PathNotFoundError(`${oid} is a ${type}, not a tree`)
  return parseTree(object as Uint8Array, oid)
}

export async function readBlobOid (repos: Repos, rid: string, oid: string): Promise<Uint8Array> {
  return (await git.readBlob({ fs: repos.fs, gitdir: repos.gitdir(rid), oid, cache: repos.cache(rid) })).blob
}

/**
 * One page of history in `git log --topo-order` order (log-order.ts): page
 * k of size n is always entries [k*n, (k+1)*n) of one full order, kept per
 * start commit, so paging never walks the history again.
 */
export async function readLog (repos: Repos, rid: string, start: string, opts: { skip: number, limit: number }): Promise<{ commits: CommitSummary[], more: boolean }> {
  // parents read straight from the packs: isomorphic-git's readObject probes
  // the fs for every object (~2 ms each; 8,000 commits took 17 s)
  const walk = async (): Promise<TopoOrder> => await withObjectStore(repos.fs, repos.gitdir(rid), async (store) => {
    try {
      return await topoOrder(start, async (oid) => {
        const obj = await store.read(oid)
        return obj?.type === 'commit' ? commitParents(obj.data) : undefined
      })
    } finally { store.release() }
  })
  const order = await topoOrdersOf(repos).get(`${rid} ${start}`, walk)
  const page = order.oids.slice(opts.skip, opts.skip + opts.limit)
  const commits: CommitSummary[] = []
  for (const oid of page) commits.push(await readCommit(repos, rid, oid))
  return { commits, more: order.oids.length > opts.skip + opts.limit }
}

export async function readCommit (repos: Repos, rid: string, oid: string): Promise<CommitSummary> {
  const { commit } = await git.readCommit({ fs: repos.fs, gitdir: repos.gitdir(rid), oid, cache: repos.cache(rid) })
  return { oid, message: commit.message, parents: commit.parent, tree: commit.tree, author: commit.author, committer: commit.committer }
}

/**
 * The files a commit changed against its first parent (everything, for a
 * root commit), renames paired as `git diff -M` pairs them. Pass `blobs` to
 * get back the file contents read for rename scoring and not read them twice.
 */
export async function commitDeltas (repos: Repos, rid: string, commit: CommitSummary, opts: RenameOptions = {}): Promise<FileDelta[]> {
  const parentTree = commit.parents.length > 0 ? (await readCommit(repos, rid, commit.parents[0])).tree : undefined
  return diffTrees(repos.fs, repos.gitdir(rid), parentTree, commit.tree, repos.cache(rid), opts)
}
