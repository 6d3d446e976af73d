// Types for the two pako (1.x) internals the pack reader uses. pako's public
// Inflate class allocates fresh state and a 32 KiB window per stream and
// copies output into chunks; the zlib-level API lets one stream state be
// reset and reused for every entry of a pack, inflating straight into a
// buffer of the size the entry declares. pako ships no types of its own.
declare module 'pako/lib/zlib/zstream.js' {
  class ZStream {
    input: Uint8Array | null
    next_in: number
    avail_in: number
    total_in: number
    output: Uint8Array | null
    next_out: number
    avail_out: number
    total_out: number
    msg: string
    adler: number
    state: unknown
  }
  export default ZStream
}

declare module 'pako/lib/zlib/inflate.js' {
  import type ZStream from 'pako/lib/zlib/zstream.js'
  const zlibInflate: {
    inflateInit: (strm: ZStream) => number
    inflateReset: (strm: ZStream) => number
    inflate: (strm: ZStream, flush: number) => number
    inflateEnd: (strm: ZStream) => number
  }
  export default zlibInflate
}
