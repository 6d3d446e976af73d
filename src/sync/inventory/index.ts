// /guts/inventory/1.0.0 — anti-entropy: a peer compares the (rid, seq) of
// its repositories with a relay, a 16-byte digest first, then per bucket,
// then entries, so a lost announcement is found within one round. The
// contract: caps (constants.ts), the digest (digest.ts), the two ends
// (inventory.ts) and what a responder keeps and answers (serve.ts).
export { INVENTORY_PROTOCOL, MAX_ENTRIES, MAX_INVENTORY_REQUEST, MAX_INVENTORY_RESPONSE, INVENTORY_TIMEOUT } from './constants.js'
export { handleInventory, requestInventory } from './inventory.js'
export type { InventoryResult, InventorySession } from './inventory.js'
export { InventoryServer } from './serve.js'
export type { InventoryServerInit } from './serve.js'
export { bucketDigests, bucketOf, rootOf } from './digest.js'
export type { InventoryEntry } from './digest.js'
export { decodeInventoryRequest, decodeInventoryResponse } from './codec.js'
export { InventoryRequest, InventoryResponse } from './pb/inventory.js'
