// The second pass of indexing a pack: the deltas the first pass could not
// build (their base had left the cache, a REF_DELTA, or, with two lanes, a
// base across the split). As `git index-pack` does, it walks depth-first
// from each whole object whose subtree of deltas still holds one: inflate
// the base again, apply each child's delta, go on to its children. A base is
// let go as soon as its last child is built, so memory stays at the pack plus
// one chain's working set, not the whole repository.
import { applyDelta } from './delta.js'
import { PackError } from './pack-error.js'
import { OBJ_OFS_DELTA } from './pack-reader.js'
import { ThinPackError } from './thin-pack.js'

/** The entries as the first pass left them; `types[i]` is 0 while entry i is unbuilt. */
export interface EntryTable {
  count: number
  types: Uint8Array
  hexIds: string[]
  /** OFS_DELTA: the base's entry number, else -1 */
  ofsBase: Int32Array
  /** REF_DELTA entries: the id of their base */
  refBases: Map<number, string>
  /** the entry's type in the pack (OBJ_OFS_DELTA and OBJ_REF_DELTA included) */
  packTypes: Uint8Array
}

export interface SecondPassHooks {
  /** entry i's inflated data (a delta's instructions, or a whole object); `transient`: may be overwritten by the next call */
  entryData: (i: number, transient: boolean) => Uint8Array
  /** entry i is built: hash it, note its references, count it as no longer pending */
  built: (i: number, type: number, content: Uint8Array) => void
  /** entries still pending */
  left: () => number
  /** called after each built entry: a chance to yield */
  tick: () => Promise<void>
}

interface Frame {
  /** the object's content, until its last child has been built from it */
  data: Uint8Array | null
  type: number
  children: number[]
  next: number
}

export async function resolveDeltas (t: EntryTable, hooks: SecondPassHooks): Promise<void> {
  const { count, types, hexIds, ofsBase, refBases, packTypes } = t
  // REF_DELTAs by the id of their base
  const refChildren = new Map<string, number[]>()
  for (const [i, base] of refBases) {
    const list = refChildren.get(base)
    if (list == null) refChildren.set(base, [i])
    else list.push(i)
  }
  // OFS_DELTAs of entry b: ofsList[ofsStart[b] .. ofsStart[b + 1])
  const ofsStart = new Int32Array(count + 1)
  for (let i = 0; i < count; i++) if (ofsBase[i] >= 0) ofsStart[ofsBase[i] + 1]++
  for (let b = 0; b < count; b++) ofsStart[b + 1] += ofsStart[b]
  const ofsList = new Int32Array(ofsStart[count])
  const fill = ofsStart.slice(0, count)
  for (let i = 0; i < count; i++) if (ofsBase[i] >= 0) ofsList[fill[ofsBase[i]]++] = i

  // needed[x]: x must be built in this pass, being unresolved or an
  // ancestor of one; the walk skips every other subtree
  const byId = new Map<string, number>()
  for (let i = 0; i < count; i++) if (types[i] !== 0 && refChildren.has(hexIds[i])) byId.set(hexIds[i], i)
  const baseOf = (x: number): number => {
    if (ofsBase[x] >= 0) return ofsBase[x]
    const ref = refBases.get(x)
    return ref != null ? byId.get(ref) ?? -1 : -1
  }
  const needed = new Uint8Array(count)
  for (let u = 0; u < count; u++) {
    if (types[u] !== 0) continue
    for (let x = u; x >= 0 && needed[x] === 0; x = baseOf(x)) needed[x] = 1
  }

  const hasOfsChildren = (k: number): boolean => ofsStart[k + 1] > ofsStart[k]
  const childrenOf = (i: number): number[] => {
    const kids: number[] = []
    for (let k = ofsStart[i]; k < ofsStart[i + 1]; k++) if (needed[ofsList[k]] !== 0) kids.push(ofsList[k])
    const refKids = refChildren.get(hexIds[i])
    if (refKids != null) {
      // taken once: a duplicate of this object in the pack must not build them again
      refChildren.delete(hexIds[i])
      for (const k of refKids) kids.push(k)
    }
    // children that are bases themselves last: the base is let go when its
    // last child is built, so then it isn't held while the walk goes deeper
    if (kids.length > 1) kids.sort((a, b) => Number(hasOfsChildren(a)) - Number(hasOfsChildren(b)))
    return kids
  }

  for (let root = 0; root < count && hooks.left() > 0; root++) {
    if (packTypes[root] >= OBJ_OFS_DELTA || needed[root] === 0) continue
    const rootChildren = childrenOf(root)
    if (rootChildren.length === 0) continue
    const stack: Frame[] = [{ data: hooks.entryData(root, false), type: packTypes[root], children: rootChildren, next: 0 }]
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]
      if (frame.next >= frame.children.length) { stack.pop(); continue }
      const child = frame.children[frame.next++]
      const content = applyDelta(frame.data!, hooks.entryData(child, true))
      // the base's last child is built: let it go before going deeper
      if (frame.next === frame.children.length) { frame.data = null; stack.pop() }
      if (types[child] === 0) hooks.built(child, frame.type, content)
      const children = childrenOf(child)
      if (children.length > 0) stack.push({ data: content, type: frame.type, children, next: 0 })
      await hooks.tick()
    }
  }
  if (hooks.left() > 0) {
    // what is left hangs off a REF_DELTA whose base never turned up
    // (a thin pack; or a cycle of deltas, which can't be built either):
    // every such base named, for a receiver that can complete the pack
    const missing = [...refChildren.keys()]
    if (missing.length > 0) throw new ThinPackError(missing)
    throw new PackError('pack has deltas that cannot be resolved')
  }
}
