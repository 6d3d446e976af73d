// Which of some object ids a repository holds, without listing everything
// it holds: each pack's .idx is searched (binary search in its sorted ids),
// and a loose object is looked for by its file, or, for many ids, by one
// listing of the loose directories. An incremental fetch asks about the few
// objects its pack points at outside itself (a parent commit, unchanged
// subtrees), not the 37,000 a repository holds.
import { PackIdx } from './pack/pack-idx.js'
import type { GitFs } from './fs.js'

/** up to this many ids not in any pack are looked for one file at a time */
const LOOSE_STATS = 64

/** The ids among `oids` that `gitdir` holds outside the pack `except` (a stem such as objects/pack/pack-<sha>). */
export async function heldAmong (fs: GitFs, gitdir: string, oids: Iterable<string>, except?: string): Promise<Set<string>> {
  const wanted = [...new Set(oids)]
  const held = new Set<string>()
  if (wanted.length === 0) return held
  const objects = `${gitdir}/objects`
  const id = new Uint8Array(20)
  const files = await fs.promises.readdir(`${objects}/pack`).catch(() => [] as string[])
  for (const f of files) {
    if (!/^pack-[0-9a-f]{40}\.idx$/.test(f) || `objects/pack/${f}` === `${except ?? ''}.idx`) continue
    // an index whose pack is gone holds nothing
    if (!files.includes(`${f.slice(0, -4)}.pack`)) continue
    const data = await fs.promises.readFile(`${objects}/pack/${f}`)
    const idx = new PackIdx(data instanceof Uint8Array ? data : new Uint8Array(data as ArrayBuffer), f)
    for (const oid of wanted) {
      if (held.has(oid)) continue
      for (let i = 0; i < 20; i++) id[i] = parseInt(oid.slice(2 * i, 2 * i + 2), 16)
      if (idx.find(id) >= 0) held.add(oid)
    }
  }
  const rest = wanted.filter(o => !held.has(o))
  if (rest.length === 0) return held
  if (rest.length <= LOOSE_STATS) {
    for (const oid of rest) {
      if (await fs.promises.stat(`${objects}/${oid.slice(0, 2)}/${oid.slice(2)}`).then(() => true, () => false)) held.add(oid)
    }
    return held
  }
  const want = new Set(rest)
  for (const dir of await fs.promises.readdir(objects).catch(() => [] as string[])) {
    if (!/^[0-9a-f]{2}$/.test(dir)) continue
    for (const f of await fs.promises.readdir(`${objects}/${dir}`).catch(() => [] as string[])) if (want.has(dir + f)) held.add(dir + f)
  }
  return held
}
