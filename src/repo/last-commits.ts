// The last commit that touched a folder, and each of its entries: what
// `git log -1 --format=%H <start> -- <path>` prints for each of them.
//
// git's rule (revision.c, default history simplification): walk back from
// the start. A commit is shown when the path differs from its parent's, a
// root commit when it holds the path, a merge when the path differs from
// every parent.
// A merge whose path equals some parent's (TREESAME) is not shown and only
// the first such parent is followed: the other sides did not matter.
//
// One walk serves every entry of the folder: the entries ride together and
// split only at a merge where they follow different parents. An entry is
// done at the first commit that shows it; the walk stops when all are done. Commits and trees
// are read straight from the packs, and each commit's folder tree once.
import { PathNotFoundError } from './errors.js'
import { withObjectStore } from './object-files.js'
import { parseTree } from './pack/tree-entries.js'
import type { ObjectStore } from './pack/object-store.js'
import type { Repos } from './repos.js'

export interface LastCommits {
  /** the commit that last touched the folder itself */
  folder: string
  /** entry name to the commit that last touched it */
  entries: Record<string, string>
}

export interface LastCommitsOptions { signal?: AbortSignal }

interface Commit { tree: string, parents: string[] }

const OID = /^[0-9a-f]{40}$/
const decoder = new TextDecoder()

/** tree and parents from a raw commit's header */
export function commitHeader (raw: Uint8Array): Commit {
  let end = raw.length
  for (let i = 0; i + 1 < raw.length; i++) if (raw[i] === 10 && raw[i + 1] === 10) { end = i; break }
  let tree = ''
  const parents: string[] = []
  for (const line of decoder.decode(raw.subarray(0, end)).split('\n')) {
    if (line.startsWith('tree ')) tree = line.slice(5)
    else if (line.startsWith('parent ')) { const p = line.slice(7); if (OID.test(p)) parents.push(p) }
  }
  return { tree, parents }
}

/** The ids a folder's entries and the folder itself have at one commit; undefined where absent. */
interface FolderState { self: string | undefined, entries: Map<string, string> | undefined }

/**
 * The last commits of the folder `path` ('' for the root) and of each entry
 * it has at `start`. Pure over `store`: the same objects give the same answer.
 */
