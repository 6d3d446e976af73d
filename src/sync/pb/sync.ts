import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
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

export interface PackRequest {
  rid: string
  wants: string[]
  haves: string[]
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

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          rid: '',
          wants: [],
          haves: []
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

  export function encode (obj: Partial<PackRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PackRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PackRequest>): PackRequest {
    return decodeMessage(buf, PackRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PackRequest>): Generator<PackRequestRidFieldEvent | PackRequestWantsFieldEvent | PackRequestHavesFieldEvent> {
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
    UNKNOWN_WANT = 'UNKNOWN_WANT'
  }

  enum __StatusValues {
    OK = 0,
    NOT_FOUND = 1,
    REFUSED = 2,
    UNKNOWN_WANT = 3
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

export interface GossipMessage {
  kind: GossipMessage.Kind
  rid: string
  genesis: Uint8Array<ArrayBuffer>
  signedRefs: Uint8Array<ArrayBuffer>
}

export namespace GossipMessage {
  export enum Kind {
    UNKNOWN = 'UNKNOWN',
    REFS = 'REFS'
  }

  enum __KindValues {
    UNKNOWN = 0,
    REFS = 1
  }

  export namespace Kind {
    export const codec = (): Codec<Kind> => {
      return enumeration<Kind>(__KindValues)
    }
  }

  let _codec: Codec<GossipMessage>

  export const codec = (): Codec<GossipMessage> => {
    if (_codec == null) {
      _codec = message<GossipMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.kind != null && __KindValues[obj.kind] !== 0) {
          w.uint32(8)
          GossipMessage.Kind.codec().encode(obj.kind, w)
        }

        if ((obj.rid != null && obj.rid !== '')) {
          w.uint32(18)
          w.string(obj.rid)
        }

        if ((obj.genesis != null && obj.genesis.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.genesis)
        }

        if ((obj.signedRefs != null && obj.signedRefs.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.signedRefs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          kind: Kind.UNKNOWN,
          rid: '',
          genesis: uint8ArrayAlloc(0),
          signedRefs: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.kind = GossipMessage.Kind.codec().decode(reader)
              break
            }
            case 2: {
              obj.rid = reader.string()
              break
            }
            case 3: {
              obj.genesis = reader.bytes()
              break
            }
            case 4: {
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
                field: `${prefix}.kind`,
                value: GossipMessage.Kind.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.rid`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.genesis`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
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

  export interface GossipMessageKindFieldEvent {
    field: '$.kind'
    value: GossipMessage.Kind
  }

  export interface GossipMessageRidFieldEvent {
    field: '$.rid'
    value: string
  }

  export interface GossipMessageGenesisFieldEvent {
    field: '$.genesis'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GossipMessageSignedRefsFieldEvent {
    field: '$.signedRefs'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GossipMessage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GossipMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GossipMessage>): GossipMessage {
    return decodeMessage(buf, GossipMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GossipMessage>): Generator<GossipMessageKindFieldEvent | GossipMessageRidFieldEvent | GossipMessageGenesisFieldEvent | GossipMessageSignedRefsFieldEvent> {
    return streamMessage(buf, GossipMessage.codec(), opts)
  }
}

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
