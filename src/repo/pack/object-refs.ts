// The object ids a commit, tree or tag points at: what must also be present
// for a history to be complete. Collecting them while the pack is indexed (the
// only time every object's content is at hand anyway) spares the separate
// walk that re-reads every commit and tree afterwards. Blobs point at nothing.
import { decodeHexOid } from './hex.js'
import { PackError } from './pack-error.js'
import type { IdSet } from './id-set.js'

const NL = 0x0a
const SPACE = 0x20
const oid = new Uint8Array(20)

function startsWith (data: Uint8Array, at: number, prefix: string): boolean {
  if (at + prefix.length > data.length) return false
  for (let i = 0; i < prefix.length; i++) if (data[at + i] !== prefix.charCodeAt(i)) return false
  return true
}

/** Adds the id of a `<prefix><40 hex>\n` line at `at`; false if the line isn't that. */
function addIdLine (data: Uint8Array, at: number, prefix: string, out: IdSet): boolean {
  if (!startsWith(data, at, prefix)) return false
  if (!decodeHexOid(data, at + prefix.length, oid) || data[at + prefix.length + 40] !== NL) return false
  out.add(oid, 0)
  return true
}

/**
 * A commit starts `tree <id>` then zero or more `parent <id>` lines (that
 * order is fixed by git; other headers follow), so the rest is not read.
 */
export function addCommitRefs (data: Uint8Array, id: string, out: IdSet): void {
  if (!addIdLine(data, 0, 'tree ', out)) throw new PackError(`commit ${id} is malformed: it does not start with a tree line`)
  let p = 46 // 'tree ' + 40 + '\n'
  while (addIdLine(data, p, 'parent ', out)) p += 48 // 'parent ' + 40 + '\n'
}

/** A tag starts `object <id>`. */
export function addTagRefs (data: Uint8Array, id: string, out: IdSet): void {
  if (!addIdLine(data, 0, 'object ', out)) throw new PackError(`tag ${id} is malformed: it does not start with an object line`)
}

/**
 * A tree is entries of `<octal mode> <name>\0<20-byte id>`. Gitlinks (mode
 * 160000, submodules) name a commit in another repository, so they are not
 * references this pack has to satisfy.
 */
export function addTreeRefs (data: Uint8Array, id: string, out: IdSet): void {
  const end = data.length
  let p = 0
  while (p < end) {
    const modeStart = p
    while (p < end && data[p] !== SPACE) p++
    if (p === modeStart || p === end) throw new PackError(`tree ${id} is malformed: bad entry mode at byte ${modeStart}`)
    const gitlink = p - modeStart === 6 && data[modeStart] === 0x31 && data[modeStart + 1] === 0x36 &&
      data[modeStart + 2] === 0x30 && data[modeStart + 3] === 0x30 && data[modeStart + 4] === 0x30 && data[modeStart + 5] === 0x30
    let nul = p + 1
    while (nul < end && data[nul] !== 0) nul++
    if (nul === p + 1 || nul + 21 > end) throw new PackError(`tree ${id} is malformed: truncated entry at byte ${modeStart}`)
    if (!gitlink) out.add(data, nul + 1)
    p = nul + 21
  }
}
