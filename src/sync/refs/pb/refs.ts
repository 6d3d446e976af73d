import { decodeMessage, encodeMessage, enumeration, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface RefsRequest {
  rid: string
}

export namespace RefsRequest {
  let _codec: Codec<RefsRequest>

  export const codec = (): Codec<RefsRequest> => {
    if (_codec == null) {
      _codec = message<RefsRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.rid != null && obj.rid !== '')) {
          w.uint32(10)
          w.string(obj.rid)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          rid: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.rid = reader.string()
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

  export interface RefsRequestRidFieldEvent {
    field: '$.rid'
    value: string
  }

  export function encode (obj: Partial<RefsRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RefsRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RefsRequest>): RefsRequest {
    return decodeMessage(buf, RefsRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RefsRequest>): Generator<RefsRequestRidFieldEvent> {
    return streamMessage(buf, RefsRequest.codec(), opts)
  }
}

export interface RefsResponse {
  status: RefsResponse.Status
  genesis: Uint8Array<ArrayBuffer>
  signedRefs: Uint8Array<ArrayBuffer>
}

export namespace RefsResponse {
  export enum Status {
    OK = 'OK',
    NOT_FOUND = 'NOT_FOUND',
    REFUSED = 'REFUSED'
  }

  enum __StatusValues {
    OK = 0,
    NOT_FOUND = 1,
    REFUSED = 2
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<RefsResponse>

  export const codec = (): Codec<RefsResponse> => {
    if (_codec == null) {
      _codec = message<RefsResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          RefsResponse.Status.codec().encode(obj.status, w)
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
          status: Status.OK,
          genesis: uint8ArrayAlloc(0),
          signedRefs: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = RefsResponse.Status.codec().decode(reader)
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
                field: `${prefix}.status`,
                value: RefsResponse.Status.codec().decode(reader)
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

  export interface RefsResponseStatusFieldEvent {
    field: '$.status'
    value: RefsResponse.Status
  }

  export interface RefsResponseGenesisFieldEvent {
    field: '$.genesis'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RefsResponseSignedRefsFieldEvent {
    field: '$.signedRefs'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<RefsResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RefsResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RefsResponse>): RefsResponse {
    return decodeMessage(buf, RefsResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RefsResponse>): Generator<RefsResponseStatusFieldEvent | RefsResponseGenesisFieldEvent | RefsResponseSignedRefsFieldEvent> {
    return streamMessage(buf, RefsResponse.codec(), opts)
  }
}
