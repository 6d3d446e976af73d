// The three-way merge of two trees against their base, path by path, as
// git's merge-ort decides each path (without its rename detection; see
// merge-plan.ts). A subtree that one side left as it was is taken whole from
// the other by its id, so only the trees on changed paths are read: a patch
// of 300 files in a repository of 10,000 reads a few dozen trees.
//
// Names are kept as the tree's bytes (one char per byte): compared and
// sorted as git compares them, and written back unchanged, UTF-8 or not.
import { mergeText } from '../core/merge-text.js'
import { oidToHex } from './pack/hex.js'
import { hashObject } from './pack/object-id.js'

/** how the merge reads an object; throws when it is not held */
export type ReadObject = (oid: string) => Promise<{ type: string, data: Uint8Array }>

interface Entry { mode: number, oid: string }

const S_IFMT = 0o170000
const TREE = 0o040000
const FILE = 0o100000
const LINK = 0o120000

export class MergeTreeError extends Error { static name = 'MergeTreeError'; name = 'MergeTreeError' }

/** What merging two trees gave: the tree (none when empty), and the paths that did not merge, with why. */
export interface TreeMerge {
  tree?: string
  /** path (as the tree's bytes, one char per byte) → why it does not merge */
  conflicts: Map<string, string>
  /** objects made (merged blobs and trees), by id, not yet written */
  made: Map<string, { type: 'blob' | 'tree', data: Uint8Array }>
}

/** objects read at once */
const READERS = 16

export async function mergeTrees (readAny: ReadObject, base: string | undefined, ours: string | undefined, theirs: string | undefined, signal?: AbortSignal): Promise<TreeMerge> {
  const read = limited(readAny, READERS)
  const conflicts = new Map<string, string>()
  const made = new Map<string, { type: 'blob' | 'tree', data: Uint8Array }>()
  const put = (type: 'blob' | 'tree', data: Uint8Array): string => {
    const id = new Uint8Array(20)
    hashObject(type, data, id, 0)
    const oid = oidToHex(id)
    made.set(oid, { type, data })
    return oid
  }
  const readTree = async (oid: string | undefined): Promise<Map<string, Entry>> => {
    const out = new Map<string, Entry>()
    if (oid == null) return out
    signal?.throwIfAborted()
    const { type, data } = await read(oid)
    if (type !== 'tree') throw new MergeTreeError(`${oid} is a ${type}, not a tree`)
    for (const e of treeEntries(data, oid)) out.set(e.name, { mode: e.mode, oid: e.oid })
    return out
  }
  const blob = async (e: Entry | undefined): Promise<Uint8Array> => {
    if (e == null) return new Uint8Array(0)
    const { type, data } = await read(e.oid)
    if (type !== 'blob') throw new MergeTreeError(`${e.oid} is a ${type}, not a blob`)
    return data
  }

  /** one path's non-tree versions (merge-ort's process_entry and handle_content_merge); null when it conflicts */
  const mergeFile = async (path: string, b?: Entry, o?: Entry, t?: Entry): Promise<Entry | undefined | null> => {
    if (same(o, t)) return o
    if (same(b, o)) return t
    if (same(b, t)) return o
    const conflict = (why: string): null => { conflicts.set(path, why); return null }
    if (o == null) return conflict('deleted in ours, changed in theirs')
    if (t == null) return conflict('changed in ours, deleted in theirs')
    if ((o.mode & S_IFMT) !== (t.mode & S_IFMT)) return conflict(`${kind(o.mode)} in ours, ${kind(t.mode)} in theirs`)
    // the mode: a change on one side only wins
    let mode = t.mode
    let modeClean = true
    if (o.mode !== t.mode && o.mode !== b?.mode) { mode = o.mode; modeClean = t.mode === b?.mode }
    let oid: string
    if (o.oid === t.oid || o.oid === b?.oid) oid = t.oid
    else if (t.oid === b?.oid) oid = o.oid
    else if ((o.mode & S_IFMT) === FILE) {
      // a base of another kind (or none: added on both sides) merges as empty
      const twoWay = b == null || (b.mode & S_IFMT) !== FILE
      signal?.throwIfAborted()
      const m = mergeText(await blob(twoWay ? undefined : b), await blob(o), await blob(t))
      if (m.kind === 'binary') return conflict('binary (or too large to merge here) and changed on both sides')
      if (m.kind === 'conflict') {
        if (twoWay) return conflict('added on both sides with different content')
        const [s, e] = m.regions[0].base
        const where = e - s <= 1 ? `line ${s + 1}` : `lines ${s + 1}–${e}`
        return conflict(`both changed the same or adjacent lines (${where}${m.regions.length > 1 ? ` and ${m.regions.length - 1} more place${m.regions.length > 2 ? 's' : ''}` : ''})`)
      }
      oid = put('blob', m.merged)
    } else {
      return conflict(`${(o.mode & S_IFMT) === LINK ? 'the symlink' : 'the submodule'} changed on both sides`)
    }
    if (!modeClean) return conflict('added on both sides, executable on one only')
    return { mode, oid }
  }

  /** merges three versions of a directory; its id, or undefined when it comes out empty */
  const merge = async (b: string | undefined, o: string | undefined, t: string | undefined, prefix: string): Promise<string | undefined> => {
    if (o === t) return o
    if (b === o) return t
    if (b === t) return o
    const [eb, eo, et] = await Promise.all([readTree(b), readTree(o), readTree(t)])
    const names = new Set([...eb.keys(), ...eo.keys(), ...et.keys()])
    const entries: Array<{ name: string, mode: number, oid: string }> = []
    // (a path that conflicts stays in git's tree in some form: it keeps its directory from being empty)
    let present = 0
    // (the names one after another, their directories at the same time: reads overlap)
    await Promise.all([...names].map(async (name) => {
      const x = eb.get(name)
      const y = eo.get(name)
      const z = et.get(name)
      const path = prefix + name
      // a path may be a directory on one side and a file on another: each part merges alone
      const dir = (dirOf(x) ?? dirOf(y) ?? dirOf(z)) == null ? undefined : await merge(dirOf(x), dirOf(y), dirOf(z), path + '/')
      const file = await mergeFile(path, fileOf(x), fileOf(y), fileOf(z))
      if (dir != null) {
        present++
        if (file !== undefined) conflicts.set(path, conflicts.get(path) ?? 'a file on one side, a directory on the other')
        if (dir !== UNBUILT) entries.push({ name, mode: TREE, oid: dir })
      }
      if (file !== undefined) {
        present++
        if (file !== null) entries.push({ name, ...file })
      }
    }))
    if (present === 0) return undefined
    // a merge that does not go through is not written, nor its trees hashed
    if (conflicts.size > 0) return UNBUILT
    return put('tree', treeContent(entries))
  }

  // (everything deleted: git writes the empty tree)
  const tree = await merge(base, ours, theirs, '') ?? put('tree', new Uint8Array(0))
  return conflicts.size > 0 ? { conflicts, made: new Map() } : { tree, conflicts, made }
}

