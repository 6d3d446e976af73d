import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { describe, expect, it } from 'vitest'
import { InvalidGenesisError, RidMismatchError } from './errors.js'
import { createGenesis, decodeGenesis, encodeGenesis, isRid, ridOf, verifyGenesis } from './genesis.js'
import type { Genesis } from './genesis.js'

// Fixed vectors: if any of these change, every existing RID changes with them.
// The RID was cross-checked outside JS: 'b' + base32(0x01 0x55 0x12 0x20 || sha256(bytes)).
const DELEGATE = '12D3KooWDfpB52ERAFBGYM1XdF62GejTDhFnXsAS8SXVsVNzq2ES'
const OTHER = '12D3KooWPW9w2j984kPq6YX5JTT6wmbUbMn3xpPjVgi9dAYKw32F'
const SECP256K1 = '16Uiu2HAmRToUV8f3c3UxP5Tgq6wDr9PCabifNyBfRbKGqvawLwx9'
const VECTOR_INIT = { name: 'guts', description: 'Peer-to-peer git in the browser', delegates: [DELEGATE], created: 1735689600000, nonce: '00112233445566778899aabbccddeeff' }
const VECTOR_TEXT = '{"created":1735689600000,"defaultBranch":"main","delegates":["12D3KooWDfpB52ERAFBGYM1XdF62GejTDhFnXsAS8SXVsVNzq2ES"],"description":"Peer-to-peer git in the browser","name":"guts","nonce":"00112233445566778899aabbccddeeff","version":1}'
const VECTOR_RID = 'bafkreifvy2n6kkmnmjcgthmmkaournv54nwpw4prudm5c45qjxinbismei'

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('genesis test vector', () => {
  it('encodes to the fixed canonical bytes', () => {
    expect(new TextDecoder().decode(encodeGenesis(createGenesis(VECTOR_INIT)))).toBe(VECTOR_TEXT)
  })
  it('hashes to the fixed RID', async () => {
    expect(await ridOf(utf8(VECTOR_TEXT))).toBe(VECTOR_RID)
    expect(isRid(VECTOR_RID)).toBe(true)
  })
  it('verifies against its RID', async () => {
    expect(await verifyGenesis(VECTOR_RID, utf8(VECTOR_TEXT))).toEqual(createGenesis(VECTOR_INIT))
  })
})

describe('createGenesis', () => {
  it('fills in defaults', () => {
    const before = Date.now()
    const g = createGenesis({ name: 'x', delegates: [DELEGATE] })
    expect(g).toMatchObject({ version: 1, name: 'x', description: '', defaultBranch: 'main', delegates: [DELEGATE] })
    expect(g.created).toBeGreaterThanOrEqual(before)
    expect(g.created).toBeLessThanOrEqual(Date.now())
    expect(g.nonce).toMatch(/^[0-9a-f]{32}$/)
  })
  it('gives two repositories with the same name different RIDs', async () => {
    const a = createGenesis({ name: 'x', delegates: [DELEGATE], created: 0 })
    const b = createGenesis({ name: 'x', delegates: [DELEGATE], created: 0 })
    expect(await ridOf(encodeGenesis(a))).not.toBe(await ridOf(encodeGenesis(b)))
  })
  it('copies the delegate list', () => {
    const delegates = [DELEGATE]
    const g = createGenesis({ name: 'x', delegates })
    delegates.push(OTHER)
    expect(g.delegates).toEqual([DELEGATE])
  })

  it.each([
    ['an empty name', { name: '' }],
    ['a long name', { name: 'a'.repeat(101) }],
    ['a name with a slash', { name: 'a/b' }],
    ['a name with a backslash', { name: 'a\\b' }],
    ['a name with a newline', { name: 'a\nb' }],
    ['a name with a C1 control', { name: 'a\u0085b' }],
    ['a name with a lone surrogate', { name: 'a\ud800' }],
    ['a description with a lone surrogate', { description: '\udc00' }],
    ['a long description', { description: 'd'.repeat(1001) }],
    ['a bad default branch', { defaultBranch: 'a..b' }],
    ['an empty default branch', { defaultBranch: '' }],
    ['no delegates', { delegates: [] }],
    ['17 delegates', { delegates: Array(17).fill(DELEGATE) }],
    ['a duplicate delegate', { delegates: [DELEGATE, DELEGATE] }],
    ['a delegate that is not a peer id', { delegates: ['not-a-peer-id'] }],
    ['a secp256k1 delegate', { delegates: [SECP256K1] }],
    ['a delegate in CID form', { delegates: ['bafzaajaiaejcaoj55tis65rewee72x5mxwq2nrbpdt3jvccnqboknkjoe3fnwfs7'] }],
    ['a negative creation time', { created: -1 }],
    ['a fractional creation time', { created: 1.5 }],
    ['a short nonce', { nonce: '0011' }],
    ['an uppercase nonce', { nonce: '00112233445566778899AABBCCDDEEFF' }]
  ])('rejects %s', (_why, change) => {
    expect(() => createGenesis({ ...VECTOR_INIT, ...change })).toThrow(InvalidGenesisError)
  })
  it('accepts the limits', () => {
    expect(() => createGenesis({ ...VECTOR_INIT, name: 'n'.repeat(100), description: 'd'.repeat(1000), delegates: [DELEGATE, OTHER], defaultBranch: 'release/v1' })).not.toThrow()
  })
})

