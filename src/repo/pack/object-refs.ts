// The object ids a commit, tree or tag points at: what must also be present
// for a history to be complete. Collecting them while the pack is indexed (the
// only time every object's content is at hand anyway) spares the separate
// walk that re-reads every commit and tree afterwards. Blobs point at nothing.
import { oidToHex, readHexOid } from './hex.js'
import { PackError } from './pack-error.js'

const NL = 0x0a
const SPACE = 0x20

function startsWith (data: Uint8Array, at: number, prefix: string): boolean {
  if (at + prefix.length > data.length) return false
  for (let i = 0; i < prefix.length; i++) if (data[at + i] !== prefix.charCodeAt(i)) return false
  return true
}

/** `<prefix><40 hex>\n` at `at`: the id, or null if the line isn't that. */
function idLine (data: Uint8Array, at: number, prefix: string): string | null {
  if (!startsWith(data, at, prefix)) return null
  const oid = readHexOid(data, at + prefix.length)
  if (oid == null || data[at + prefix.length + 40] !== NL) return null
  return oid
}

/**
 * A commit starts `tree <id>` then zero or more `parent <id>` lines (that
 * order is fixed by git; other headers follow), so the rest is not read.
 */
export function addCommitRefs (data: Uint8Array, oid: string, out: Set<string>): void {
  const tree = idLine(data, 0, 'tree ')
  if (tree == null) throw new PackError(`commit ${oid} is malformed: it does not start with a tree line`)
  out.add(tree)
  let p = 46 // 'tree ' + 40 + '\n'
  for (;;) {
    const parent = idLine(data, p, 'parent ')
    if (parent == null) break
    out.add(parent)
    p += 48 // 'parent ' + 40 + '\n'
  }
}

/** A tag starts `object <id>`. */
export function addTagRefs (data: Uint8Array, oid: string, out: Set<string>): void {
  const target = idLine(data, 0, 'object ')
  if (target == null) throw new PackError(`tag ${oid} is malformed: it does not start with an object line`)
  out.add(target)
}

/**
 * A tree is entries of `<octal mode> <name>\0<20-byte id>`. Gitlinks (mode
 * 160000, submodules) name a commit in another repository, so they are not
 * references this pack has to satisfy.
 */
export function addTreeRefs (data: Uint8Array, oid: string, out: Set<string>): void {
  const end = data.length
  let p = 0
  while (p < end) {
    const modeStart = p
    while (p < end && data[p] !== SPACE) p++
    if (p === modeStart || p === end) throw new PackError(`tree ${oid} is malformed: bad entry mode at byte ${modeStart}`)
    const gitlink = p - modeStart === 6 && data[modeStart] === 0x31 && data[modeStart + 1] === 0x36 &&
      data[modeStart + 2] === 0x30 && data[modeStart + 3] === 0x30 && data[modeStart + 4] === 0x30 && data[modeStart + 5] === 0x30
    const nul = data.indexOf(0, p + 1)
    if (nul < 0 || nul === p + 1) throw new PackError(`tree ${oid} is malformed: bad entry name at byte ${p + 1}`)
    if (nul + 21 > end) throw new PackError(`tree ${oid} is malformed: truncated entry at byte ${modeStart}`)
    if (!gitlink) out.add(oidToHex(data, nul + 1))
    p = nul + 21
  }
}
