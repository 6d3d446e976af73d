// /guts/inventory/1.0.0: its id, size caps, timeouts and budgets.

/** anti-entropy: compare what two peers hold, a digest first */
export const INVENTORY_PROTOCOL = '/guts/inventory/1.0.0'
/** buckets a scope is split into (by the gossip shard of each RID), so a mismatch narrows before lists are sent */
export const BUCKETS = 256
/** bytes of one bucket's digest */
export const BUCKET_DIGEST_BYTES = 8
/** bytes of the whole scope's digest */
export const ROOT_BYTES = 16
/** repositories a peer may put in its scope with one responder: the most recently changed, past this, are left out */
export const MAX_ENTRIES = 4096
/** a scope this small is answered with its entries at once, not with bucket digests */
export const SMALL_SCOPE = 64
/** an entry is at most ~115 bytes (a 100-character RID, a 10-byte varint, framing) */
export const MAX_INVENTORY_REQUEST = MAX_ENTRIES * 116 + BUCKETS * 3 + 64
export const MAX_INVENTORY_RESPONSE = MAX_ENTRIES * 116 + BUCKETS * (BUCKET_DIGEST_BYTES + 3) + 64
/** requests on one stream: the first, one resend of the entries, one request for buckets */
export const MAX_INVENTORY_ROUNDS = 3
/** each read and write */
export const INVENTORY_TIMEOUT = 10_000
/** scopes a responder keeps, in RIDs over all peers; past it, the least recently used are forgotten (they are sent again) */
export const MAX_KEPT_RIDS = 256 * 1024
/** per peer: a round a minute and one on each sequence gap fit easily */
export const INVENTORY_BUDGET = { burst: 10, perSecond: 0.2 }
