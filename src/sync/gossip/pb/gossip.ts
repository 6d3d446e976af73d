import { decodeMessage, encodeMessage, enumeration, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

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
