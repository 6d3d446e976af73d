// A git object's id: SHA-1 of `<type> <size>\0` followed by the content.
// Hashing every object is what stops a pack from lying about what it holds;
// hashing what others send with collision detection (sha1dc.ts) is what
// stops two objects from sharing an id.
import { sha1, sha1Into } from './sha1.js'
import { sha1dcInto } from './sha1dc.js'
import { PackError } from './pack-error.js'
import type { ObjectTypeName } from './pack-reader.js'

/** An object that is one half of a SHA-1 collision (git refuses it: "SHA-1 appears to be part of a collision attack"). */
export class Sha1CollisionError extends PackError {}

/** the `<type> <size>\0` header, written in place: no allocation per object */
const header = new Uint8Array(32)

function writeHeader (type: ObjectTypeName, size: number): number {
  let n = 0
  for (let i = 0; i < type.length; i++) header[n++] = type.charCodeAt(i)
  header[n++] = 0x20
  const digits = String(size)
  for (let i = 0; i < digits.length; i++) header[n++] = digits.charCodeAt(i)
  header[n++] = 0
  return n
}

/** Writes the id of (type, content) into `out[at..at+20)`. For objects we made. */
export function hashObject (type: ObjectTypeName, content: Uint8Array, out: Uint8Array, at: number): void {
  sha1Into(header, writeHeader(type, content.length), content, out, at)
}

/**
 * As hashObject, for objects from others: hashed with SHA-1 collision
 * detection, as git does. The id is written in any case; true if the
 * object is one half of a collision attack, which must be refused.
 */
export function hashReceivedObject (type: ObjectTypeName, content: Uint8Array, out: Uint8Array, at: number): boolean {
  return sha1dcInto(header, writeHeader(type, content.length), content, out, at)
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
