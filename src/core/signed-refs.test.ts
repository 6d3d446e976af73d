import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { toString } from 'uint8arrays'
import { beforeAll, describe, expect, it } from 'vitest'
import { InvalidRefsError, InvalidSignatureError, NotDelegateError, StaleSequenceError, WrongRepositoryError } from './errors.js'
import { createGenesis, encodeGenesis, ridOf } from './genesis.js'
import { SIGNED_REFS_DOMAIN, decodeSignedRefs, encodeSignedRefs, signRefs, signingBytes, verifySignedRefs } from './signed-refs.js'
import type { Genesis } from './genesis.js'
import type { SignedRefs } from './signed-refs.js'
import type { PrivateKey } from '@libp2p/interface'
import { mulberry32 } from '../../test/fixtures/prng.js'

const A = 'a'.repeat(40)
const B = 'b'.repeat(40)
const REFS = { 'refs/heads/main': A, 'refs/tags/v1': B }

let delegate: PrivateKey
let stranger: PrivateKey
let genesis: Genesis
let rid: string
let otherRid: string

beforeAll(async () => {
  delegate = await generateKeyPair('Ed25519')
  stranger = await generateKeyPair('Ed25519')
  genesis = createGenesis({ name: 'r', delegates: [peerIdFromPrivateKey(delegate).toString()], created: 0 })
  rid = await ridOf(encodeGenesis(genesis))
  otherRid = await ridOf(new Uint8Array([1]))
})

const sign = async (over: Partial<Omit<SignedRefs, 'signer' | 'signature'>> = {}, key = delegate): Promise<SignedRefs> =>
  await signRefs(key, { rid, seq: 1, refs: REFS, timestamp: 1000, ...over })

describe('signingBytes', () => {
  it('is the domain followed by the canonical payload, without the signature', () => {
    const p = { timestamp: 5, signer: 's', refs: { 'refs/heads/x': A }, seq: 2, rid: 'r' }
    const text = new TextDecoder().decode(signingBytes({ ...p, signature: 'sig' } as unknown as SignedRefs))
    expect(text).toBe(`${SIGNED_REFS_DOMAIN}{"refs":{"refs/heads/x":"${A}"},"rid":"r","seq":2,"signer":"s","timestamp":5}`)
    expect(SIGNED_REFS_DOMAIN).toBe('guts/signed-refs/v1\n')
  })
})

