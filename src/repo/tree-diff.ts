// What a commit changed: its tree against its first parent's, file by file.
// Identical subtrees are skipped by oid, so large unchanged parts cost nothing.
// Renames are then paired as `git diff -M` pairs them (rename-detect.ts):
// same content, or at least 50% similar by git's own score.
// Trees are read with our own reader: isomorphic-git's refuses names git
// takes, such as `a\b.txt`, and the commit would not show.
import git from './git.js'
import { PathNotFoundError } from './errors.js'
import { detectRenames } from './rename-detect.js'
import type { RenameOptions } from './rename-detect.js'
import { parseTree } from './pack/tree-entries.js'
import type { GitFs } from './fs.js'

export interface FileDelta {
  status: 'added' | 'deleted' | 'modified' | 'renamed'
  path: string
  oldPath?: string
  oldOid?: string
  newOid?: string
  oldMode?: string
  newMode?: string
  /** for renames: git's similarity index, 0..100 (100 = same content) */
  similarity?: number
}

type Entries = Map<string, { oid: string, type: string, mode: string }>

export interface TreeDiffOptions extends RenameOptions {
  /** how trees are read (an object's type and content; undefined when not held): isomorphic-git's readObject when absent or when it says undefined */
  readObject?: (oid: string) => Promise<{ type: string, data: Uint8Array } | undefined>
}

export async function diffTrees (fs: GitFs, gitdir: string, oldTree: string | undefined, newTree: string, cache?: object, opts: TreeDiffOptions = {}): Promise<FileDelta[]> {
  const out: FileDelta[] = []
  const readRaw = async (oid: string): Promise<{ type: string, data: Uint8Array }> => {
    const obj = await opts.readObject?.(oid)
    if (obj != null) return obj
    const { type, object } = await git.readObject({ fs, gitdir, oid, format: 'content', cache })
    return { type, data: object as Uint8Array }
  }
  const read = async (oid: string | undefined): Promise<Entries> => {
    const m: Entries = new Map()
    if (oid == null) return m
    opts.signal?.throwIfAborted()
    const { type, data } = await readRaw(oid)
    if (type !== 'tree') throw new PathNotFoundError(`${oid} is a ${type}, not a tree`)
    for (const e of parseTree(data, oid)) m.set(e.path, { oid: e.oid, type: e.type, mode: e.mode })
    return m
  }
  const walk = async (a: string | undefined, b: string | undefined, prefix: string): Promise<void> => {
    if (a === b) return
    const [ea, eb] = await Promise.all([read(a), read(b)])
    const names = [...new Set([...ea.keys(), ...eb.keys()])].sort()
    for (const name of names) {
      const x = ea.get(name)
      const y = eb.get(name)
      const path = prefix + name
      if (x?.oid === y?.oid && x?.type === y?.type) continue
      const xTree = x?.type === 'tree'
      const yTree = y?.type === 'tree'
      if (xTree || yTree) {
        await walk(xTree ? x!.oid : undefined, yTree ? y!.oid : undefined, path + '/')
        if (x != null && !xTree && x.type === 'blob') out.push({ status: 'deleted', path, oldOid: x.oid, oldMode: x.mode })
        if (y != null && !yTree && y.type === 'blob') out.push({ status: 'added', path, newOid: y.oid, newMode: y.mode })
        continue
      }
      if (x?.type === 'commit' || y?.type === 'commit') continue // submodule pointers
      if (x == null) out.push({ status: 'added', path, newOid: y!.oid, newMode: y!.mode })
      else if (y == null) out.push({ status: 'deleted', path, oldOid: x.oid, oldMode: x.mode })
      else out.push({ status: 'modified', path, oldOid: x.oid, newOid: y.oid, oldMode: x.mode, newMode: y.mode })
    }
  }
  await walk(oldTree, newTree, '')
  const readBlob = opts.readBlob ?? (async (oid: string): Promise<Uint8Array> =>
    (await git.readBlob({ fs, gitdir, oid, cache })).blob)
  return detectRenames(out, readBlob, opts)
}