/** stands for a directory that does not come out empty but is not made, the merge having conflicts */
const UNBUILT = '(not built)'

const dirOf = (e?: Entry): string | undefined => e != null && e.mode === TREE ? e.oid : undefined
const fileOf = (e?: Entry): Entry | undefined => e != null && e.mode !== TREE ? e : undefined

/** `fn` run at most `n` at a time */
function limited<A, R> (fn: (a: A) => Promise<R>, n: number): (a: A) => Promise<R> {
  let running = 0
  const waiting: Array<() => void> = []
  return async (a) => {
    while (running >= n) await new Promise<void>(resolve => waiting.push(resolve))
    running++
    try { return await fn(a) } finally { running--; waiting.shift()?.() }
  }
}

const same = (x?: Entry, y?: Entry): boolean => x?.mode === y?.mode && x?.oid === y?.oid

const kind = (mode: number): string => (mode & S_IFMT) === FILE ? 'a file' : (mode & S_IFMT) === LINK ? 'a symlink' : 'a submodule'

/** git's canon_mode: what a tree entry's mode means */
function canonMode (mode: number): number {
  const fmt = mode & S_IFMT
  if (fmt === FILE) return (mode & 0o100) !== 0 ? 0o100755 : 0o100644
  if (fmt === LINK || fmt === TREE) return fmt
  return 0o160000
}

/** A tree's entries: names as byte strings, modes canonical. */
export function treeEntries (data: Uint8Array, id: string): Array<{ name: string, mode: number, oid: string }> {
  const out: Array<{ name: string, mode: number, oid: string }> = []
  let p = 0
  while (p < data.length) {
    const sp = data.indexOf(0x20, p)
    const nul = sp < 0 ? -1 : data.indexOf(0, sp + 1)
    if (sp <= p || nul <= sp + 1 || nul + 21 > data.length) throw new MergeTreeError(`tree ${id} is malformed at byte ${p}`)
    let mode = 0
    for (let i = p; i < sp; i++) mode = mode * 8 + data[i] - 0x30
    out.push({ name: String.fromCharCode.apply(null, data.subarray(sp + 1, nul) as unknown as number[]), mode: canonMode(mode), oid: oidToHex(data, nul + 1) })
    p = nul + 21
  }
  return out
}

/** A tree object in git's order: names as bytes, a directory's as if it ended in '/'. */
function treeContent (entries: Array<{ name: string, mode: number, oid: string }>): Uint8Array {
  const key = (e: { name: string, mode: number }): string => e.mode === TREE ? e.name + '/' : e.name
  entries.sort((a, b) => key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)
  let n = 0
  const heads = entries.map(e => { const h = `${e.mode.toString(8)} ${e.name}\0`; n += h.length + 20; return h })
  const out = new Uint8Array(n)
  let at = 0
  entries.forEach((e, k) => {
    const h = heads[k]
    for (let i = 0; i < h.length; i++) out[at++] = h.charCodeAt(i)
    for (let i = 0; i < 20; i++) out[at++] = parseInt(e.oid.slice(2 * i, 2 * i + 2), 16)
  })
  return out
}