describe('signRefs and verifySignedRefs', () => {
  it('round trips', async () => {
    const sr = await sign()
    expect(sr).toMatchObject({ rid, seq: 1, refs: REFS, timestamp: 1000, signer: peerIdFromPrivateKey(delegate).toString() })
    expect(sr.signature).toMatch(/^[A-Za-z0-9_-]{86}$/)
    await verifySignedRefs(sr, genesis, { rid })
    await verifySignedRefs(sr, genesis, { rid, currentSeq: 0 })
  })

  it('accepts an empty ref set', async () => {
    await verifySignedRefs(await sign({ refs: {} }), genesis, { rid })
  })

  it('refuses to sign an invalid payload', async () => {
    await expect(sign({ refs: { 'refs/heads/a..b': A } })).rejects.toThrow(InvalidRefsError)
    await expect(sign({ seq: 0 })).rejects.toThrow(InvalidRefsError)
  })

  it('rejects refs of another repository first', async () => {
    const sr = await sign()
    await expect(verifySignedRefs(sr, genesis, { rid: otherRid })).rejects.toThrow(WrongRepositoryError)
    // even when everything else is wrong too
    await expect(verifySignedRefs({ ...sr, seq: -1, signature: 'x' }, genesis, { rid: otherRid, currentSeq: 5 })).rejects.toThrow(WrongRepositoryError)
    await expect(verifySignedRefs(null as unknown as SignedRefs, genesis, { rid })).rejects.toThrow(WrongRepositoryError)
  })

  it('rejects a signature by a key that is not a delegate', async () => {
    await expect(verifySignedRefs(await sign({}, stranger), genesis, { rid })).rejects.toThrow(NotDelegateError)
  })

  it('rejects a signature by another key claiming to be the delegate', async () => {
    const forged = await sign({}, stranger)
    forged.signer = peerIdFromPrivateKey(delegate).toString()
    await expect(verifySignedRefs(forged, genesis, { rid })).rejects.toThrow(InvalidSignatureError)
  })

  it('rejects a payload changed after signing', async () => {
    const sr = await sign()
    await expect(verifySignedRefs({ ...sr, refs: { ...REFS, 'refs/heads/main': B } }, genesis, { rid })).rejects.toThrow(InvalidSignatureError)
    await expect(verifySignedRefs({ ...sr, refs: { 'refs/heads/main': A } }, genesis, { rid })).rejects.toThrow(InvalidSignatureError)
    await expect(verifySignedRefs({ ...sr, seq: 2 }, genesis, { rid })).rejects.toThrow(InvalidSignatureError)
    await expect(verifySignedRefs({ ...sr, timestamp: 1001 }, genesis, { rid })).rejects.toThrow(InvalidSignatureError)
  })

  it('rejects a signature without the domain prefix', async () => {
    const sr = await sign()
    const withoutDomain = signingBytes(sr).subarray(SIGNED_REFS_DOMAIN.length)
    const sig = toString(await delegate.sign(withoutDomain), 'base64url')
    await expect(verifySignedRefs({ ...sr, signature: sig }, genesis, { rid })).rejects.toThrow(InvalidSignatureError)
  })

  it.each([
    ['empty', ''],
    ['not base64url', '!'.repeat(86)],
    ['padded', 'A'.repeat(86) + '=='],
    ['too short', 'A'.repeat(85)]
  ])('rejects a signature that is %s', async (_why, signature) => {
    await expect(verifySignedRefs({ ...(await sign()), signature }, genesis, { rid })).rejects.toThrow(InvalidSignatureError)
  })

  it('rejects a signature string re-encoded with different trailing bits', async () => {
    const sr = await sign()
    // 64 bytes leave 4 unused bits in the last base64url character
    const last = sr.signature.at(-1)!
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const twin = alphabet[alphabet.indexOf(last) ^ 1]
    await expect(verifySignedRefs({ ...sr, signature: sr.signature.slice(0, -1) + twin }, genesis, { rid })).rejects.toThrow(InvalidSignatureError)
  })

  it('rejects a sequence number not above the current one', async () => {
    const sr = await sign({ seq: 5 })
    await verifySignedRefs(sr, genesis, { rid, currentSeq: 4 })
    await expect(verifySignedRefs(sr, genesis, { rid, currentSeq: 5 })).rejects.toThrow(StaleSequenceError)
    await expect(verifySignedRefs(sr, genesis, { rid, currentSeq: 6 })).rejects.toThrow(StaleSequenceError)
  })

  it('checks the signature before the sequence number', async () => {
    const sr = await sign({ seq: 5 })
    await expect(verifySignedRefs({ ...sr, refs: {} }, genesis, { rid, currentSeq: 9 })).rejects.toThrow(InvalidSignatureError)
  })

  it.each([
    ['a name outside heads and tags', { 'refs/remotes/o/main': A }],
    ['a name with ..', { 'refs/heads/a..b': A }],
    ['a name with a space', { 'refs/heads/a b': A }],
    ['HEAD', { HEAD: A }],
    ['an uppercase oid', { 'refs/heads/main': A.toUpperCase() }],
    ['a short oid', { 'refs/heads/main': 'a'.repeat(39) }],
    ['a sha256 oid', { 'refs/heads/main': 'a'.repeat(64) }],
    ['a non-string oid', { 'refs/heads/main': 42 }]
  ])('rejects %s before checking the signer', async (_why, refs) => {
    const sr = { ...(await sign({}, stranger)), refs } as unknown as SignedRefs
    await expect(verifySignedRefs(sr, genesis, { rid })).rejects.toThrow(InvalidRefsError)
  })

  it.each([
    ['seq 0', { seq: 0 }],
    ['a fractional seq', { seq: 1.5 }],
    ['an unsafe seq', { seq: 2 ** 53 }],
    ['a negative timestamp', { timestamp: -1 }],
    ['a string timestamp', { timestamp: '1' }],
    ['refs as an array', { refs: [] }],
    ['refs as null', { refs: null }],
    ['an extra field', { extra: true }],
    ['a missing signer', { signer: undefined }],
    ['a non-string signature', { signature: 7 }]
  ])('rejects %s', async (_why, change) => {
    const sr = { ...(await sign()), ...change } as unknown as SignedRefs
    await expect(verifySignedRefs(sr, genesis, { rid })).rejects.toThrow(InvalidRefsError)
  })

  it('rejects more than 10000 refs and accepts exactly 10000', async () => {
    const many: Record<string, string> = {}
    for (let i = 0; i < 10000; i++) many[`refs/heads/b${i}`] = A
    await verifySignedRefs(await sign({ refs: many }), genesis, { rid })
    many['refs/heads/one-more'] = A
    const sr = await sign({ refs: {} })
    await expect(verifySignedRefs({ ...sr, refs: many }, genesis, { rid })).rejects.toThrow(/more than 10000/)
  })
})

