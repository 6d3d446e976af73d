// Protocol ids and versions shared by the tab and the relay.

export const GUTS_VERSION = '0.1.0'

/** Guts runs its own DHT rather than joining the public IPFS one. */
export const DHT_PROTOCOL = '/guts/kad/1.0.0'

/** A peer that speaks this is a circuit-relay-v2 relay. */
export const RELAY_HOP_PROTOCOL = '/libp2p/circuit/relay/0.2.0/hop'

export const RELAY_AGENT = `guts-relay/${GUTS_VERSION}`
export const WEB_AGENT = `guts-web/${GUTS_VERSION}`
