import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Entry {
  rid: string
  seq: bigint
}

export namespace Entry {
  let _codec: Codec<Entry>

  export const codec = (): Codec<Entry> => {
    if (_codec == null) {
      _codec = message<Entry>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.rid != null && obj.rid !== '')) {
          w.uint32(10)
          w.string(obj.rid)
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(16)
          w.uint64(obj.seq)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          rid: '',
          seq: 0n
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
              obj.seq = reader.uint64()
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
                field: `${prefix}.seq`,
                value: reader.uint64()
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

  export interface EntryRidFieldEvent {
    field: '$.rid'
    value: string
  }

  export interface EntrySeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export function encode (obj: Partial<Entry>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Entry.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Entry>): Entry {
    return decodeMessage(buf, Entry.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Entry>): Generator<EntryRidFieldEvent | EntrySeqFieldEvent> {
    return streamMessage(buf, Entry.codec(), opts)
  }
}

export interface InventoryRequest {
  root: Uint8Array<ArrayBuffer>
  entries: Entry[]
  buckets: number[]
}

export namespace InventoryRequest {
  let _codec: Codec<InventoryRequest>

  export const codec = (): Codec<InventoryRequest> => {
    if (_codec == null) {
      _codec = message<InventoryRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.root != null && obj.root.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.root)
        }

        if (obj.entries != null && obj.entries.length > 0) {
          for (const value of obj.entries) {
            w.uint32(18)
            Entry.codec().encode(value, w)
          }
        }

        if (obj.buckets != null && obj.buckets.length > 0) {
          for (const value of obj.buckets) {
            w.uint32(24)
            w.uint32(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          root: uint8ArrayAlloc(0),
          entries: [],
          buckets: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.root = reader.bytes()
              break
            }
            case 2: {
              if (opts.limits?.entries != null && obj.entries.length === opts.limits.entries) {
                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements')
              }

              obj.entries.push(Entry.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.entries$
              }))
              break
            }
            case 3: {
              if (opts.limits?.buckets != null && obj.buckets.length === opts.limits.buckets) {
                throw new MaxLengthError('Decode error - repeated field "buckets" had too many elements')
              }

              obj.buckets.push(reader.uint32())
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
          entries: 0,
          buckets: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.root`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              if (opts.limits?.entries != null && obj.entries === opts.limits.entries) {
                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements')
              }

              for (const evt of Entry.codec().stream(reader, reader.uint32(), `${prefix}.entries[]`, {
                limits: opts.limits?.entries$
              })) {
                yield {
                  ...evt,
                  index: obj.entries
                }
              }

              obj.entries++

              break
            }
            case 3: {
              if (opts.limits?.buckets != null && obj.buckets === opts.limits.buckets) {
                throw new MaxLengthError('Streaming decode error - repeated field "buckets" had too many elements')
              }

              yield {
                field: `${prefix}.buckets[]`,
                index: obj.buckets,
                value: reader.uint32()
              }

              obj.buckets++

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

  export interface InventoryRequestRootFieldEvent {
    field: '$.root'
    value: Uint8Array<ArrayBuffer>
  }

  export interface InventoryRequestEntriesRidFieldEvent {
    field: '$.entries[].rid'
    value: string
    index: number
  }

  export interface InventoryRequestEntriesSeqFieldEvent {
    field: '$.entries[].seq'
    value: bigint
    index: number
  }

  export interface InventoryRequestBucketsFieldEvent {
    field: '$.buckets[]'
    index: number
    value: number
  }

  export function encode (obj: Partial<InventoryRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, InventoryRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<InventoryRequest>): InventoryRequest {
    return decodeMessage(buf, InventoryRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<InventoryRequest>): Generator<InventoryRequestRootFieldEvent | InventoryRequestEntriesRidFieldEvent | InventoryRequestEntriesSeqFieldEvent | InventoryRequestBucketsFieldEvent> {
    return streamMessage(buf, InventoryRequest.codec(), opts)
  }
}

export interface InventoryResponse {
  status: InventoryResponse.Status
  digests: Uint8Array<ArrayBuffer>
  entries: Entry[]
  buckets: number[]
}

export namespace InventoryResponse {
  export enum Status {
    UNKNOWN = 'UNKNOWN',
    EQUAL = 'EQUAL',
    DIFFER = 'DIFFER',
    SEND_ENTRIES = 'SEND_ENTRIES',
    ENTRIES = 'ENTRIES',
    REFUSED = 'REFUSED'
  }

  enum __StatusValues {
    UNKNOWN = 0,
    EQUAL = 1,
    DIFFER = 2,
    SEND_ENTRIES = 3,
    ENTRIES = 4,
    REFUSED = 5
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<InventoryResponse>

  export const codec = (): Codec<InventoryResponse> => {
    if (_codec == null) {
      _codec = message<InventoryResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          InventoryResponse.Status.codec().encode(obj.status, w)
        }

        if ((obj.digests != null && obj.digests.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.digests)
        }

        if (obj.entries != null && obj.entries.length > 0) {
          for (const value of obj.entries) {
            w.uint32(26)
            Entry.codec().encode(value, w)
          }
        }

        if (obj.buckets != null && obj.buckets.length > 0) {
          for (const value of obj.buckets) {
            w.uint32(32)
            w.uint32(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.UNKNOWN,
          digests: uint8ArrayAlloc(0),
          entries: [],
          buckets: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = InventoryResponse.Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.digests = reader.bytes()
              break
            }
            case 3: {
              if (opts.limits?.entries != null && obj.entries.length === opts.limits.entries) {
                throw new MaxLengthError('Decode error - repeated field "entries" had too many elements')
              }

              obj.entries.push(Entry.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.entries$
              }))
              break
            }
            case 4: {
              if (opts.limits?.buckets != null && obj.buckets.length === opts.limits.buckets) {
                throw new MaxLengthError('Decode error - repeated field "buckets" had too many elements')
              }

              obj.buckets.push(reader.uint32())
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
          entries: 0,
          buckets: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.status`,
                value: InventoryResponse.Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.digests`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              if (opts.limits?.entries != null && obj.entries === opts.limits.entries) {
                throw new MaxLengthError('Streaming decode error - repeated field "entries" had too many elements')
              }

              for (const evt of Entry.codec().stream(reader, reader.uint32(), `${prefix}.entries[]`, {
                limits: opts.limits?.entries$
              })) {
                yield {
                  ...evt,
                  index: obj.entries
                }
              }

              obj.entries++

              break
            }
            case 4: {
              if (opts.limits?.buckets != null && obj.buckets === opts.limits.buckets) {
                throw new MaxLengthError('Streaming decode error - repeated field "buckets" had too many elements')
              }

              yield {
                field: `${prefix}.buckets[]`,
                index: obj.buckets,
                value: reader.uint32()
              }

              obj.buckets++

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

  export interface InventoryResponseStatusFieldEvent {
    field: '$.status'
    value: InventoryResponse.Status
  }

  export interface InventoryResponseDigestsFieldEvent {
    field: '$.digests'
    value: Uint8Array<ArrayBuffer>
  }

  export interface InventoryResponseEntriesRidFieldEvent {
    field: '$.entries[].rid'
    value: string
    index: number
  }

  export interface InventoryResponseEntriesSeqFieldEvent {
    field: '$.entries[].seq'
    value: bigint
    index: number
  }

  export interface InventoryResponseBucketsFieldEvent {
    field: '$.buckets[]'
    index: number
    value: number
  }

  export function encode (obj: Partial<InventoryResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, InventoryResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<InventoryResponse>): InventoryResponse {
    return decodeMessage(buf, InventoryResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<InventoryResponse>): Generator<InventoryResponseStatusFieldEvent | InventoryResponseDigestsFieldEvent | InventoryResponseEntriesRidFieldEvent | InventoryResponseEntriesSeqFieldEvent | InventoryResponseBucketsFieldEvent> {
    return streamMessage(buf, InventoryResponse.codec(), opts)
  }
}
