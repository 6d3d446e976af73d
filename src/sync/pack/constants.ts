// /guts/pack/1.0.0: its id, size caps and timeouts.

export const PACK_PROTOCOL = '/guts/pack/1.0.0'
// every writer's tip of every issue it took part in is a tip of its own: a
// thousand issues among twenty writers make ~10,000 (a request of ~4.8 MiB
// at most, both lists full)
export const MAX_WANTS = 50_000
export const MAX_PACK_REQUEST = 2 * MAX_WANTS * 48 + 1024
export const MAX_PACK_HEADER = 1024
/** one frame of pack data on the wire: large frames mean fewer waits for the transport to drain */
export const PACK_CHUNK = 256 * 1024
export const MAX_PACK_FRAME = PACK_CHUNK + 16
/** default cap on a whole pack; configurable per node */
export const DEFAULT_MAX_PACK_BYTES = 256 * 1024 * 1024
/** a pack transfer fails when no frame arrives for this long */
export const PACK_IDLE_TIMEOUT = 30_000
/** a peer that takes no chunk of the pack it asked for in this long is cut off */
export const SLOW_READER_TIMEOUT = 20_000
/** while a server builds a pack for a client that understands it, it says so this often */
export const PREPARING_EVERY = 5_000
/** the longest a client waits for a pack to be built, however often it hears the server is at it */
export const MAX_PREPARING = 5 * 60_000
