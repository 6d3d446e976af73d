// Inflating the zlib streams of a pack's entries. Entries sit back to back
// with no length prefix, so the only way to find where one ends is to inflate
// it and see how much input the stream consumed. This reads straight out of
// the pack (no copy of the remaining input) into a buffer sized from what the
// entry header declares, and reports where the stream ended.
//
// It drives pako's zlib port directly (see pako-zlib.d.ts) rather than
// pako's Inflate class, which allocates a fresh state and window per stream
// and gathers the output in chunks that are then joined. pako comes with
// isomorphic-git, and works the same in Node and in the browser.
import ZStream from 'pako/lib/zlib/zstream.js'
import zlibInflate from 'pako/lib/zlib/inflate.js'
import { PackError } from './pack-error.js'

const Z_OK = 0
const Z_STREAM_END = 1
const Z_FINISH = 4
const Z_BUF_ERROR = -5

/**
 * zlib's fast decoding loop only runs while at least 258 bytes of output
 * space are left (one maximal match); with an exactly-sized buffer the last
 * 258 bytes of every object, all of a small one, went through the slow loop.
 */
const SLACK = 258

export interface Inflated {
  data: Uint8Array
  /** offset in `input` just past the end of the zlib stream */
  end: number
}

/**
 * Inflates the zlib stream at `input[start..limit)` whose output must be
 * exactly `size` bytes. Throws a PackError if the stream is damaged, ends
 * early, or inflates to any other size. With `transient`, the result may be
 * a view of a buffer the next call overwrites (for data used once and
 * dropped). Injectable (see IndexPackOptions) so Node can use node:zlib.
 */
export type InflateFn = (input: Uint8Array, start: number, limit: number, size: number, transient: boolean) => Inflated

/** The fields of pako 1.x's inflate state that `resetKeepingTables` touches. */
interface PakoInflateState {
  mode: number, last: number, havedict: number, dmax: number, head: unknown, hold: number, bits: number,
  wrap: number, total: number, wsize: number, whave: number, wnext: number, sane: number, back: number,
  lencode: Int32Array, distcode: Int32Array, lendyn: Int32Array, distdyn: Int32Array
}

const HEAD = 1 // pako's inflate mode "waiting for the zlib header"

/**
 * zlib's inflateReset as pako 1.x implements it, except that pako allocates
 * its two dynamic Huffman tables afresh on every reset (6 KiB per entry of
 * the pack); they are rebuilt before each use, so the old ones serve.
 */
function resetKeepingTables (strm: ZStream): void {
  const state = strm.state as PakoInflateState
  state.wsize = 0
  state.whave = 0
  state.wnext = 0
  strm.total_in = strm.total_out = state.total = 0
  strm.msg = ''
  if (state.wrap !== 0) strm.adler = state.wrap & 1
  state.mode = HEAD
  state.last = 0
  state.havedict = 0
  state.dmax = 32768
  state.head = null
  state.hold = 0
  state.bits = 0
  state.lencode = state.lendyn
  state.distcode = state.distdyn
  state.sane = 1
  state.back = -1
}

/** Whether pako's inflate state looks like what resetKeepingTables expects. */
function canResetKeepingTables (strm: ZStream): boolean {
  const state = strm.state as Partial<PakoInflateState> | null
  return state != null && state.mode === HEAD && state.lendyn instanceof Int32Array && state.distdyn instanceof Int32Array &&
    state.lencode === state.lendyn && typeof state.wsize === 'number' && typeof state.back === 'number'
}

/** An InflateFn on pako's zlib port, reusing one stream state across calls. */
export function pakoInflater (): InflateFn {
  const strm = new ZStream()
  if (zlibInflate.inflateInit(strm) !== Z_OK) throw new Error('pako: inflateInit failed')
  const reset = canResetKeepingTables(strm) ? resetKeepingTables : (s: ZStream) => { zlibInflate.inflateReset(s) }
  let scratch = new Uint8Array(64 * 1024)
  return (input, start, limit, size, transient) => {
    let out: Uint8Array
    try {
      if (transient) {
        if (scratch.length < size + SLACK) scratch = new Uint8Array(Math.max(size + SLACK, scratch.length * 2))
        out = scratch
      } else {
        out = new Uint8Array(size + SLACK)
      }
    } catch (err) {
      // a browser may refuse a large allocation: that is this pack's problem, not a bug
      if (err instanceof RangeError) throw new PackError(`object at offset ${start} is too large to inflate here (${size} bytes)`)
      throw err
    }
    reset(strm)
    strm.input = input
    strm.next_in = start
    strm.avail_in = limit - start
    strm.output = out
    strm.next_out = 0
    strm.avail_out = size + SLACK
    // one call: all output fits, so no sliding window is ever needed
    const ret = zlibInflate.inflate(strm, Z_FINISH)
    const end = strm.next_in
    const produced = strm.next_out
    // drop references so a finished pack can be collected
    strm.input = null
    strm.output = null
    if (ret === Z_STREAM_END) {
      if (produced !== size) throw new PackError(`object at offset ${start} inflates to ${produced} bytes, its header says ${size}`)
      return { data: out.subarray(0, size), end }
    }
    if (ret === Z_OK || ret === Z_BUF_ERROR) {
      if (produced > size) throw new PackError(`object at offset ${start} inflates to more than the ${size} bytes its header says`)
      throw new PackError(`pack is truncated: the object at offset ${start} ends early`)
    }
    throw new PackError(`object at offset ${start} has a damaged zlib stream${strm.msg !== '' ? ` (${strm.msg})` : ''}`)
  }
}
