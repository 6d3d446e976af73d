// The object ids a commit, tree or tag points at: what must also be present
// for a history to be complete. Collecting them while the pack is indexed (the
// only time every object's content is at hand anyway) spares the separate
// walk that re-reads every commit and tree afterwards. Blobs point at nothing.
// Each object is checked here first, the way git fsck does (fsck.ts): the
// one place every commit, tree and tag from a peer or a bundle goes through.
import { checkCommit, checkTag, checkTree } from './fsck.js'
import { decodeHexOid, oidToHex } from './hex.js'
import { PackError } from './pack-error.js'
import { parseTree } from './tree-entries.js'
import type { IdSet } from './id-set.js'

const NL = 0x0a
const SPACE = 0x20
const oid = new Uint8Array(20)

function startsWith (data: Uint8Array, at: number, prefix: string): boolean {
  if (at + prefix.length > data.length) return false
  for (let i = 0; i < prefix.length; i++) if (data[at + i] !== prefix.charCodeAt(i)) return false
  return true
}

/** Whether a `<prefix><40 hex>\n` line is at `at`; its id is then in `oid`. */
function isIdLine (data: Uint8Array, at: number, prefix: string): boolean {
  return startsWith(data, at, prefix) && decodeHexOid(data, at + prefix.length, oid) && data[at + prefix.length + 40] === NL
}

/** Adds the id of a `<prefix><40 hex>\n` line at `at`; false if the line isn't that. */
function addIdLine (data: Uint8Array, at: number, prefix: string, out: IdSet): boolean {
  if (!isIdLine(data, at, prefix)) return false
  out.add(oid, 0)
  return true
}

/**
 * A commit starts `tree <id>` then zero or more `parent <id>` lines (that
 * order is fixed by git; other headers follow), so the rest is not read.
 */
export function addCommitRefs (data: Uint8Array, id: string, out: IdSet): void {
  checkCommit(data, id)
  if (!addIdLine(data, 0, 'tree ', out)) throw new PackError(`commit ${id} is malformed: it does not start with a tree line`)
  let p = 46 // 'tree ' + 40 + '\n'
  while (addIdLine(data, p, 'parent ', out)) p += 48 // 'parent ' + 40 + '\n'
}

/** A tag starts `object <id>`. */
export function addTagRefs (data: Uint8Array, id: string, out: IdSet): void {
  checkTag(data, id)
  if (!addIdLine(data, 0, 'object ', out)) throw new PackError(`tag ${id} is malformed: it does not start with an object line`)
}

/**
 * A tree is entries of `<octal mode> <name>\0<20-byte id>`. Gitlinks (mode
 * 160000, submodules) name a commit in another repository, so they are not
 * references this pack has to satisfy.
 */
export function addTreeRefs (data: Uint8Array, id: string, out: IdSet): void {
  checkTree(data, id)
  const end = data.length
  let p = 0
  while (p < end) {
    const modeStart = p
    while (p < end && data[p] !== SPACE) p++
    if (p === modeStart || p === end) throw new PackError(`tree ${id} is malformed: bad entry mode at byte ${modeStart}`)
    let m = modeStart
    while (data[m] === 0x30) m++ // zero padding, which git takes
    const gitlink = p - m === 6 && data[m] === 0x31 && data[m + 1] === 0x36 &&
      data[m + 2] === 0x30 && data[m + 3] === 0x30 && data[m + 4] === 0x30 && data[m + 5] === 0x30
    let nul = p + 1
    while (nul < end && data[nul] !== 0) nul++
    if (nul === p + 1 || nul + 21 > end) throw new PackError(`tree ${id} is malformed: truncated entry at byte ${modeStart}`)
    if (!gitlink) out.add(data, nul + 1)
    p = nul + 21
  }
}

/**
 * What an object already held points at, each with the type it should have
 * (for a walk of the history: blobs need not be read): a commit's tree and
 * parents, a tag's object, a tree's entries except submodules. Reads any
 * name git takes (isomorphic-git's reader refuses `a\\b.txt`).
 */
export function objectLinks (type: string, data: Uint8Array, id: string): Array<[oid: string, type: string | undefined]> {
  const out: Array<[string, string | undefined]> = []
  if (type === 'tree') {
    for (const e of parseTree(data, id)) if (e.type !== 'commit') out.push([e.oid, e.type])
  } else if (type === 'commit') {
    if (!isIdLine(data, 0, 'tree ')) throw new PackError(`commit ${id} is malformed: it does not start with a tree line`)
    out.push([oidToHex(oid), 'tree'])
    for (let p = 46; isIdLine(data, p, 'parent '); p += 48) out.push([oidToHex(oid), 'commit'])
  } else if (type === 'tag') {
    if (!isIdLine(data, 0, 'object ')) throw new PackError(`tag ${id} is malformed: it does not start with an object line`)
    const tagged = oidToHex(oid)
    // undefined: read it to find out
    const m = /^type (commit|tree|blob|tag)\n/.exec(new TextDecoder().decode(data.subarray(48, 60)))
    out.push([tagged, m?.[1]])
  }
  return out
}
