// Capped, checked decoding of /guts/inventory messages (see ../codec.ts).
import { BUCKET_DIGEST_BYTES, BUCKETS, MAX_ENTRIES, MAX_INVENTORY_REQUEST, MAX_INVENTORY_RESPONSE, ROOT_BYTES } from './constants.js'
import { ProtocolViolationError } from '../errors.js'
import { guarded, RID } from '../codec.js'
import { InventoryRequest, InventoryResponse } from './pb/inventory.js'
import type { Entry } from './pb/inventory.js'
import type { Bytes } from '../codec.js'

function checkEntries (what: string, entries: Entry[]): void {
  const seen = new Set<string>()
  for (const e of entries) {
    if (!RID.test(e.rid)) throw new ProtocolViolationError(`${what} names no valid RID`)
    if (e.seq < 0n || e.seq > BigInt(Number.MAX_SAFE_INTEGER)) throw new ProtocolViolationError(`${what}: sequence number out of range`)
    if (seen.has(e.rid)) throw new ProtocolViolationError(`${what} names ${e.rid} twice`)
    seen.add(e.rid)
  }
}

function checkBuckets (what: string, buckets: number[]): void {
  if (buckets.some(b => b >= BUCKETS) || new Set(buckets).size !== buckets.length) throw new ProtocolViolationError(`${what}: bad bucket numbers`)
}

export function decodeInventoryRequest (bytes: Bytes): InventoryRequest {
  return guarded('inventory request', MAX_INVENTORY_REQUEST, bytes, () => {
    const m = InventoryRequest.decode(bytes, { limits: { entries: MAX_ENTRIES, buckets: BUCKETS } })
    if (m.root.length !== 0 && m.root.length !== ROOT_BYTES) throw new ProtocolViolationError('inventory request: the digest is not 16 bytes')
    checkEntries('inventory request', m.entries)
    checkBuckets('inventory request', m.buckets)
    return m
  })
}

export function decodeInventoryResponse (bytes: Bytes): InventoryResponse {
  return guarded('inventory response', MAX_INVENTORY_RESPONSE, bytes, () => {
    const m = InventoryResponse.decode(bytes, { limits: { entries: MAX_ENTRIES, buckets: BUCKETS } })
    if (m.status === InventoryResponse.Status.UNKNOWN || !Object.values(InventoryResponse.Status).includes(m.status)) throw new ProtocolViolationError('unknown inventory status')
    if (m.digests.length !== 0 && m.digests.length !== BUCKETS * BUCKET_DIGEST_BYTES) throw new ProtocolViolationError('inventory response: bucket digests of the wrong size')
    checkEntries('inventory response', m.entries)
    checkBuckets('inventory response', m.buckets)
    return m
  })
}