export async function lastCommitsIn (store: ObjectStore, start: string, path: string, opts: LastCommitsOptions = {}): Promise<LastCommits> {
  const commits = new Map<string, Commit | null>()
  const trees = new Map<string, Map<string, string> | null>()
  const states = new Map<string, FolderState>()
  const names = path === '' ? [] : path.split('/')

  const commitOf = async (oid: string): Promise<Commit | null> => {
    let c = commits.get(oid)
    if (c === undefined) {
      const obj = await store.read(oid)
      c = obj?.type === 'commit' ? commitHeader(obj.data) : null
      commits.set(oid, c)
    }
    return c
  }
  // a tree as name → mode and id (a mode change is a change too)
  const treeOf = async (oid: string): Promise<Map<string, string> | null> => {
    let t = trees.get(oid)
    if (t === undefined) {
      const obj = await store.read(oid)
      t = obj?.type === 'tree' ? new Map(parseTree(obj.data, oid).map(e => [e.path, `${e.mode} ${e.oid}`])) : null
      trees.set(oid, t)
    }
    return t
  }
  const stateOf = async (oid: string): Promise<FolderState> => {
    let s = states.get(oid)
    if (s != null) return s
    const c = await commitOf(oid)
    let self: string | undefined = c == null ? undefined : `040000 ${c.tree}`
    for (const name of names) {
      const t = self?.startsWith('040000 ') === true ? await treeOf(self.slice(7)) : null
      self = t?.get(name)
    }
    const entries = self?.startsWith('040000 ') === true ? (await treeOf(self.slice(7))) ?? undefined : undefined
    s = { self, entries }
    states.set(oid, s)
    return s
  }
  // '' stands for the folder itself, a name for one of its entries
  const idAt = (s: FolderState, key: string): string | undefined => key === '' ? s.self : s.entries?.get(key)

  const top = await stateOf(start)
  const found = new Map<string, string>()
  if (top.self == null) throw new PathNotFoundError(`there is no directory ${path} at ${start.slice(0, 8)}`)
  const keys = ['', ...(top.entries?.keys() ?? [])]

  // Each walk is a chain, never a queue: a commit that is not shown has one
  // parent to follow (its only one, or the first TREESAME one of a merge),
  // and a merge that follows none is shown, which ends the walk for that key.
  // So git's date order never comes into play for `-1`.
  const walks: Array<{ keys: string[], oid: string }> = [{ keys, oid: start }]
  let steps = 0
  while (walks.length > 0) {
    const w = walks.pop()!
    while (w.keys.length > 0) {
      if (++steps % 500 === 0) opts.signal?.throwIfAborted()
      const c = await commitOf(w.oid)
      const here = await stateOf(w.oid)
      // parents not held (a shallow edge) count as none, as git counts a graft
      const parents: string[] = []
      for (const p of c?.parents ?? []) if ((await commitOf(p)) != null) parents.push(p)
      const there: FolderState[] = []
      for (const p of parents) there.push(await stateOf(p))
      // the folder unchanged against its first parent: so is every entry, a
      // quick step down a long stretch of history that did not touch it
      if (there.length > 0 && there[0].self === here.self) { w.oid = parents[0]; continue }
      // per key: the first parent it is TREESAME to, or none (shown here)
      const follow = new Map<number, string[]>()
      for (const key of w.keys) {
        const id = idAt(here, key)
        const same = there.findIndex(s => idAt(s, key) === id)
        if (same < 0) { found.set(key, w.oid); continue }
        const group = follow.get(same)
        if (group == null) follow.set(same, [key]); else group.push(key)
      }
      const groups = [...follow.entries()]
      if (groups.length === 0) break
      // keys that leave a merge by another parent walk on apart
      for (const [i, group] of groups.slice(1)) walks.push({ keys: group, oid: parents[i] })
      const [i, group] = groups[0]
      w.keys = group
      w.oid = parents[i]
    }
  }

  const entries: Record<string, string> = {}
  for (const key of keys) if (key !== '') entries[key] = found.get(key)!
  return { folder: found.get('')!, entries }
}

/**
 * Answers kept per repository, start commit and folder: a commit's history
 * never changes, so reopening a folder costs nothing. A walk in progress is
 * shared; a failed one is not kept.
 */
export class LastCommitsCache {
  private readonly answers = new Map<string, Promise<LastCommits>>()
  constructor (private readonly max = 256) {}

  async get (key: string, compute: () => Promise<LastCommits>): Promise<LastCommits> {
    let a = this.answers.get(key)
    if (a != null) { this.answers.delete(key); this.answers.set(key, a); return await a }
    a = compute()
    this.answers.set(key, a)
    for (const k of this.answers.keys()) {
      if (this.answers.size <= this.max) break
      this.answers.delete(k)
    }
    try {
      return await a
    } catch (err) {
      if (this.answers.get(key) === a) this.answers.delete(key)
      throw err
    }
  }
}

const shared = new WeakMap<object, LastCommitsCache>()

/** The last commits of a folder and its entries at `start`, cached per (rid, start, path). */
export async function lastCommits (repos: Repos, rid: string, start: string, path: string, opts: LastCommitsOptions = {}): Promise<LastCommits> {
  let cache = shared.get(repos)
  if (cache == null) { cache = new LastCommitsCache(); shared.set(repos, cache) }
  return await cache.get(`${rid} ${start} ${path}`, async () => await withObjectStore(repos.fs, repos.gitdir(rid), async (store) => {
    try {
      return await lastCommitsIn(store, start, path, opts)
    } finally { store.release() }
  }))
}
