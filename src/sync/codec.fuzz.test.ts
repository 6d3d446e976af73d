// Every decoder, fed 10,000+ generated inputs each: random bytes, truncated
// and mutated valid messages, oversized input. Each input must give a
// well-formed value or the decoder's own error: never a crash, a hang or a
// different exception. The seed is fixed and printed on failure.
// `npm run fuzz` runs the same with 100,000 inputs per decoder (GUTS_FUZZ_RUNS).
import { describe, expect, it } from 'vitest'
import { parseBundleHeader, encodeBundleHeader } from '../core/bundle.js'
import { createGenesis, decodeGenesis, encodeGenesis } from '../core/genesis.js'
import { decodeSignedRefs, encodeSignedRefs } from '../core/signed-refs.js'
import { parseWellKnown } from '../net/well-known.js'
import { AnnounceRequest, AnnounceResponse, decodeAnnounceRequest, decodeAnnounceResponse } from './announce/index.js'
import { GossipMessage, decodeGossipMessage } from './gossip/index.js'
import { InventoryRequest, InventoryResponse, MAX_INVENTORY_REQUEST, MAX_INVENTORY_RESPONSE, decodeInventoryRequest, decodeInventoryResponse } from './inventory/index.js'
import { PackHeader, PackRequest, decodePackHeader, decodePackRequest } from './pack/index.js'
import { RefsRequest, RefsResponse, decodeRefsRequest, decodeRefsResponse } from './refs/index.js'
import { mulberry32 } from '../../test/fixtures/prng.js'

const SEED = 0x6775_7473 // "guts"
const RUNS = Number(process.env.GUTS_FUZZ_RUNS ?? 10_000)

const DELEGATE = '12D3KooWDfpB52ERAFBGYM1XdF62GejTDhFnXsAS8SXVsVNzq2ES'
const RID = 'bafkreifvy2n6kkmnmjcgthmmkaournv54nwpw4prudm5c45qjxinbismei'
const OID = 'a'.repeat(40)
const genesisBytes = encodeGenesis(createGenesis({ name: 'fuzz', delegates: [DELEGATE], created: 1, nonce: '00112233445566778899aabbccddeeff' }))
const signedRefsBytes = encodeSignedRefs({ rid: RID, seq: 3, refs: { 'refs/heads/main': OID }, signer: DELEGATE, timestamp: 5, signature: 'A'.repeat(86) })

/** Inputs: random, truncations and byte mutations of `valid`, and oversized ones. */
function * inputs (valid: Uint8Array, rand: () => number, oversize: number): Generator<Uint8Array> {
  for (let i = 0; i < RUNS; i++) {
    const kind = i % 4
    if (kind === 0) {
      const b = new Uint8Array(Math.floor(rand() * 300))
      for (let j = 0; j < b.length; j++) b[j] = Math.floor(rand() * 256)
      yield b
    } else if (kind === 1) {
      yield valid.subarray(0, Math.floor(rand() * valid.length))
    } else if (kind === 2) {
      const b = valid.slice()
      const flips = 1 + Math.floor(rand() * 4)
      for (let f = 0; f < flips && b.length > 0; f++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256)
      yield b
    } else {
      yield i % 40 === 3 ? new Uint8Array(oversize + 1 + Math.floor(rand() * 100)) : valid.slice()
    }
  }
}

