// Capped, checked decoding of /guts/pack messages (see ../codec.ts).
import { MAX_PACK_HEADER, MAX_PACK_REQUEST, MAX_WANTS } from './constants.js'
import { ProtocolViolationError } from '../errors.js'
import { guarded, OID, RID } from '../codec.js'
import { PackHeader, PackRequest } from './pb/pack.js'
import type { Bytes } from '../codec.js'

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
