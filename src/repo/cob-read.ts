// Reading a collaborative object's changes out of the git store: from the
// writers' tips back through the parents that are changes, stopping at the
// ones already read. Each change is checked as it is read (its SSH signature
// over the whole commit, the caps before any blob is decoded), so evaluation
// (core/cob/evaluate.ts) gets plain, signed data.
import { changeBlobs, decodeChange, parseTrailers } from '../core/cob/change.js'
import { verifyCommit } from '../core/signed-commit.js'
import { parseCommitSummary } from './commit-summary.js'
import { parseTree } from './pack/tree-entries.js'
import type { LoadedChange } from '../core/cob/change.js'
import type { RawObject } from './pack/object-store.js'

export type ObjectReader = (oid: string) => Promise<RawObject | undefined>

/** changes read of one object at most (10,000 comments and their edits fit) */
export const MAX_OBJECT_CHANGES = 50_000

export class ObjectTooLargeError extends Error {
  static name = 'ObjectTooLargeError'
  name = 'ObjectTooLargeError'
}

/** Change `id` of a `type` object, checked; undefined when the store does not hold its commit. */
export async function loadChange (read: ObjectReader, id: string, type: string): Promise<LoadedChange | undefined> {
  const commit = await read(id)
  if (commit == null) return undefined
  const bad = (reason: string, parents: string[] = []): LoadedChange => ({ ok: false, bad: { id, parents, reason } })
  if (commit.type !== 'commit') return bad(`it is a ${commit.type}, not a commit`)
  const c = parseCommitSummary(commit.data, id)
  // a bad change's parents are walked only when they are known to be changes
  // (its trailers read): never into the code history a tip may point at
  const t = parseTrailers(c.message)
  const walk = typeof t === 'string' ? [] : c.parents.filter(p => !t.related.includes(p))
  const sig = await verifyCommit(commit.data)
  const signer = sig.state === 'valid' ? { ok: true as const, peer: sig.signer } : { ok: false as const, reason: sig.state === 'unsigned' ? 'it is not signed' : sig.reason }
  const tree = await read(c.tree)
  if (tree?.type !== 'tree') return bad('its tree is not held', walk)
  let entries
  try {
    entries = parseTree(tree.data, c.tree)
  } catch (err: any) {
    return bad(err.message, walk)
  }
  const embedsTree = entries.find(e => e.path === 'embeds' && e.type === 'tree')
  let embeds = 0
  if (embedsTree != null) {
    const t = await read(embedsTree.oid)
    try { embeds = t?.type === 'tree' ? parseTree(t.data, embedsTree.oid).length : Infinity } catch { embeds = Infinity }
  }
  const parts = { id, commitBytes: commit.data.length, parents: c.parents, message: c.message, at: c.author.timestamp * 1000, signer, entries, embeds }
  // refuse before reading anything big
  const blobs = changeBlobs(parts)
  if (typeof blobs === 'string') return bad(blobs, walk)
  const manifest = await read(blobs.manifest)
  if (manifest?.type !== 'blob') return bad('its manifest is not held', walk)
  const actions: Uint8Array[] = []
  for (const oid of blobs.actions) {
    const b = await read(oid)
    if (b?.type !== 'blob') return bad('an action is not held', walk)
    actions.push(b.data)
  }
  return decodeChange(parts, manifest.data, actions, type)
}

/**
 * The changes of an object reachable from `tips` that are not in `known`:
 * read, checked, in no particular order. `missing` lists changes referred to
 * but not held (still arriving).
 */
export async function loadNewChanges (read: ObjectReader, type: string, tips: Iterable<string>, known: ReadonlySet<string>): Promise<{ fresh: LoadedChange[], missing: string[] }> {
  const fresh: LoadedChange[] = []
  const missing: string[] = []
  const seen = new Set<string>()
  const queue = [...tips]
  while (queue.length > 0) {
    const id = queue.pop()!
    if (seen.has(id) || known.has(id)) continue
    seen.add(id)
    if (seen.size > MAX_OBJECT_CHANGES) throw new ObjectTooLargeError(`an object has over ${MAX_OBJECT_CHANGES} changes`)
    const l = await loadChange(read, id, type)
    if (l == null) { missing.push(id); continue }
    fresh.push(l)
    for (const p of l.ok ? l.change.parents : l.bad.parents) queue.push(p)
  }
  return { fresh, missing }
}
