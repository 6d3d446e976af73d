import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface PackRequest {
  rid: string
  wants: string[]
  haves: string[]
  progress: boolean
  thin: boolean
}

export namespace PackRequest {
  let _codec: Codec<PackRequest>

  export const codec = (): Codec<PackRequest> => {
    if (_codec == null) {
      _codec = message<PackRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.rid != null && obj.rid !== '')) {
          w.uint32(10)
          w.string(obj.rid)
        }

        if (obj.wants != null && obj.wants.length > 0) {
          for (const value of obj.wants) {
            w.uint32(18)
            w.string(value)
          }
        }

        if (obj.haves != null && obj.haves.length > 0) {
          for (const value of obj.haves) {
            w.uint32(26)
            w.string(value)
          }
        }

        if ((obj.progress != null && obj.progress !== false)) {
          w.uint32(32)
          w.bool(obj.progress)
        }

        if ((obj.thin != null && obj.thin !== false)) {
          w.uint32(40)
          w.bool(obj.thin)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          rid: '',
          wants: [],
          haves: [],
          progress: false,
          thin: false
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
              if (opts.limits?.wants != null && obj.wants.length === opts.limits.wants) {
                throw new MaxLengthError('Decode error - repeated field "wants" had too many elements')
              }

              obj.wants.push(reader.string())
              break
            }
            case 3: {
              if (opts.limits?.haves != null && obj.haves.length === opts.limits.haves) {
                throw new MaxLengthError('Decode error - repeated field "haves" had too many elements')
              }

              obj.haves.push(reader.string())
              break
            }
            case 4: {
              obj.progress = reader.bool()
              break
            }
            case 5: {
              obj.thin = reader.bool()
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
        const obj = {
          wants: 0,
          haves: 0
        }

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
              if (opts.limits?.wants != null && obj.wants === opts.limits.wants) {
                throw new MaxLengthError('Streaming decode error - repeated field "wants" had too many elements')
              }

              yield {
                field: `${prefix}.wants[]`,
                index: obj.wants,
                value: reader.string()
              }

              obj.wants++

              break
            }
            case 3: {
              if (opts.limits?.haves != null && obj.haves === opts.limits.haves) {
                throw new MaxLengthError('Streaming decode error - repeated field "haves" had too many elements')
              }

              yield {
                field: `${prefix}.haves[]`,
                index: obj.haves,
                value: reader.string()
              }

              obj.haves++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.progress`,
                value: reader.bool()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.thin`,
                value: reader.bool()
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

  export interface PackRequestRidFieldEvent {
    field: '$.rid'
    value: string
  }

  export interface PackRequestWantsFieldEvent {
    field: '$.wants[]'
    index: number
    value: string
  }

  export interface PackRequestHavesFieldEvent {
    field: '$.haves[]'
    index: number
    value: string
  }

  export interface PackRequestProgressFieldEvent {
    field: '$.progress'
    value: boolean
  }

  export interface PackRequestThinFieldEvent {
    field: '$.thin'
    value: boolean
  }

  export function encode (obj: Partial<PackRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PackRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PackRequest>): PackRequest {
    return decodeMessage(buf, PackRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PackRequest>): Generator<PackRequestRidFieldEvent | PackRequestWantsFieldEvent | PackRequestHavesFieldEvent | PackRequestProgressFieldEvent | PackRequestThinFieldEvent> {
    return streamMessage(buf, PackRequest.codec(), opts)
  }
}

export interface PackHeader {
  status: PackHeader.Status
  objects: number
  bytes: bigint
  message: string
}

export namespace PackHeader {
  export enum Status {
    OK = 'OK',
    NOT_FOUND = 'NOT_FOUND',
    REFUSED = 'REFUSED',
    UNKNOWN_WANT = 'UNKNOWN_WANT',
    PREPARING = 'PREPARING'
  }

  enum __StatusValues {
    OK = 0,
    NOT_FOUND = 1,
    REFUSED = 2,
    UNKNOWN_WANT = 3,
    PREPARING = 4
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<PackHeader>

  export const codec = (): Codec<PackHeader> => {
    if (_codec == null) {
      _codec = message<PackHeader>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          PackHeader.Status.codec().encode(obj.status, w)
        }

        if ((obj.objects != null && obj.objects !== 0)) {
          w.uint32(16)
          w.uint32(obj.objects)
        }

        if ((obj.bytes != null && obj.bytes !== 0n)) {
          w.uint32(24)
          w.uint64(obj.bytes)
        }

        if ((obj.message != null && obj.message !== '')) {
          w.uint32(34)
          w.string(obj.message)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.OK,
          objects: 0,
          bytes: 0n,
          message: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = PackHeader.Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.objects = reader.uint32()
              break
            }
            case 3: {
              obj.bytes = reader.uint64()
              break
            }
            case 4: {
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
                value: PackHeader.Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.objects`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.bytes`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
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

  export interface PackHeaderStatusFieldEvent {
    field: '$.status'
    value: PackHeader.Status
  }

  export interface PackHeaderObjectsFieldEvent {
    field: '$.objects'
    value: number
  }

  export interface PackHeaderBytesFieldEvent {
    field: '$.bytes'
    value: bigint
  }

  export interface PackHeaderMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export function encode (obj: Partial<PackHeader>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PackHeader.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PackHeader>): PackHeader {
    return decodeMessage(buf, PackHeader.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PackHeader>): Generator<PackHeaderStatusFieldEvent | PackHeaderObjectsFieldEvent | PackHeaderBytesFieldEvent | PackHeaderMessageFieldEvent> {
    return streamMessage(buf, PackHeader.codec(), opts)
  }
}
