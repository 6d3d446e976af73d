// Applies file changes (write, delete, rename) to a tree and writes the new
// trees bottom-up. Only the trees on the changed paths are read or written.
import git from 'isomorphic-git'
import { EditError } from './errors.js'
import { splitPath } from './paths.js'
import type { GitFs } from './fs.js'

export type FileChange =
  | { op: 'write', path: string, content: Uint8Array }
  | { op: 'delete', path: string }
  | { op: 'rename', from: string, to: string }

interface Leaf { mode: string, oid: string, type: 'blob' | 'tree' | 'commit' }
interface Dir { oid?: string, loaded: boolean, dirty: boolean, entries: Map<string, Leaf | Dir> }

const isDir = (x: Leaf | Dir): x is Dir => 'entries' in x

export async function applyChanges (fs: GitFs, gitdir: string, rootTree: string | undefined, changes: FileChange[], cache?: object): Promise<string> {
  const root: Dir = { oid: rootTree, loaded: rootTree == null, dirty: true, entries: new Map() }

  const load = async (d: Dir): Promise<void> => {
    if (d.loaded) return
    const { tree } = await git.readTree({ fs, gitdir, oid: d.oid!, cache })
    for (const e of tree) d.entries.set(e.path, e.type === 'tree' ? { oid: e.oid, loaded: false, dirty: false, entries: new Map() } : { mode: e.mode, oid: e.oid, type: e.type })
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

  const write = async (d: Dir): Promise<string | undefined> => {
    if (!d.dirty) return d.oid
    const tree: Array<{ mode: string, path: string, oid: string, type: 'blob' | 'tree' | 'commit' }> = []
    for (const [name, e] of d.entries) {
      if (isDir(e)) {
        const oid = await write(e)
        if (oid != null) tree.push({ mode: '040000', path: name, oid, type: 'tree' })
      } else {
        tree.push({ mode: e.mode, path: name, oid: e.oid, type: e.type })
      }
    }
    // git drops empty directories
    if (tree.length === 0 && d !== root) return undefined
    return git.writeTree({ fs, gitdir, tree })
  }
  return (await write(root))!
}
