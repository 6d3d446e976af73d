// Size caps on what the relay accepts from the network before any protocol
// has looked at it.

/**
 * The largest WebSocket message, in bytes, the relay accepts on its libp2p
 * WebSocket port. A frame header announcing more closes that connection with
 * 1009 before anything is buffered (ws' own default would buffer 100 MiB per
 * connection, before Noise, from anyone).
 *
 * js-libp2p sends every buffer of a Noise frame as its own message: the 2-byte
 * length, then the ciphertext, at most 65535 bytes in all. Measured over a
 * 64 MiB stream between two Node peers on 127.0.0.1, the largest message was
 * 65,519 bytes. 256 KiB leaves room for implementations that put a few whole
 * Noise frames in one message, and bounds a connection's buffered frame at
 * 256 KiB (1 GiB over 4096 connections in the worst case).
 */
export const MAX_WS_MESSAGE = 256 * 1024

/**
 * New inbound connections a second the relay accepts from one IP address
 * (libp2p's `inboundConnectionThreshold`, 5 by default). Every tab behind
 * one NAT, and every test tab on 127.0.0.1, shares an address; libp2p's 5
 * refuses the sixth quick one with a confusing "Unexpected EOF" in the
 * browser. bench/relay ramps under it.
 */
export const INBOUND_CONNECTIONS_PER_IP_PER_SECOND = 100

/**
 * Inbound connections being upgraded (WebSocket, Noise, yamux) at once;
 * libp2p refuses more until one finishes (`maxIncomingPendingConnections`,
 * 10 by default).
 */
export const MAX_PENDING_INBOUND_CONNECTIONS = 256

/**
 * How often the relay pings each connection to find dead ones (libp2p's
 * connection monitor; its default is 10 s). Tabs ping their relays
 * themselves (src/net/tab-node.ts), and the monitor pings every connection
 * at the same moment, each a new stream: at 10 s, 1,000 tabs cost the relay
 * 100 stream negotiations a second and a burst each round. A minute finds
 * a tab that vanished without closing (its reservation goes with it) soon
 * enough.
 */
export const PING_EVERY_MS = 60_000
