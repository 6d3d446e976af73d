// Inflating the zlib streams of a pack's entries. Entries sit back to back
// with no length prefix, so the only way to find where one ends is to inflate
// it and see how much input the stream consumed. This reads straight out of
// the pack (no copy of the remaining input) into a buffer of exactly the size
// the entry header declares, and reports where the stream ended.
import ZStream from 'pako/lib/zlib/zstream.js'
import zlibInflate from 'pako/lib/zlib/inflate.js'
import { PackError } from './pack-error.js'

const Z_OK = 0
const Z_STREAM_END = 1
const Z_FINISH = 4
const Z_BUF_ERROR = -5

export interface Inflated {
  data: Uint8Array
  /** offset in `input` just past the end of the zlib stream */
  end: number
}

/**
 * Inflates the zlib stream at `input[start..limit)` whose output must be
 * exactly `size` bytes. Throws a PackError if the stream is damaged, ends
 * early, or inflates to any other size. Injectable (see IndexPackOptions)
 * so Node can use node:zlib instead of pako.
 */
export type InflateFn = (input: Uint8Array, start: number, limit: number, size: number) => Inflated

/** An InflateFn on pako's zlib port, reusing one stream state across calls. */
export function pakoInflater (): InflateFn {
  const strm = new ZStream()
  if (zlibInflate.inflateInit(strm) !== Z_OK) throw new Error('pako: inflateInit failed')
  return (input, start, limit, size) => {
    zlibInflate.inflateReset(strm)
    const out = new Uint8Array(size)
    strm.input = input
    strm.next_in = start
    strm.avail_in = limit - start
    strm.output = out
    strm.next_out = 0
    strm.avail_out = size
    // one call: all output fits, so no sliding window is ever needed
    const ret = zlibInflate.inflate(strm, Z_FINISH)
    const end = strm.next_in
    const produced = strm.next_out
    // drop references so a finished pack can be collected
    strm.input = null
    strm.output = null
    if (ret === Z_STREAM_END) {
      if (produced !== size) throw new PackError(`object at offset ${start} inflates to ${produced} bytes, its header says ${size}`)
      return { data: out, end }
    }
    if (ret === Z_BUF_ERROR || ret === Z_OK) {
      if (produced === size && end < limit) throw new PackError(`object at offset ${start} inflates to more than the ${size} bytes its header says`)
      throw new PackError(`pack is truncated: the object at offset ${start} ends early`)
    }
    throw new PackError(`object at offset ${start} has a damaged zlib stream${strm.msg !== '' ? ` (${strm.msg})` : ''}`)
  }
}
