import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { beforeAll, describe, expect, it } from 'vitest'
import { createGenesis, encodeGenesis, ridOf } from './genesis.js'
import { identityOfGenesis } from './identity.js'
import { acceptNamespace, DEFAULT_NAMESPACE_CAPS, namespacesBytes } from './namespace-accept.js'
import { cobRefOf } from './ref-names.js'
import { MAX_SIGNED_REFS_BYTES } from './signed-refs.js'
import { pageOf, PAGE_BYTES } from '../sync/refs/refs2.js'
import { encodeSignedRefs, signRefs } from './signed-refs.js'
import type { Identity } from './identity.js'
import type { AcceptInput } from './namespace-accept.js'
import type { SignedRefs } from './signed-refs.js'
import type { PrivateKey } from '@libp2p/interface'

const oid = (n: number): string => n.toString(16).padStart(40, '0')
let delegate: PrivateKey
let writer: PrivateKey
let identity: Identity

beforeAll(async () => {
  delegate = await generateKeyPair('Ed25519')
  writer = await generateKeyPair('Ed25519')
  const genesis = createGenesis({ name: 'demo', delegates: [peerIdFromPrivateKey(delegate).toString()], created: 1 })
  identity = identityOfGenesis(await ridOf(encodeGenesis(genesis)), genesis)
})

async function doc (key: PrivateKey, seq: number, refs: Record<string, string> = { 'refs/heads/main': oid(1) }): Promise<SignedRefs> {
  return signRefs(key, { rid: identity.rid, seq, refs, timestamp: 1 })
}

const input = (d: SignedRefs, more: Partial<AcceptInput> = {}): AcceptInput => ({ identity, doc: d, bytes: encodeSignedRefs(d).length, namespaces: 0, policy: 'all', ...more })

describe('which namespaces a peer takes in', () => {
  it('takes a delegate\'s document whatever the policy, and a writer\'s under "all"', async () => {
    expect(await acceptNamespace(input(await doc(delegate, 1), { policy: 'none' }))).toEqual({ ok: true, delegate: true })
    expect(await acceptNamespace(input(await doc(writer, 1)))).toEqual({ ok: true, delegate: false })
  })

  it('refuses a forged or altered document and blames the sender', async () => {
    const d = await doc(writer, 2)
    const altered = { ...d, refs: { 'refs/heads/main': oid(2) } }
    expect(await acceptNamespace(input(altered))).toMatchObject({ ok: false, blame: true, reason: expect.stringMatching(/valid signature/) })
    const otherRepo = { ...d, rid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy' }
    expect(await acceptNamespace(input(otherRepo))).toMatchObject({ ok: false, blame: true, reason: expect.stringMatching(/another repository/) })
  })

  it('refuses a sequence that does not rise, without blame (it may be an honest re-broadcast)', async () => {
    expect(await acceptNamespace(input(await doc(writer, 3), { heldSeq: 3 }))).toMatchObject({ ok: false, blame: false })
    expect(await acceptNamespace(input(await doc(delegate, 2), { heldSeq: 5 }))).toMatchObject({ ok: false, blame: false })
  })

  it('refuses a writer over the caps, with blame; delegates are not capped here', async () => {
    const refs = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`refs/heads/b${i}`, oid(i + 1)]))
    const caps = { ...DEFAULT_NAMESPACE_CAPS, maxRefs: 10, maxBytes: 100_000, maxNamespaces: 5 }
    expect(await acceptNamespace(input(await doc(writer, 1, refs), { caps }))).toMatchObject({ ok: false, blame: true, reason: expect.stringMatching(/11 refs; at most 10/) })
    expect(await acceptNamespace(input(await doc(writer, 1), { caps: { ...caps, maxBytes: 100 } }))).toMatchObject({ ok: false, blame: true, reason: expect.stringMatching(/bytes; at most 100/) })
    expect(await acceptNamespace(input(await doc(delegate, 1, refs), { caps }))).toEqual({ ok: true, delegate: true })
  })

  it('keeps to the policy, the block list and the table size, without blame', async () => {
    const w = peerIdFromPrivateKey(writer).toString()
    const d = await doc(writer, 1)
    expect(await acceptNamespace(input(d, { policy: 'none' }))).toMatchObject({ ok: false, blame: false })
    expect(await acceptNamespace(input(d, { policy: 'followed' }))).toMatchObject({ ok: false, blame: false })
    expect(await acceptNamespace(input(d, { policy: 'followed', followed: new Set([w]) }))).toEqual({ ok: true, delegate: false })
    expect(await acceptNamespace(input(d, { identity: { ...identity, blocked: [w] } }))).toMatchObject({ ok: false, blame: false, reason: expect.stringMatching(/blocked/) })
    const caps = { ...DEFAULT_NAMESPACE_CAPS, maxRefs: 10, maxBytes: 100_000, maxNamespaces: 2 }
    expect(await acceptNamespace(input(d, { caps, namespaces: 2 }))).toMatchObject({ ok: false, blame: false, reason: expect.stringMatching(/at most 2 namespaces/) })
    // a writer already held may move on when the table is full
    expect(await acceptNamespace(input(await doc(writer, 2), { caps, namespaces: 2, heldSeq: 1 }))).toEqual({ ok: true, delegate: false })
  })
})