describe('encodeSignedRefs and decodeSignedRefs', () => {
  it('round trips', async () => {
    const sr = await sign({ refs: { ...REFS, 'refs/heads/ünï/分支': B } })
    const back = decodeSignedRefs(encodeSignedRefs(sr))
    expect(back).toEqual(sr)
    await verifySignedRefs(back, genesis, { rid })
  })

  it('accepts a non-canonical encoding of a valid document, whose signature still verifies', async () => {
    const sr = await sign()
    const back = decodeSignedRefs(new TextEncoder().encode(JSON.stringify(sr, null, 2)))
    await verifySignedRefs(back, genesis, { rid })
  })

  it('does not check the signature', async () => {
    const sr = { ...(await sign()), signature: 'A'.repeat(86) }
    expect(decodeSignedRefs(encodeSignedRefs(sr))).toEqual(sr)
  })

  it('rejects truncated input at every length', async () => {
    const bytes = encodeSignedRefs(await sign())
    for (let n = 0; n < bytes.length; n++) {
      expect(() => decodeSignedRefs(bytes.subarray(0, n))).toThrow(InvalidRefsError)
    }
  })

  it('rejects oversized input', async () => {
    const text = new TextDecoder().decode(encodeSignedRefs(await sign()))
    const big = new TextEncoder().encode(text.replace('{', '{' + ' '.repeat(1024 * 1024)))
    expect(() => decodeSignedRefs(big)).toThrow(/larger than/)
  })

  it('rejects invalid UTF-8', () => {
    expect(() => decodeSignedRefs(new Uint8Array([0x7b, 0xc3, 0x7d]))).toThrow(InvalidRefsError)
  })

  it.each([
    ['null', 'null'],
    ['a number', '1'],
    ['an array', '[]'],
    ['an empty object', '{}']
  ])('rejects %s', (_why, text) => {
    expect(() => decodeSignedRefs(new TextEncoder().encode(text))).toThrow(InvalidRefsError)
  })

  it.each([
    ['a __proto__ ref', `"__proto__":"${A}"`],
    ['a duplicate ref name with a bad oid last', `"refs/heads/main":"${A}","refs/heads/main":"x"`]
  ])('rejects %s inside an otherwise valid document', async (_why, entry) => {
    const text = new TextDecoder().decode(encodeSignedRefs(await sign({ refs: {} }))).replace('"refs":{}', `"refs":{${entry}}`)
    expect(() => decodeSignedRefs(new TextEncoder().encode(text))).toThrow(InvalidRefsError)
  })

  it('only ever throws InvalidRefsError on random input', async () => {
    const valid = encodeSignedRefs(await sign())
    const rand = mulberry32(0x5eed)
    let decoded = 0
    for (let i = 0; i < 3000; i++) {
      const bytes = i % 3 === 0 ? randomBytes(rand, Math.floor(rand() * 300)) : mutate(rand, valid)
      try {
        const sr = decodeSignedRefs(bytes)
        expect(typeof sr.rid).toBe('string')
        expect(Number.isSafeInteger(sr.seq)).toBe(true)
        expect(typeof sr.refs).toBe('object')
        expect(typeof sr.signer).toBe('string')
        expect(typeof sr.signature).toBe('string')
        expect(Number.isSafeInteger(sr.timestamp)).toBe(true)
        decoded++
      } catch (err) {
        if (!(err instanceof InvalidRefsError)) throw err
      }
    }
    // some mutants must survive, or the loop tests only the JSON parser
    expect(decoded).toBeGreaterThan(0)
  })
})

function randomBytes (rand: () => number, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => Math.floor(rand() * 256))
}

// flip, drop or insert a few bytes of a valid document, to get past JSON.parse
function mutate (rand: () => number, src: Uint8Array): Uint8Array {
  const out = [...src]
  const edits = 1 + Math.floor(rand() * 4)
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * out.length)
    const op = Math.floor(rand() * 3)
    const byte = rand() < 0.5 ? Math.floor(rand() * 256) : '{}[]",:0 -.e\\u'.charCodeAt(Math.floor(rand() * 14))
    if (op === 0) out[at] = byte
    else if (op === 1) out.splice(at, 1)
    else out.splice(at, 0, byte)
  }
  return Uint8Array.from(out)
}
