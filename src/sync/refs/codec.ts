// Capped, checked decoding of /guts/refs messages (see ../codec.ts).
import { MAX_REFS_REQUEST, MAX_REFS_RESPONSE } from './constants.js'
import { ProtocolViolationError } from '../errors.js'
import { guarded, RID } from '../codec.js'
import { RefsRequest, RefsResponse } from './pb/refs.js'
import type { Bytes } from '../codec.js'

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
