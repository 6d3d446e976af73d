// Gossip: the size cap of one message (topics: see topics.ts).
import { MAX_REFS_RESPONSE } from '../refs/constants.js'

/** a gossip envelope: genesis, signed refs and framing, as a refs response */
export const MAX_GOSSIP_MESSAGE = MAX_REFS_RESPONSE + 256
