// Capped, checked decoding of /guts/announce messages (see ../codec.ts).
import { MAX_ANNOUNCE_REQUEST, MAX_ANNOUNCE_RESPONSE } from './constants.js'
import { ProtocolViolationError } from '../errors.js'
import { guarded, RID } from '../codec.js'
import { AnnounceRequest, AnnounceResponse } from './pb/announce.js'
import type { Bytes } from '../codec.js'

export function decodeAnnounceRequest (bytes: Bytes): AnnounceRequest {
  return guarded('announce request', MAX_ANNOUNCE_REQUEST, bytes, () => {
    const m = AnnounceRequest.decode(bytes)
    if (!RID.test(m.rid)) throw new ProtocolViolationError('announce request names no valid RID')
    if (m.genesis.length === 0 || m.signedRefs.length === 0) throw new ProtocolViolationError('announce request without genesis or signed refs')
    return m
  })
}

export function decodeAnnounceResponse (bytes: Bytes): AnnounceResponse {
  return guarded('announce response', MAX_ANNOUNCE_RESPONSE, bytes, () => {
    const m = AnnounceResponse.decode(bytes)
    if (m.status === AnnounceResponse.Status.UNKNOWN || !Object.values(AnnounceResponse.Status).includes(m.status)) throw new ProtocolViolationError('unknown announce status')
    if (m.seq < 0n || m.seq > BigInt(Number.MAX_SAFE_INTEGER)) throw new ProtocolViolationError('announce sequence number out of range')
    return m
  })
}
