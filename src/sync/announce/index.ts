// /guts/announce/1.0.0 — a peer tells a relay of a repository it holds and
// hears whether the relay seeds it: one request { rid, genesis, signed
// refs }, one response { status, seq, message }. The contract: the two
// ends (announce.ts) and the relay's decisions (serve.ts).
export { ANNOUNCE_PROTOCOL, MAX_ANNOUNCE_REQUEST, MAX_ANNOUNCE_RESPONSE, ANNOUNCE_TIMEOUT, ANNOUNCE_FETCH_TIMEOUT } from './constants.js'
export { handleAnnounce, requestAnnounce } from './announce.js'
export type { AnnounceAnswer, AnnounceStatus, Announcement } from './announce.js'
export { AnnounceServer } from './serve.js'
export type { AnnounceServerInit } from './serve.js'
export { decodeAnnounceRequest, decodeAnnounceResponse } from './codec.js'
export { AnnounceRequest, AnnounceResponse } from './pb/announce.js'
