// Reading a tree object held already (checked when it arrived, fsck.ts) into
// its entries. isomorphic-git's own reader refuses names it would not write
// to a disk, such as `a\b.txt`, which git accepts and which a repository
// may well hold; the views and history walks only need the entries, so
// they read trees here, taking any name.
import { oidToHex } from './hex.js'
import { PackError } from './pack-error.js'

export interface TreeEntry {
  /** six octal digits: '040000' for a tree, as isomorphic-git gives it */
  mode: string
  path: string
  oid: string
  type: 'tree' | 'blob' | 'commit'
}

const decoder = new TextDecoder()

/** What git makes of a mode (its canon_mode): a tree, a file or symlink, or else a submodule. */
function typeOf (mode: number): TreeEntry['type'] {
  const fmt = mode & 0o170000
  if (fmt === 0o040000) return 'tree'
  if (fmt === 0o100000 || fmt === 0o120000) return 'blob'
  return 'commit'
}

/** The entries in the tree's own (git's) order; `id` names it in errors. */
export function parseTree (data: Uint8Array, id: string): TreeEntry[] {
  const out: TreeEntry[] = []
  const end = data.length
  let p = 0
  while (p < end) {
    const start = p
    let mode = 0
    for (; p < end && data[p] !== 0x20; p++) {
      const d = data[p] - 0x30
      if (d < 0 || d > 7 || p - start > 12) throw new PackError(`tree ${id} is malformed: bad entry mode at byte ${start}`)
      mode = mode * 8 + d
    }
    if (p === start || p === end) throw new PackError(`tree ${id} is malformed: bad entry mode at byte ${start}`)
    let nul = p + 1
    while (nul < end && data[nul] !== 0) nul++
    if (nul === p + 1 || nul + 21 > end) throw new PackError(`tree ${id} is malformed: truncated entry at byte ${start}`)
    out.push({ mode: mode.toString(8).padStart(6, '0'), path: decoder.decode(data.subarray(p + 1, nul)), oid: oidToHex(data, nul + 1), type: typeOf(mode) })
    p = nul + 21
  }
  return out
}
