// Inflating a pack's entries with libdeflate compiled to WebAssembly
// (wasm/libdeflate-inflate.ts, built by scripts/build-inflate-wasm.sh).
// Inflating is about half of checking a pack, and libdeflate in wasm does it
// 3-4x as fast as pako (bench/sync's 19 MB pack: ~150 against ~500 ms in
// Node, copying in and out included), in the tab and in Node alike.
//
// libdeflate wants a stream's whole input at once, and entries carry no
// length, so each call copies in what the stream can reasonably take (the
// declared size plus deflate's worst overhead for stored blocks and some):
// zlib never writes more. Anything libdeflate does not accept (a damaged
// stream, one cut short, an odd encoder's longer stream) goes to pako's
// inflater, which decides, so errors and their messages stay exactly those
// of inflate.ts. libdeflate checks the stream's Adler-32, as zlib does.
import { pakoInflater } from './inflate.js'
import { LIBDEFLATE_INFLATE_WASM } from './wasm/libdeflate-inflate.js'
import type { InflateFn } from './inflate.js'

interface Exports {
  memory: WebAssembly.Memory
  __heap_base: WebAssembly.Global
  guts_init: () => number
  /** 0 when the stream inflated to exactly out_len bytes */
  guts_inflate: (inAt: number, inLen: number, outAt: number, outLen: number) => number
  guts_in_used: () => number
}

let compiled: WebAssembly.Module | null | undefined

function bytes (): Uint8Array {
  return Uint8Array.from(atob(LIBDEFLATE_INFLATE_WASM), c => c.charCodeAt(0))
}

/**
 * Compiles the module ahead of use. Workers and Node compile it on first
 * use anyway; a browser's page thread may only compile it this way (large
 * synchronous compiles are refused there).
 */
export async function loadWasmInflate (): Promise<boolean> {
  if (compiled == null) compiled = await WebAssembly.compile(bytes() as Uint8Array<ArrayBuffer>).catch(() => null)
  return compiled != null
}

function module (): WebAssembly.Module | null {
  if (compiled === undefined) {
    try { compiled = new WebAssembly.Module(bytes() as Uint8Array<ArrayBuffer>) } catch { compiled = null }
  }
  return compiled
}

/**
 * Objects larger than this go to pako: in wasm an object takes its stream
 * and itself in the module's memory (which never shrinks) besides the copy
 * handed out, where pako reads the stream in place; a relay indexing into a
 * file keeps a bounded window, and one huge blob should not undo that.
 */
const MAX_WASM_OBJECT = 16 << 20

/** How much input a stream for `size` bytes may take: zlib's header and Adler-32, stored blocks' 5 bytes in 64 KiB, and room. */
const inputBound = (size: number): number => size + (size >>> 8) + 64

/** An InflateFn on libdeflate in wasm, or pako's where WebAssembly cannot be had. */
export function wasmInflater (): InflateFn {
  const pako = pakoInflater()
  const m = module()
  if (m == null) return pako
  let x: Exports
  try {
    x = new WebAssembly.Instance(m, {}).exports as unknown as Exports
    if (x.guts_init() !== 1) return pako
  } catch {
    return pako
  }
  const base = ((x.__heap_base.value as number) + 15) & ~15
  // [base, base + inCap): the stream; then [.., + outCap): the object
  let inCap = 0
  let outCap = 0
  let heap = new Uint8Array(x.memory.buffer)
  const room = (inN: number, outN: number): boolean => {
    if (inN <= inCap && outN <= outCap) return true
    const nextIn = Math.max(inN, inCap, 64 * 1024)
    const nextOut = Math.max(outN, outCap, 256 * 1024)
    const need = base + nextIn + nextOut - x.memory.buffer.byteLength
    try {
      if (need > 0) x.memory.grow(Math.ceil(need / 65536))
    } catch {
      return false // no memory to be had: pako decides (and says if the object is too large)
    }
    inCap = nextIn
    outCap = nextOut
    heap = new Uint8Array(x.memory.buffer)
    return true
  }
  const inflate: InflateFn = (input, start, limit, size, transient) => {
    if (size > MAX_WASM_OBJECT) return pako(input, start, limit, size, transient)
    const n = Math.min(limit - start, inputBound(size))
    if (!room(n, size)) return pako(input, start, limit, size, transient)
    heap.set(input.subarray(start, start + n), base)
    const outAt = base + inCap
    if (x.guts_inflate(base, n, outAt, size) !== 0) return pako(input, start, limit, size, transient)
    const data = heap.subarray(outAt, outAt + size)
    // a transient result lives until the next call, as with pako's scratch buffer
    return { data: transient ? data : data.slice(), end: start + x.guts_in_used() }
  }
  return inflate
}

/** Whether wasmInflater() runs libdeflate here, or had to settle for pako. */
export function wasmInflateAvailable (): boolean {
  return module() != null
}