const cases: Array<{ name: string, valid: Uint8Array, oversize: number, decode: (b: Uint8Array) => unknown, errorName: string | RegExp }> = [
  { name: 'RefsRequest', valid: RefsRequest.encode({ rid: RID }), oversize: 256, decode: decodeRefsRequest, errorName: 'ProtocolViolationError' },
  { name: 'RefsResponse', valid: RefsResponse.encode({ status: RefsResponse.Status.OK, genesis: genesisBytes as Uint8Array<ArrayBuffer>, signedRefs: signedRefsBytes as Uint8Array<ArrayBuffer> }), oversize: 1024 * 1024 + 16 * 1024, decode: decodeRefsResponse, errorName: 'ProtocolViolationError' },
  { name: 'PackRequest', valid: PackRequest.encode({ rid: RID, wants: [OID], haves: ['b'.repeat(40)] }), oversize: 2 * 10_000 * 48 + 1024, decode: decodePackRequest, errorName: 'ProtocolViolationError' },
  { name: 'PackHeader', valid: PackHeader.encode({ status: PackHeader.Status.OK, objects: 3, bytes: 1000n, message: '' }), oversize: 1024, decode: decodePackHeader, errorName: 'ProtocolViolationError' },
  { name: 'GossipMessage', valid: GossipMessage.encode({ kind: GossipMessage.Kind.REFS, rid: RID, genesis: genesisBytes as Uint8Array<ArrayBuffer>, signedRefs: signedRefsBytes as Uint8Array<ArrayBuffer> }), oversize: 1024 * 1024 + 16 * 1024 + 256, decode: decodeGossipMessage, errorName: 'ProtocolViolationError' },
  { name: 'AnnounceRequest', valid: AnnounceRequest.encode({ rid: RID, genesis: genesisBytes as Uint8Array<ArrayBuffer>, signedRefs: signedRefsBytes as Uint8Array<ArrayBuffer> }), oversize: 1024 * 1024 + 16 * 1024 + 256, decode: decodeAnnounceRequest, errorName: 'ProtocolViolationError' },
  { name: 'AnnounceResponse', valid: AnnounceResponse.encode({ status: AnnounceResponse.Status.SEEDED, seq: 4n, message: '' }), oversize: 1024, decode: decodeAnnounceResponse, errorName: 'ProtocolViolationError' },
  { name: 'InventoryRequest', valid: InventoryRequest.encode({ root: new Uint8Array(16).fill(7), entries: [{ rid: RID, seq: 3n }, { rid: 'bafkreiother', seq: 0n }], buckets: [1, 200] }), oversize: MAX_INVENTORY_REQUEST, decode: decodeInventoryRequest, errorName: 'ProtocolViolationError' },
  { name: 'InventoryResponse', valid: InventoryResponse.encode({ status: InventoryResponse.Status.DIFFER, digests: new Uint8Array(256 * 8).fill(1), entries: [{ rid: RID, seq: 3n }], buckets: [4] }), oversize: MAX_INVENTORY_RESPONSE, decode: decodeInventoryResponse, errorName: 'ProtocolViolationError' },
  { name: 'signed refs', valid: signedRefsBytes, oversize: 1024 * 1024, decode: decodeSignedRefs, errorName: 'InvalidRefsError' },
  { name: 'genesis', valid: genesisBytes, oversize: 8192, decode: decodeGenesis, errorName: 'InvalidGenesisError' },
  { name: 'bundle header', valid: new Uint8Array([...encodeBundleHeader([{ name: 'refs/heads/main', oid: OID }]), ...new TextEncoder().encode('PACK')]), oversize: 1024 * 1024, decode: parseBundleHeader, errorName: 'InvalidBundleError' },
  { name: 'well-known', valid: new TextEncoder().encode(JSON.stringify({ peerId: DELEGATE, multiaddrs: [`/ip4/127.0.0.1/tcp/1/ws/p2p/${DELEGATE}`], version: '1' })), oversize: 16 * 1024, decode: (b) => parseWellKnown(new TextDecoder().decode(b)), errorName: 'InvalidWellKnownError' }
]

describe(`decoders under ${RUNS} generated inputs each (seed ${SEED})`, () => {
  for (const c of cases) {
    it(`${c.name} returns a value or its own error`, () => {
      const rand = mulberry32(SEED)
      let ok = 0
      let i = 0
      for (const input of inputs(c.valid, rand, c.oversize)) {
        try {
          c.decode(input)
          ok++
        } catch (err: any) {
          if (err?.name !== c.errorName) {
            throw new Error(`seed ${SEED}, input #${i} (${input.length} bytes): ${c.name} threw ${err?.name}: ${err?.message}`)
          }
        }
        i++
      }
      expect(i).toBe(RUNS)
      // the valid message (every fourth input, mostly) decodes
      expect(ok).toBeGreaterThan(RUNS / 8)
    })
  }

  it('valid messages round-trip', () => {
    expect(decodeRefsRequest(RefsRequest.encode({ rid: RID })).rid).toBe(RID)
    const res = decodeRefsResponse(RefsResponse.encode({ status: RefsResponse.Status.OK, genesis: genesisBytes as Uint8Array<ArrayBuffer>, signedRefs: signedRefsBytes as Uint8Array<ArrayBuffer> }))
    expect(decodeSignedRefs(res.signedRefs).seq).toBe(3)
    expect(decodeGenesis(res.genesis).name).toBe('fuzz')
    expect(decodePackRequest(PackRequest.encode({ rid: RID, wants: [OID], haves: [] })).wants).toEqual([OID])
    expect(decodePackHeader(PackHeader.encode({ status: PackHeader.Status.OK, objects: 1, bytes: 5n, message: '' })).bytes).toBe(5n)
    expect(decodeGossipMessage(GossipMessage.encode({ kind: GossipMessage.Kind.REFS, rid: RID, genesis: genesisBytes as Uint8Array<ArrayBuffer>, signedRefs: signedRefsBytes as Uint8Array<ArrayBuffer> })).rid).toBe(RID)
    expect(decodeAnnounceResponse(AnnounceResponse.encode({ status: AnnounceResponse.Status.UP_TO_DATE, seq: 9n, message: 'x' })).seq).toBe(9n)
    expect(() => decodeAnnounceResponse(AnnounceResponse.encode({ status: AnnounceResponse.Status.UNKNOWN, seq: 0n, message: '' }))).toThrow(/unknown announce status/)
  })
})
