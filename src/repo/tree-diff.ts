// What a commit changed: its tree against its first parent's, file by file.
// Identical subtrees are skipped by oid, so large unchanged parts cost nothing.
// Renames are detected when a deleted and an added file have the same
// content (git's exact-rename pass); similarity-based renames are not.
// Trees are read with our own reader: isomorphic-git's refuses names git
// takes, such as `a\b.txt`, and the commit would not show.
import git from 'isomorphic-git'
import { PathNotFoundError } from './errors.js'
import { parseTree } from './pack/tree-entries.js'
import type { GitFs } from './fs.js'

export interface FileDelta {
  status: 'added' | 'deleted' | 'modified' | 'renamed'
  path: string
  oldPath?: string
  oldOid?: string
  newOid?: string
}

type Entries = Map<string, { oid: string, type: string }>

export async function diffTrees (fs: GitFs, gitdir: string, oldTree: string | undefined, newTree: string, cache?: object): Promise<FileDelta[]> {
  const out: FileDelta[] = []
  const read = async (oid: string | undefined): Promise<Entries> => {
    const m: Entries = new Map()
    if (oid == null) return m
    const { type, object } = await git.readObject({ fs, gitdir, oid, format: 'content', cache })
    if (type !== 'tree') throw new PathNotFoundError(`${oid} is a ${type}, not a tree`)
    for (const e of parseTree(object as Uint8Array, oid)) m.set(e.path, { oid: e.oid, type: e.type })
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
        if (x != null && !xTree && x.type === 'blob') out.push({ status: 'deleted', path, oldOid: x.oid })
        if (y != null && !yTree && y.type === 'blob') out.push({ status: 'added', path, newOid: y.oid })
        continue
      }
      if (x?.type === 'commit' || y?.type === 'commit') continue // submodule pointers
      if (x == null) out.push({ status: 'added', path, newOid: y!.oid })
      else if (y == null) out.push({ status: 'deleted', path, oldOid: x.oid })
      else out.push({ status: 'modified', path, oldOid: x.oid, newOid: y.oid })
    }
  }
  await walk(oldTree, newTree, '')
  return pairRenames(out)
}

/** git's id for the empty blob: empty files are never paired as renames, as in git. */
const EMPTY_BLOB = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'

/** Pairs each deleted file with an added file of identical content. */
export function pairRenames (deltas: FileDelta[]): FileDelta[] {
  const deleted = new Map<string, FileDelta[]>()
  for (const d of deltas) if (d.status === 'deleted' && d.oldOid !== EMPTY_BLOB) deleted.set(d.oldOid!, [...(deleted.get(d.oldOid!) ?? []), d])
  const consumed = new Set<FileDelta>()
  const out: FileDelta[] = []
  for (const d of deltas) {
    if (d.status === 'added') {
      const match = deleted.get(d.newOid!)?.find(x => !consumed.has(x))
      if (match != null) {
        consumed.add(match)
        out.push({ status: 'renamed', path: d.path, oldPath: match.path, oldOid: match.oldOid, newOid: d.newOid })
        continue
      }
    }
    out.push(d)
  }
  return out.filter(d => !consumed.has(d)).sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
}
