// /guts/refs/1.0.0 — GetRefs/Refs: one request { rid }, one response
// { genesis, signed refs } or not-found / refused. The contract: what the
// protocol exchanges, its caps, and the two ends of it.
export { REFS_PROTOCOL, MAX_REFS_REQUEST, MAX_REFS_RESPONSE, REFS_TIMEOUT } from './constants.js'
export { handleRefs, requestRefs } from './refs.js'
export type { RefsAnswer } from './refs.js'
export { decodeRefsRequest, decodeRefsResponse } from './codec.js'
export { RefsRequest, RefsResponse } from './pb/refs.js'
