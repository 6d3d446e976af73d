// Protocol ids, size caps and timeouts of the Guts sync protocols.

export const REFS_PROTOCOL = '/guts/refs/1.0.0'
export const PACK_PROTOCOL = '/guts/pack/1.0.0'
/** a peer tells a relay about a repository directly, and hears back (gossip can drop it) */
export const ANNOUNCE_PROTOCOL = '/guts/announce/1.0.0'
// gossip topics: see gossip-topics.ts

export const MAX_REFS_REQUEST = 256
/** genesis (8 KiB) + signed refs (1 MiB) + framing */
export const MAX_REFS_RESPONSE = 1024 * 1024 + 16 * 1024
export const MAX_WANTS = 10_000
export const MAX_PACK_REQUEST = 2 * MAX_WANTS * 48 + 1024
export const MAX_PACK_HEADER = 1024
/** one frame of pack data on the wire: large frames mean fewer waits for the transport to drain */
export const PACK_CHUNK = 256 * 1024
export const MAX_PACK_FRAME = PACK_CHUNK + 16
/** default cap on a whole pack; configurable per node */
export const DEFAULT_MAX_PACK_BYTES = 256 * 1024 * 1024
/** a gossip envelope: genesis, signed refs and framing, as a refs response */
export const MAX_GOSSIP_MESSAGE = MAX_REFS_RESPONSE + 256
export const MAX_ANNOUNCE_REQUEST = MAX_REFS_RESPONSE + 256
export const MAX_ANNOUNCE_RESPONSE = 1024

export const REFS_TIMEOUT = 10_000
/** how long a relay may take to fetch an announced repository before it answers */
export const ANNOUNCE_FETCH_TIMEOUT = 120_000
/** a pack transfer fails when no frame arrives for this long */
export const PACK_IDLE_TIMEOUT = 30_000
/** a peer that takes no chunk of the pack it asked for in this long is cut off */
export const SLOW_READER_TIMEOUT = 20_000
