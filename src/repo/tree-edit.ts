// Applies file changes (write, delete, rename) to a tree and writes the new
// trees bottom-up. Only the trees on the changed paths are read or written.
// Trees are read and written here, not by isomorphic-git, whose reader
// refuses names git takes (`a\b.txt`): an edit next to such a file must
// keep it as it is.
import git from './git.js'
import { EditError, PathNotFoundError } from './errors.js'
import { checkTree, MalformedObjectError } from './pack/fsck.js'
import { parseTree } from './pack/tree-entries.js'
import { splitPath } from './paths.js'
import type { GitFs } from './fs.js'

export type FileChange =
  | { op: 'write', path: string, content: Uint8Array }
  | { op: 'delete', path: string }
  | { op: 'rename', from: string, to: string }

interface Leaf { mode: string, oid: string, type: 'blob' | 'tree' | 'commit' }
interface Dir {
  oid?: string
  loaded: boolean
  dirty: boolean
  entries: Map<string, Leaf | Dir>
  /** it holds a name that is not UTF-8: it cannot be written back as it was */
  notUtf8?: boolean
}

const isDir = (x: Leaf | Dir): x is Dir => 'entries' in x

export async function applyChanges (fs: GitFs, gitdir: string, rootTree: string | undefined, changes: FileChange[], cache?: object): Promise<string> {
  const root: Dir = { oid: rootTree, loaded: rootTree == null, dirty: true, entries: new Map() }

  const load = async (d: Dir): Promise<void> => {
    if (d.loaded) return
    const { type, object } = await git.readObject({ fs, gitdir, oid: d.oid!, format: 'content', cache })
    if (type !== 'tree') throw new PathNotFoundError(`${d.oid!} is a ${type}, not a tree`)
    const entries = parseTree(object as Uint8Array, d.oid!)
    for (const e of entries) d.entries.set(e.path, e.type === 'tree' ? { oid: e.oid, loaded: false, dirty: false, entries: new Map() } : { mode: e.mode, oid: e.oid, type: e.type })
    if (entries.some(e => e.path.includes('\ufffd')) && !namesRoundTrip(object as Uint8Array, entries)) d.notUtf8 = true
    d.loaded = true
  }

  /** The directory holding `parts`' last component, created on the way when `create`. */
  const parentOf = async (parts: string[], create: boolean): Promise<Dir> => {
    let d = root
    await load(d)
    for (const name of parts.slice(0, -1)) {
      let next = d.entries.get(name)
      if (next == null) {
        if (!create) throw new EditError(`no such directory: ${parts.join('/')}`)
        next = { loaded: true, dirty: true, entries: new Map() }
        d.entries.set(name, next)
      }
      if (!isDir(next)) throw new EditError(`${name} is a file, not a directory`)
      await load(next)
      d.dirty = true
      d = next
    }
    d.dirty = true
    return d
  }

  for (const c of changes) {
    if (c.op === 'write') {
      const parts = splitPath(c.path)
      const dir = await parentOf(parts, true)
      const name = parts[parts.length - 1]
      const prev = dir.entries.get(name)
      if (prev != null && isDir(prev)) throw new EditError(`${c.path} is a directory`)
      const oid = await git.writeBlob({ fs, gitdir, blob: c.content })
      // keep the executable bit of a file we overwrite
      dir.entries.set(name, { mode: prev?.mode === '100755' ? '100755' : '100644', oid, type: 'blob' })
    } else if (c.op === 'delete') {
      const parts = splitPath(c.path)
      const dir = await parentOf(parts, false)
      if (!dir.entries.delete(parts[parts.length - 1])) throw new EditError(`no such file: ${c.path}`)
    } else {
      const from = splitPath(c.from)
      const to = splitPath(c.to)
      if (c.to === c.from) continue
      if (c.to.startsWith(c.from + '/')) throw new EditError('cannot move a directory into itself')
      const src = await parentOf(from, false)
      const entry = src.entries.get(from[from.length - 1])
      if (entry == null) throw new EditError(`no such file: ${c.from}`)
      const dst = await parentOf(to, true)
      if (dst.entries.has(to[to.length - 1])) throw new EditError(`${c.to} already exists`)
      src.entries.delete(from[from.length - 1])
      dst.entries.set(to[to.length - 1], entry)
    }
  }

  const write = async (d: Dir, path: string): Promise<string | undefined> => {
    if (!d.dirty) return d.oid
    if (d.notUtf8 === true) throw new EditError(`${path === '' ? 'the top folder' : path} holds a file name that is not UTF-8; Guts cannot change that folder without renaming it`)
    const tree: TreeItem[] = []
    for (const [name, e] of d.entries) {
      if (isDir(e)) {
        const oid = await write(e, path === '' ? name : `${path}/${name}`)
        if (oid != null) tree.push({ mode: '40000', name, oid })
      } else {
        tree.push({ mode: canonMode(e), name, oid: e.oid })
      }
    }
    // git drops empty directories
    if (tree.length === 0 && d !== root) return undefined
    return git.writeObject({ fs, gitdir, type: 'tree', object: treeObject(tree), format: 'content' })
  }
  return (await write(root, ''))!
}

interface TreeItem { mode: string, name: string, oid: string }

/**
 * The mode git writes for an entry (its canon_mode): a symlink, a
 * submodule, or a file that is executable or not; early git's 100664
 * becomes 100644, as git itself rewrites it.
 */
function canonMode (e: Leaf): string {
  if (e.type === 'commit') return '160000'
  if (e.mode === '120000') return '120000'
  return (parseInt(e.mode, 8) & 0o100) !== 0 ? '100755' : '100644'
}

const encoder = new TextEncoder()

/**
 * A tree object: `<mode> <name>\0<20-byte id>` per entry, in git's order
 * (names compared as bytes, a tree's as if it ended in '/'), checked as a
 * peer will check it before it is written.
 */
export function treeObject (items: TreeItem[]): Uint8Array {
  const keyed = items.map(e => ({ e, name: encoder.encode(e.name), key: encoder.encode(e.mode === '40000' ? `${e.name}/` : e.name) }))
  keyed.sort((a, b) => compareBytes(a.key, b.key))
  const parts: Uint8Array[] = []
  for (const { e, name } of keyed) parts.push(encoder.encode(`${e.mode} `), name, ZERO, hexBytes(e.oid))
  const out = concatAll(parts)
  try {
    checkTree(out, 'written here')
  } catch (err) {
    if (err instanceof MalformedObjectError) throw new EditError(`this change cannot be committed: peers would refuse it (${err.message})`)
    throw err
  }
  return out
}

const ZERO = new Uint8Array([0])

/**
 * Whether every name of `entries` (parseTree's, in the tree's order) is
 * the tree's own bytes: a name that is not UTF-8, which git takes, reads
 * back with U+FFFD in it, and writing that would rename the file.
 */
function namesRoundTrip (data: Uint8Array, entries: Array<{ path: string }>): boolean {
  let p = 0
  for (const e of entries) {
    const start = data.indexOf(0x20, p) + 1
    const nul = data.indexOf(0, start)
    const name = encoder.encode(e.path)
    if (name.length !== nul - start || name.some((b, i) => b !== data[start + i])) return false
    p = nul + 21
  }
  return true
}

function compareBytes (a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return a.length - b.length
}

function hexBytes (oid: string): Uint8Array {
  const out = new Uint8Array(20)
  for (let i = 0; i < 20; i++) out[i] = parseInt(oid.slice(2 * i, 2 * i + 2), 16)
  return out
}

function concatAll (parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) { out.set(p, at); at += p.length }
  return out
}
