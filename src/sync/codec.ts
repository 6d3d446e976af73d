// Capped, checked decoding of Guts wire messages: each protocol's codec.ts
// decodes its own messages with these. Whatever the bytes, a decoder
// returns a well-formed message or throws ProtocolViolationError: sizes are
// checked before decoding, fields after.
import { ProtocolViolationError } from './errors.js'
import type { Uint8ArrayList } from 'uint8arraylist'

export type Bytes = Uint8Array | Uint8ArrayList
export const OID = /^[0-9a-f]{40}$/
export const RID = /^[a-z2-7]{1,100}$/

export function guarded<T> (what: string, max: number, bytes: Bytes, decode: () => T): T {
  if (bytes.byteLength > max) throw new ProtocolViolationError(`${what} is ${bytes.byteLength} bytes, over the limit of ${max}`)
  try {
    return decode()
  } catch (err: any) {
    if (err instanceof ProtocolViolationError) throw err
    throw new ProtocolViolationError(`malformed ${what}: ${String(err?.message ?? err).slice(0, 200)}`)
  }
}