describe('decodeGenesis', () => {
  const vector = (): Record<string, unknown> => JSON.parse(VECTOR_TEXT)

  it('round trips', () => {
    const g = createGenesis({ ...VECTOR_INIT, name: 'ünïcødé "quoted"', description: 'line 1\nline 2', delegates: [DELEGATE, OTHER] })
    expect(decodeGenesis(encodeGenesis(g))).toEqual(g)
  })

  it.each([
    ['extra whitespace', VECTOR_TEXT.replace(':', ': ')],
    ['a trailing newline', VECTOR_TEXT + '\n'],
    ['leading whitespace', ' ' + VECTOR_TEXT],
    ['reordered keys', JSON.stringify({ version: 1, ...vector() })],
    ['a needlessly escaped character', VECTOR_TEXT.replace('"guts"', '"gu\\u0074s"')],
    ['a duplicate key', VECTOR_TEXT.replace('"created":1735689600000', '"created":1,"created":1735689600000')],
    ['a byte order mark', '\ufeff' + VECTOR_TEXT],
    ['an exponent', VECTOR_TEXT.replace('1735689600000', '1.7356896e12')]
  ])('rejects a non-canonical encoding: %s', (_why, text) => {
    expect(() => decodeGenesis(utf8(text))).toThrow(InvalidGenesisError)
  })

  it.each([
    ['an extra field', { ...vector(), extra: 1 }],
    ['a missing field', { ...vector(), nonce: undefined }],
    ['version 2', { ...vector(), version: 2 }],
    ['a bad delegate', { ...vector(), delegates: ['12D3KooWDfpB52ERAFBGYM1XdF62GejTDhFnXsAS8SXVsVNzq2E'] }],
    ['a delegate that is not a string', { ...vector(), delegates: [42] }],
    ['a string creation time', { ...vector(), created: '1735689600000' }],
    ['an array', [vector()]],
    ['null', null],
    ['a string', 'genesis']
  ])('rejects %s', (_why, value) => {
    const text = JSON.stringify(value, (k, v) => k === '' && v != null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a < b ? -1 : 1)) : v)
    expect(() => decodeGenesis(utf8(text))).toThrow(InvalidGenesisError)
  })

  it('rejects oversized input before parsing it', () => {
    const text = VECTOR_TEXT.replace('"version":1', `"version":1${' '.repeat(8192)}`)
    expect(() => decodeGenesis(utf8(text))).toThrow(/larger than 8192/)
  })
  it('fits the largest valid genesis under the cap', async () => {
    const delegates = await Promise.all(Array.from({ length: 16 }, async () => peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()))
    // the characters with the longest escapes: '"' takes 2 bytes, a control char 6
    const g = createGenesis({ ...VECTOR_INIT, name: '"'.repeat(100), description: '\u0001'.repeat(1000), delegates, defaultBranch: 'b'.repeat(244) })
    const bytes = encodeGenesis(g)
    expect(bytes.length).toBeLessThanOrEqual(8192)
    expect(decodeGenesis(bytes)).toEqual(g)
  })

  it('rejects invalid UTF-8 and non-JSON', () => {
    expect(() => decodeGenesis(new Uint8Array([0x7b, 0xff, 0x7d]))).toThrow(InvalidGenesisError)
    expect(() => decodeGenesis(utf8('{'))).toThrow(InvalidGenesisError)
    expect(() => decodeGenesis(new Uint8Array())).toThrow(InvalidGenesisError)
  })
})

describe('verifyGenesis', () => {
  it('rejects a genesis that does not hash to the RID', async () => {
    const other = encodeGenesis(createGenesis({ ...VECTOR_INIT, name: 'guts2' }))
    await expect(verifyGenesis(VECTOR_RID, other)).rejects.toThrow(RidMismatchError)
    await expect(verifyGenesis('not a rid', utf8(VECTOR_TEXT))).rejects.toThrow(RidMismatchError)
  })
  it('rejects an invalid genesis even when the RID matches its bytes', async () => {
    const bytes = utf8(VECTOR_TEXT.replace('"version":1', '"version":2'))
    await expect(verifyGenesis(await ridOf(bytes), bytes)).rejects.toThrow(InvalidGenesisError)
  })
})

describe('isRid', () => {
  it.each([
    ['empty', ''],
    ['not a CID', 'hello'],
    ['a CIDv0', 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG'],
    ['a dag-pb CIDv1', 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi'],
    ['the RID in base58btc', 'zb2rhisrdvCkYGLdhKTstXdfCPKqboNHnLkQk2kPdQEQmztKT'],
    ['the RID in upper case', VECTOR_RID.toUpperCase()],
    ['a peer id', DELEGATE],
    ['too long', 'b' + 'a'.repeat(100)],
    ['a non-string', 42 as unknown as string]
  ])('rejects %s', (_why, s) => {
    expect(isRid(s)).toBe(false)
  })
  it('accepts any RID from ridOf', async () => {
    expect(isRid(await ridOf(new Uint8Array()))).toBe(true)
  })
})

// keep the exported type in use so a change to it breaks this file
const _typed: Genesis = createGenesis(VECTOR_INIT)
void _typed
