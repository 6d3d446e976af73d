// Capped, checked decoding of every Guts wire message. Whatever the bytes,
// a decoder returns a well-formed message or throws ProtocolViolationError:
// sizes are checked before decoding, fields after.
import { MAX_ANNOUNCE_REQUEST, MAX_ANNOUNCE_RESPONSE, MAX_GOSSIP_MESSAGE, MAX_PACK_HEADER, MAX_PACK_REQUEST, MAX_REFS_REQUEST, MAX_REFS_RESPONSE, MAX_WANTS } from './constants.js'
import { ProtocolViolationError } from './errors.js'
import { AnnounceRequest, AnnounceResponse, GossipMessage, PackHeader, PackRequest, RefsRequest, RefsResponse } from './pb/sync.js'
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

export function decodeGossipMessage (bytes: Bytes): GossipMessage {
  return guarded('gossip message', MAX_GOSSIP_MESSAGE, bytes, () => {
    const m = GossipMessage.decode(bytes)
    if (m.kind !== GossipMessage.Kind.REFS) throw new ProtocolViolationError('unknown gossip message kind')
    if (!RID.test(m.rid)) throw new ProtocolViolationError('gossip message names no valid RID')
    if (m.genesis.length === 0 || m.signedRefs.length === 0) throw new ProtocolViolationError('gossip message without genesis or signed refs')
    return m
  })
}

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
