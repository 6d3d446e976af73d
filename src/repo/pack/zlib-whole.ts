// Whole zlib streams, in and out: a loose object is one (its `<type>
// <size>\0` header and content deflated together), and a pack entry the
// writer makes afresh is another (the content alone). The native
// CompressionStream deflates where there is one (browsers, Node 18+),
// pako where not; both write zlib's format, as git does.
import pako from 'pako'
import { PackError } from './pack-error.js'
import type { ObjectTypeName } from './pack-reader.js'

/** Below this, pako's synchronous deflate is cheaper than setting up a stream. */
const NATIVE_FROM = 64 * 1024

export async function deflate (data: Uint8Array): Promise<Uint8Array> {
  const Native = (globalThis as { CompressionStream?: new (format: 'deflate') => TransformStream<Uint8Array, Uint8Array> }).CompressionStream
  if (Native == null || data.length < NATIVE_FROM) return pako.deflate(data)
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new Native('deflate'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

/** A loose object's file: its type and content, or a PackError if it is not one. */
export function inflateLoose (file: Uint8Array, name: string): { type: ObjectTypeName, data: Uint8Array } {
  let raw: Uint8Array
  try {
    raw = pako.inflate(file)
  } catch (err: any) {
    throw new PackError(`loose object ${name} is damaged: ${String(err?.message ?? err)}`)
  }
  if (!(raw instanceof Uint8Array)) throw new PackError(`loose object ${name} is damaged`)
  const nul = raw.indexOf(0)
  const header = nul < 0 || nul > 32 ? '' : new TextDecoder().decode(raw.subarray(0, nul))
  const m = /^(commit|tree|blob|tag) (0|[1-9][0-9]*)$/.exec(header)
  if (m == null || Number(m[2]) !== raw.length - nul - 1) throw new PackError(`loose object ${name} has a bad header`)
  return { type: m[1] as ObjectTypeName, data: raw.subarray(nul + 1) }
}
