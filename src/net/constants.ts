// Protocol ids and versions shared by the tab and the relay.

export const GUTS_VERSION = '0.1.0'

/** Guts runs its own DHT rather than joining the public IPFS one. */
export const DHT_PROTOCOL = '/guts/kad/1.0.0'

/** A peer that speaks this is a circuit-relay-v2 relay. */
export const RELAY_HOP_PROTOCOL = '/libp2p/circuit/relay/0.2.0/hop'

export const RELAY_AGENT = `guts-relay/${GUTS_VERSION}`
export const WEB_AGENT = `guts-web/${GUTS_VERSION}`

/**
 * How often a tab pings each of its connections (libp2p's connection
 * monitor: the RTT on the network page, and a dead connection found). Each
 * ping is a new stream, negotiated, and its relay answers every tab's: about
 * 4 ms of the relay's CPU each here (bench/relay/hold-profile.ts: 200 idle
 * tabs, relay CPU ~5% between pings, ~15% over a window with one ping
 * each), so at libp2p's 10 s, 5,000 tabs would take two cores' worth.
 */
export const TAB_PING_EVERY_MS = 30_000
