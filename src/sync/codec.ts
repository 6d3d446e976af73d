// Capped, checked decoding of every Guts wire message. Whatever the bytes,
// a decoder returns a well-formed message or throws ProtocolViolationError:
// sizes are checked before decoding, fields after.
import { MAX_PACK_HEADER, MAX_PACK_REQUEST, MAX_REFS_REQUEST, MAX_REFS_RESPONSE, MAX_WANTS } from './constants.js'
import { ProtocolViolationError } from './errors.js'
import { PackHeader, PackRequest, RefsRequest, RefsResponse } from './pb/sync.js'
import type { Uint8ArrayList } from 'uint8arraylist'

type Bytes = Uint8Array | Uint8ArrayList
const OID = /^[0-9a-f]{40}$/
const RID = /^[a-z2-7]{1,100}$/

function guarded<T> (what: string, max: number, bytes: Bytes, decode: () => T): T {
  if (bytes.byteLength > max) throw new ProtocolViolationError(`${what} is ${bytes.byteLength} bytes, over the limit of ${max}`)
  try {
    return decode()
  } catch (err: any) {
    if (err instanceof ProtocolViolationError) throw err
    throw new ProtocolViolationError(`malformed ${what}: ${String(err?.message ?? err).slice(0, 200)}`)
  }
}

export function decodeRefsRequest (bytes: Bytes): RefsRequest {
  return guarded('refs request', MAX_REFS_REQUEST, bytes, () => {
    const m = RefsRequest.decode(bytes)
    if (!RID.test(m.rid)) throw new ProtocolViolationError('refs request names no valid RID')
    return m
  })
}

export function decodeRefsResponse (bytes: Bytes): RefsResponse {
  return guarded('refs response', MAX_REFS_RESPONSE, bytes, () => {
    const m = RefsResponse.decode(bytes)
    if (!Object.values(RefsResponse.Status).includes(m.status)) throw new ProtocolViolationError('unknown refs status')
    return m
  })
}

export function decodePackRequest (bytes: Bytes): PackRequest {
  return guarded('pack request', MAX_PACK_REQUEST, bytes, () => {
    const m = PackRequest.decode(bytes, { limits: { wants: MAX_WANTS, haves: MAX_WANTS } })
    if (!RID.test(m.rid)) throw new ProtocolViolationError('pack request names no valid RID')
    if (m.wants.length === 0) throw new ProtocolViolationError('pack request wants nothing')
    if (![...m.wants, ...m.haves].every(o => OID.test(o))) throw new ProtocolViolationError('pack request holds a bad object id')
    return m
  })
}

export function decodePackHeader (bytes: Bytes): PackHeader {
  return guarded('pack header', MAX_PACK_HEADER, bytes, () => {
    const m = PackHeader.decode(bytes)
    if (!Object.values(PackHeader.Status).includes(m.status)) throw new ProtocolViolationError('unknown pack status')
    if (m.bytes < 0n || m.bytes > BigInt(Number.MAX_SAFE_INTEGER)) throw new ProtocolViolationError('pack size out of range')
    return m
  })
}
