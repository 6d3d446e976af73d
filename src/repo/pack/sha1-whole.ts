// SHA-1 of bytes all in memory at once (a pack written whole, for its
// trailer; a stored pack checked against its own): WebCrypto's native
// digest where there is one, some ten times as fast as the JS compression
// function, which serves where there is none (a page served over plain
// http from anywhere but localhost is not a secure context).
import { Sha1Stream } from './sha1-stream.js'
import { yieldToEventLoop } from './yield.js'

/** what the JS fallback hashes between yields (about 10 ms) */
const SLICE = 1 << 20

export async function sha1Whole (bytes: Uint8Array, start = 0, end = bytes.length, opts: { signal?: AbortSignal } = {}): Promise<Uint8Array> {
  const view = bytes.subarray(start, end)
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle
  if (subtle != null) {
    try {
      return new Uint8Array(await subtle.digest('SHA-1', view as Uint8Array<ArrayBuffer>))
    } catch {
      // a browser may refuse SHA-1 some day, or a shared buffer: the JS one decides
    }
  }
  const sha = new Sha1Stream()
  for (let at = start; at < end; at += SLICE) {
    sha.update(bytes, at, Math.min(end, at + SLICE))
    await yieldToEventLoop()
    opts.signal?.throwIfAborted()
  }
  return sha.digest()
}