const cobRefs = (n: number, from = 0): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [cobRefOf(i % 2 === 0 ? 'guts.issue' : 'guts.patch', oid(from + i + 1)), oid(from + i + 1)]))

describe('collaborative objects\' refs against the caps', () => {
  it('counts code refs and cob refs apart: 500 branches and 5,000 issues fit one namespace', async () => {
    const code = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`refs/heads/b${i}`, oid(i + 1)]))
    const d = await doc(writer, 1, { ...code, ...cobRefs(5_000) })
    const bytes = encodeSignedRefs(d).length
    expect(bytes).toBeLessThanOrEqual(DEFAULT_NAMESPACE_CAPS.maxBytes)
    expect(await acceptNamespace(input(d))).toEqual({ ok: true, delegate: false })
  })

  it('refuses a 5,001st cob ref with blame, and a 501st branch even with no cob refs', async () => {
    expect(await acceptNamespace(input(await doc(writer, 1, cobRefs(5_001))))).toMatchObject({ ok: false, blame: true, reason: expect.stringMatching(/5001 issue and patch refs; at most 5000/) })
    const code = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`refs/heads/b${i}`, oid(i + 1)]))
    expect(await acceptNamespace(input(await doc(writer, 1, { ...code, ...cobRefs(10) })))).toMatchObject({ ok: false, blame: true, reason: expect.stringMatching(/501 refs; at most 500/) })
  })

  it('the largest namespace the caps allow fits a signed refs document and one refs page', async () => {
    // 500 branches of long names (~110 bytes) and 5,000 issues and patches
    const code = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`refs/heads/${String(i).padStart(3, '0')}-${'x'.repeat(100)}`, oid(i + 1)]))
    const d = await doc(writer, 1, { ...code, ...cobRefs(5_000) })
    const bytes = encodeSignedRefs(d).length
    expect(bytes).toBeGreaterThan(600 * 1024)
    expect(bytes).toBeLessThanOrEqual(DEFAULT_NAMESPACE_CAPS.maxBytes)
    expect(await acceptNamespace(input(d))).toEqual({ ok: true, delegate: false })
    // the refs page a namespace this large travels on: alone on the first page, the next one after it
    const alone = pageOf({ genesis: new Uint8Array(8), identity: [], namespaces: [d, { ...d, signer: d.signer + 'z' }] }, '')
    expect(alone).toMatchObject({ more: true })
    expect(alone.namespaces).toHaveLength(1)
    expect(DEFAULT_NAMESPACE_CAPS.maxBytes).toBeLessThan(MAX_SIGNED_REFS_BYTES)
    expect(DEFAULT_NAMESPACE_CAPS.maxBytes).toBeLessThan(PAGE_BYTES)
    // a 5,000-issue namespace alone on a page, with a delegate's after it on the next
    const big = await doc(writer, 1, cobRefs(5_000))
    const small = await doc(delegate, 1)
    const sorted = [big, small].sort((x, y) => x.signer < y.signer ? -1 : 1)
    const page = pageOf({ genesis: new Uint8Array(8), identity: [], namespaces: sorted }, '')
    expect(page.namespaces?.length).toBe(2)
    expect(page.namespaces?.reduce((s, b) => s + b.length, 0)).toBeLessThanOrEqual(PAGE_BYTES)
    expect(encodeSignedRefs(big).length).toBeGreaterThan(500 * 1024)
  })

  it('caps the bytes of all non-delegate namespaces of a repository together, without blame', async () => {
    const caps = { ...DEFAULT_NAMESPACE_CAPS, maxTotalBytes: 100_000 }
    const d = await doc(writer, 1, cobRefs(500))
    const bytes = encodeSignedRefs(d).length
    expect(bytes).toBeGreaterThan(50_000)
    expect(await acceptNamespace(input(d, { caps, heldBytes: 100_000 - bytes }))).toEqual({ ok: true, delegate: false })
    expect(await acceptNamespace(input(d, { caps, heldBytes: 100_000 - bytes + 1 }))).toMatchObject({ ok: false, blame: false, reason: expect.stringMatching(/at most 100000 bytes/) })
    // a delegate's namespace is never counted nor capped
    expect(await acceptNamespace(input(await doc(delegate, 1, cobRefs(6_000)), { caps, heldBytes: 100_000 }))).toEqual({ ok: true, delegate: true })
  })

  it('the default total keeps a relay\'s record within its cap: what 256 forks of 64 KiB took before', () => {
    expect(DEFAULT_NAMESPACE_CAPS.maxTotalBytes).toBe(256 * 64 * 1024)
    expect(DEFAULT_NAMESPACE_CAPS.maxTotalBytes).toBeLessThan(DEFAULT_NAMESPACE_CAPS.maxNamespaces * DEFAULT_NAMESPACE_CAPS.maxBytes)
  })

  it('namespacesBytes sums the non-delegate documents, the one vetted left out', async () => {
    const w = await doc(writer, 1, cobRefs(3))
    const dl = await doc(delegate, 1)
    const other = await doc(await generateKeyPair('Ed25519'), 1)
    expect(namespacesBytes([w, dl, other], identity)).toBe(encodeSignedRefs(w).length + encodeSignedRefs(other).length)
    expect(namespacesBytes([w, dl, other], identity, w.signer)).toBe(encodeSignedRefs(other).length)
  })
})
