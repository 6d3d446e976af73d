// A short commit id (`a1b2c3d`, as git prints them) to the full ids it can
// mean, found in the pack indexes (sorted ids: one fan-out bucket is scanned)
// and among the loose objects.
import { readUint32 } from './pack/pack-reader.js'
import type { ObjectStore } from './pack/object-store.js'

/** git's own floor: shorter prefixes name too much to be worth looking up */
export const MIN_SHORT_OID = 4
/** more matches than this are not listed: the prefix is ambiguous anyway */
const MAX_MATCHES = 16

/** The held objects whose id starts with `prefix` (lowercase hex, 4 to 40 characters), at most 16. */
export function objectsWithPrefix (store: ObjectStore, prefix: string): string[] {
  if (!new RegExp(`^[0-9a-f]{${MIN_SHORT_OID},40}$`).test(prefix)) return []
  const out = new Set<string>()
  const first = parseInt(prefix.slice(0, 2), 16)
  for (let p = 0; p < store.packs.length; p++) {
    const bytes = store.packs[p].idx.bytes
    const lo = first === 0 ? 0 : readUint32(bytes, 8 + (first - 1) * 4)
    const hi = readUint32(bytes, 8 + first * 4)
    for (let k = lo; k < hi && out.size < MAX_MATCHES; k++) {
      const oid = store.oidAt(p, k)
      if (oid.startsWith(prefix)) out.add(oid)
    }
  }
  for (const oid of store.looseIds) if (out.size < MAX_MATCHES && oid.startsWith(prefix)) out.add(oid)
  return [...out].sort()
}
