// A git object's id: SHA-1 of `<type> <size>\0` followed by the content.
// Hashing every object is what stops a pack from lying about what it holds.
import { sha1, sha1Into } from './sha1.js'
import type { ObjectTypeName } from './pack-reader.js'

/** the `<type> <size>\0` header, written in place: no allocation per object */
const header = new Uint8Array(32)

/** Writes the id of (type, content) into `out[at..at+20)`. */
export function hashObject (type: ObjectTypeName, content: Uint8Array, out: Uint8Array, at: number): void {
  let n = 0
  for (let i = 0; i < type.length; i++) header[n++] = type.charCodeAt(i)
  header[n++] = 0x20
  const size = String(content.length)
  for (let i = 0; i < size.length; i++) header[n++] = size.charCodeAt(i)
  header[n++] = 0
  sha1Into(header, n, content, out, at)
}

/** SHA-1 of `bytes`; WebCrypto's native digest where there is one, else JS. */
export async function sha1Digest (bytes: Uint8Array): Promise<Uint8Array> {
  const subtle = globalThis.crypto?.subtle
  if (subtle != null) {
    try {
      return new Uint8Array(await subtle.digest('SHA-1', bytes as Uint8Array<ArrayBuffer>))
    } catch {
      // e.g. a SharedArrayBuffer-backed view: fall through to the JS hash
    }
  }
  return sha1(bytes)
}
