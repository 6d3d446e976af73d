// What history walks over one path need of each commit: its tree, parents
// and committer time, and the entry (mode and id) a path has in it. Read
// straight from the packs (pack/object-store.ts) and kept per repository:
// objects never change, so a second walk (a ref moved on, another page,
// blame after history) reads from memory what the first one read.
import { BlameMemo } from './blame-memo.js'
import { parseTree } from './pack/tree-entries.js'
import type { ObjectStore } from './pack/object-store.js'

export interface CommitInfo { tree: string, parents: string[], time: number }

const OID = /^[0-9a-f]{40}$/
const decoder = new TextDecoder()
const encoder = new TextEncoder()

/** tree, parents and committer time from a raw commit's header */
export function parseCommitInfo (raw: Uint8Array): CommitInfo {
  let end = raw.length
  for (let i = 0; i + 1 < raw.length; i++) if (raw[i] === 10 && raw[i + 1] === 10) { end = i; break }
  let tree = ''
  let time = 0
  const parents: string[] = []
  for (const line of decoder.decode(raw.subarray(0, end)).split('\n')) {
    if (line.startsWith('tree ')) tree = line.slice(5)
    else if (line.startsWith('parent ')) { const p = line.slice(7); if (OID.test(p)) parents.push(p) } else if (line.startsWith('committer ')) {
      const m = / (\d+) [+-]\d{4}$/.exec(line)
      if (m != null) time = Number(m[1])
    }
  }
  return { tree, parents, time }
}

/** The `mode oid` of the entry `name` in a raw tree, scanned without parsing the rest. */
export function findEntry (data: Uint8Array, name: Uint8Array): string | undefined {
  const end = data.length
  let p = 0
  while (p < end) {
    const modeStart = p
    while (p < end && data[p] !== 0x20) p++
    const nameStart = p + 1
    let q = nameStart
    while (q < end && data[q] !== 0) q++
    if (q + 21 > end) return undefined
    if (q - nameStart === name.length) {
      let same = true
      for (let i = 0; i < name.length; i++) if (data[nameStart + i] !== name[i]) { same = false; break }
      if (same) {
        let mode = decoder.decode(data.subarray(modeStart, p))
        if (mode.length < 6) mode = mode.padStart(6, '0')
        let hex = ''
        for (let i = q + 1; i < q + 21; i++) hex += (data[i] < 16 ? '0' : '') + data[i].toString(16)
        return `${mode} ${hex}`
      }
    }
    p = q + 21
  }
  return undefined
}

/** caps on what one repository's memo keeps (entries, not bytes; each is small) */
const MAX_COMMITS = 200_000
const MAX_LOOKUPS = 400_000

/** Commit headers and path lookups (and what blame learnt of file versions) kept across walks, for one repository. */
export class HistoryMemo {
  readonly commits = new Map<string, CommitInfo | null>()
  readonly lookups = new Map<string, string | null>()
  readonly blame = new BlameMemo()

  trim (): void {
    if (this.commits.size > MAX_COMMITS) this.commits.clear()
    if (this.lookups.size > MAX_LOOKUPS) this.lookups.clear()
  }
}

/**
 * Reads commits and path entries from `store`, remembering them in `memo`.
 * `entryAt(commit, path)` is the `mode oid` git compares for a pathspec:
 * equal ids, same path, unchanged history.
 */
export class PathReader {
  private readonly names = new Map<string, Uint8Array>()

  constructor (private readonly store: ObjectStore, readonly memo = new HistoryMemo()) {}

  /** null when the commit is not held (a shallow edge) or is no commit */
  async commit (oid: string): Promise<CommitInfo | null> {
    let c = this.memo.commits.get(oid)
    if (c === undefined) {
      const obj = await this.store.read(oid)
      c = obj?.type === 'commit' ? parseCommitInfo(obj.data) : null
      this.memo.commits.set(oid, c)
    }
    return c
  }

  /** the entry at `path` ('' is the root tree) of a commit; undefined when absent */
  async entryAt (commit: string, path: string): Promise<string | undefined> {
    const c = await this.commit(commit)
    if (c == null) return undefined
    let self = `040000 ${c.tree}`
    if (path === '') return self
    for (const part of path.split('/')) {
      if (!self.startsWith('040000 ')) return undefined
      const found = await this.child(self.slice(7), part)
      if (found == null) return undefined
      self = found
    }
    return self
  }

  /** a blob's bytes, or undefined when it is not held */
  async blob (oid: string): Promise<Uint8Array | undefined> {
    const obj = await this.store.read(oid)
    return obj?.type === 'blob' ? obj.data : undefined
  }

  /**
   * Calls `fn` for every file (path, entry before, entry after) that differs
   * between two trees, descending only into subtrees that differ.
   */
  async walkChanged (before: string | undefined, after: string | undefined, prefix: string, fn: (path: string, before: string | undefined, after: string | undefined) => void): Promise<void> {
    if (before === after) return
    const a = before == null ? new Map<string, string>() : await this.entries(before)
    const b = after == null ? new Map<string, string>() : await this.entries(after)
    for (const name of new Set([...a.keys(), ...b.keys()])) {
      const x = a.get(name)
      const y = b.get(name)
      if (x === y) continue
      const path = prefix === '' ? name : `${prefix}/${name}`
      const xt = x?.startsWith('040000 ') === true
      const yt = y?.startsWith('040000 ') === true
      if (xt || yt) await this.walkChanged(xt ? x!.slice(7) : undefined, yt ? y!.slice(7) : undefined, path, fn)
      if ((x != null && !xt) || (y != null && !yt)) fn(path, xt ? undefined : x, yt ? undefined : y)
    }
  }

  private async entries (tree: string): Promise<Map<string, string>> {
    const obj = await this.store.read(tree)
    if (obj?.type !== 'tree') return new Map()
    return new Map(parseTree(obj.data, tree).map(e => [e.path, `${e.mode} ${e.oid}`]))
  }

  private async child (tree: string, name: string): Promise<string | undefined> {
    const key = `${tree}/${name}`
    let e = this.memo.lookups.get(key)
    if (e === undefined) {
      const obj = await this.store.read(tree)
      let bytes = this.names.get(name)
      if (bytes == null) { bytes = encoder.encode(name); this.names.set(name, bytes) }
      e = obj?.type === 'tree' ? findEntry(obj.data, bytes) ?? null : null
      this.memo.lookups.set(key, e)
    }
    return e ?? undefined
  }
}

const memos = new WeakMap<object, Map<string, HistoryMemo>>()

/** The memo of repository `rid` in `owner` (a Repos), made on first use. */
export function historyMemoOf (owner: object, rid: string): HistoryMemo {
  let byRid = memos.get(owner)
  if (byRid == null) { byRid = new Map(); memos.set(owner, byRid) }
  let m = byRid.get(rid)
  if (m == null) { m = new HistoryMemo(); byRid.set(rid, m) }
  m.trim()
  return m
}
