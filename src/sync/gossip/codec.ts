// Capped, checked decoding of gossip envelopes (see ../codec.ts).
import { MAX_GOSSIP_MESSAGE } from './constants.js'
import { ProtocolViolationError } from '../errors.js'
import { guarded, RID } from '../codec.js'
import { GossipMessage } from './pb/gossip.js'
import type { Bytes } from '../codec.js'

export function decodeGossipMessage (bytes: Bytes): GossipMessage {
  return guarded('gossip message', MAX_GOSSIP_MESSAGE, bytes, () => {
    const m = GossipMessage.decode(bytes)
    if (m.kind !== GossipMessage.Kind.REFS) throw new ProtocolViolationError('unknown gossip message kind')
    if (!RID.test(m.rid)) throw new ProtocolViolationError('gossip message names no valid RID')
    if (m.genesis.length === 0 || m.signedRefs.length === 0) throw new ProtocolViolationError('gossip message without genesis or signed refs')
    return m
  })
}
