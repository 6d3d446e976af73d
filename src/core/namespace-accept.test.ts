import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { beforeAll, describe, expect, it } from 'vitest'
import { createGenesis, encodeGenesis, ridOf } from './genesis.js'
import { identityOfGenesis } from './identity.js'
import { acceptNamespace } from './namespace-accept.js'
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
    const caps = { maxRefs: 10, maxBytes: 100_000, maxNamespaces: 5 }
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
    const caps = { maxRefs: 10, maxBytes: 100_000, maxNamespaces: 2 }
    expect(await acceptNamespace(input(d, { caps, namespaces: 2 }))).toMatchObject({ ok: false, blame: false, reason: expect.stringMatching(/at most 2 namespaces/) })
    // a writer already held may move on when the table is full
    expect(await acceptNamespace(input(await doc(writer, 2), { caps, namespaces: 2, heldSeq: 1 }))).toEqual({ ok: true, delegate: false })
  })
})
