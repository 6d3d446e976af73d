import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface RefsRequest2 {
  rid: string
  after: string
}

export namespace RefsRequest2 {
  let _codec: Codec<RefsRequest2>

  export const codec = (): Codec<RefsRequest2> => {
    if (_codec == null) {
      _codec = message<RefsRequest2>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.rid != null && obj.rid !== '')) {
          w.uint32(10)
          w.string(obj.rid)
        }

        if ((obj.after != null && obj.after !== '')) {
          w.uint32(18)
          w.string(obj.after)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          rid: '',
          after: ''
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
              obj.after = reader.string()
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
                field: `${prefix}.after`,
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

  export interface RefsRequest2RidFieldEvent {
    field: '$.rid'
    value: string
  }

  export interface RefsRequest2AfterFieldEvent {
    field: '$.after'
    value: string
  }

  export function encode (obj: Partial<RefsRequest2>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RefsRequest2.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RefsRequest2>): RefsRequest2 {
    return decodeMessage(buf, RefsRequest2.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RefsRequest2>): Generator<RefsRequest2RidFieldEvent | RefsRequest2AfterFieldEvent> {
    return streamMessage(buf, RefsRequest2.codec(), opts)
  }
}

export interface RefsResponse2 {
  status: RefsResponse2.Status
  genesis: Uint8Array<ArrayBuffer>
  identity: Uint8Array<ArrayBuffer>[]
  namespaces: Uint8Array<ArrayBuffer>[]
  more: boolean
}

export namespace RefsResponse2 {
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

  let _codec: Codec<RefsResponse2>

  export const codec = (): Codec<RefsResponse2> => {
    if (_codec == null) {
      _codec = message<RefsResponse2>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          RefsResponse2.Status.codec().encode(obj.status, w)
        }

        if ((obj.genesis != null && obj.genesis.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.genesis)
        }

        if (obj.identity != null && obj.identity.length > 0) {
          for (const value of obj.identity) {
            w.uint32(26)
            w.bytes(value)
          }
        }

        if (obj.namespaces != null && obj.namespaces.length > 0) {
          for (const value of obj.namespaces) {
            w.uint32(34)
            w.bytes(value)
          }
        }

        if ((obj.more != null && obj.more !== false)) {
          w.uint32(40)
          w.bool(obj.more)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.OK,
          genesis: uint8ArrayAlloc(0),
          identity: [],
          namespaces: [],
          more: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = RefsResponse2.Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.genesis = reader.bytes()
              break
            }
            case 3: {
              if (opts.limits?.identity != null && obj.identity.length === opts.limits.identity) {
                throw new MaxLengthError('Decode error - repeated field "identity" had too many elements')
              }

              obj.identity.push(reader.bytes())
              break
            }
            case 4: {
              if (opts.limits?.namespaces != null && obj.namespaces.length === opts.limits.namespaces) {
                throw new MaxLengthError('Decode error - repeated field "namespaces" had too many elements')
              }

              obj.namespaces.push(reader.bytes())
              break
            }
            case 5: {
              obj.more = reader.bool()
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
          identity: 0,
          namespaces: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.status`,
                value: RefsResponse2.Status.codec().decode(reader)
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
              if (opts.limits?.identity != null && obj.identity === opts.limits.identity) {
                throw new MaxLengthError('Streaming decode error - repeated field "identity" had too many elements')
              }

              yield {
                field: `${prefix}.identity[]`,
                index: obj.identity,
                value: reader.bytes()
              }

              obj.identity++

              break
            }
            case 4: {
              if (opts.limits?.namespaces != null && obj.namespaces === opts.limits.namespaces) {
                throw new MaxLengthError('Streaming decode error - repeated field "namespaces" had too many elements')
              }

              yield {
                field: `${prefix}.namespaces[]`,
                index: obj.namespaces,
                value: reader.bytes()
              }

              obj.namespaces++

              break
            }
            case 5: {
              yield {
                field: `${prefix}.more`,
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

  export interface RefsResponse2StatusFieldEvent {
    field: '$.status'
    value: RefsResponse2.Status
  }

  export interface RefsResponse2GenesisFieldEvent {
    field: '$.genesis'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RefsResponse2IdentityFieldEvent {
    field: '$.identity[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface RefsResponse2NamespacesFieldEvent {
    field: '$.namespaces[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface RefsResponse2MoreFieldEvent {
    field: '$.more'
    value: boolean
  }

  export function encode (obj: Partial<RefsResponse2>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RefsResponse2.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RefsResponse2>): RefsResponse2 {
    return decodeMessage(buf, RefsResponse2.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RefsResponse2>): Generator<RefsResponse2StatusFieldEvent | RefsResponse2GenesisFieldEvent | RefsResponse2IdentityFieldEvent | RefsResponse2NamespacesFieldEvent | RefsResponse2MoreFieldEvent> {
    return streamMessage(buf, RefsResponse2.codec(), opts)
  }
}
