// What a lane's part moves (not copies) when posted between threads.
import type { LanePart } from './index-pack.js'

/** The part's typed arrays, moved rather than copied. */
export function partBuffers (part: LanePart): Transferable[] {
  return [part.offsets, part.dataStarts, part.sizes, part.crcs, part.packTypes, part.types, part.ids, part.ofsBase, part.referenced].map(a => a.buffer as ArrayBuffer)
}
