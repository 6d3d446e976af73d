import { decodeMessage, encodeMessage, enumeration, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface AnnounceRequest {
  rid: string
  genesis: Uint8Array<ArrayBuffer>
  signedRefs: Uint8Array<ArrayBuffer>
}

export namespace AnnounceRequest {
  let _codec: Codec<AnnounceRequest>

  export const codec = (): Codec<AnnounceRequest> => {
    if (_codec == null) {
      _codec = message<AnnounceRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.rid != null && obj.rid !== '')) {
          w.uint32(10)
          w.string(obj.rid)
        }

        if ((obj.genesis != null && obj.genesis.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.genesis)
        }

        if ((obj.signedRefs != null && obj.signedRefs.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.signedRefs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          rid: '',
          genesis: uint8ArrayAlloc(0),
          signedRefs: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.rid = reader.string()
              break
            }
            case 2: {
              obj.genesis = reader.bytes()
              break
            }
            case 3: {
              obj.signedRefs = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.rid`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.genesis`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.signedRefs`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface AnnounceRequestRidFieldEvent {
    field: '$.rid'
    value: string
  }

  export interface AnnounceRequestGenesisFieldEvent {
    field: '$.genesis'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AnnounceRequestSignedRefsFieldEvent {
    field: '$.signedRefs'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<AnnounceRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AnnounceRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AnnounceRequest>): AnnounceRequest {
    return decodeMessage(buf, AnnounceRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AnnounceRequest>): Generator<AnnounceRequestRidFieldEvent | AnnounceRequestGenesisFieldEvent | AnnounceRequestSignedRefsFieldEvent> {
    return streamMessage(buf, AnnounceRequest.codec(), opts)
  }
}

export interface AnnounceResponse {
  status: AnnounceResponse.Status
  seq: bigint
  message: string
}

export namespace AnnounceResponse {
  export enum Status {
    UNKNOWN = 'UNKNOWN',
    SEEDED = 'SEEDED',
    UP_TO_DATE = 'UP_TO_DATE',
    NOT_WANTED = 'NOT_WANTED',
    REFUSED = 'REFUSED',
    INVALID = 'INVALID',
    FAILED = 'FAILED'
  }

  enum __StatusValues {
    UNKNOWN = 0,
    SEEDED = 1,
    UP_TO_DATE = 2,
    NOT_WANTED = 3,
    REFUSED = 4,
    INVALID = 5,
    FAILED = 6
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<AnnounceResponse>

  export const codec = (): Codec<AnnounceResponse> => {
    if (_codec == null) {
      _codec = message<AnnounceResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          AnnounceResponse.Status.codec().encode(obj.status, w)
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(16)
          w.uint64(obj.seq)
        }

        if ((obj.message != null && obj.message !== '')) {
          w.uint32(26)
          w.string(obj.message)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.UNKNOWN,
          seq: 0n,
          message: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = AnnounceResponse.Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.seq = reader.uint64()
              break
            }
            case 3: {
              obj.message = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.status`,
                value: AnnounceResponse.Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.message`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface AnnounceResponseStatusFieldEvent {
    field: '$.status'
    value: AnnounceResponse.Status
  }

  export interface AnnounceResponseSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export interface AnnounceResponseMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export function encode (obj: Partial<AnnounceResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AnnounceResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AnnounceResponse>): AnnounceResponse {
    return decodeMessage(buf, AnnounceResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AnnounceResponse>): Generator<AnnounceResponseStatusFieldEvent | AnnounceResponseSeqFieldEvent | AnnounceResponseMessageFieldEvent> {
    return streamMessage(buf, AnnounceResponse.codec(), opts)
  }
}
