// /guts/pack/1.0.0 — GetObjects/Objects: { rid, wants, haves } → a header
// { status, objects, bytes }, then the packfile in chunks. The contract:
// the two ends (pack.ts), receiving into an indexer (receive.ts), and the
// server with its fair limits (serve.ts); thin packs completed from what
// the receiver holds (thin-sink.ts).
export { PACK_PROTOCOL, MAX_WANTS, MAX_PACK_REQUEST, MAX_PACK_HEADER, PACK_CHUNK, MAX_PACK_FRAME, DEFAULT_MAX_PACK_BYTES, PACK_IDLE_TIMEOUT, SLOW_READER_TIMEOUT } from './constants.js'
export { handlePack, requestPack } from './pack.js'
export type { PackAnswer, PackProgress } from './pack.js'
export { receivePack } from './receive.js'
export { thinPackSink } from './thin-sink.js'
export type { ReceivePackOptions } from './receive.js'
export { PackServer, addressKey } from './serve.js'
export type { PackBuilder, PackServerInit } from './serve.js'
export { PackTooLargeError } from './errors.js'
export { decodePackHeader, decodePackRequest } from './codec.js'
export { PackHeader, PackRequest } from './pb/pack.js'
