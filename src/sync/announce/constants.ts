// /guts/announce/1.0.0: its id, size caps and timeouts.
import { MAX_REFS_RESPONSE } from '../refs/constants.js'

/** a peer tells a relay about a repository directly, and hears back (gossip can drop it) */
export const ANNOUNCE_PROTOCOL = '/guts/announce/1.0.0'
/** genesis, signed refs and framing, as a refs response */
export const MAX_ANNOUNCE_REQUEST = MAX_REFS_RESPONSE + 256
export const MAX_ANNOUNCE_RESPONSE = 1024
/** reading the request, writing the answer */
export const ANNOUNCE_TIMEOUT = 10_000
/** how long a relay may take to fetch an announced repository before it answers */
export const ANNOUNCE_FETCH_TIMEOUT = 120_000
