import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { describe, expect, it } from 'vitest'
import { createGenesis, encodeGenesis, ridOf } from './genesis.js'
import { applyRevision, decodeRevision, encodeRevision, identityOfGenesis, MAX_REVISION_BYTES, proposeRevision, replacesIdentity, revisionId, signRevision, verifyIdentityChain } from './identity.js'
import type { Identity, IdentityRevision } from './identity.js'
import type { PrivateKey } from '@libp2p/interface'

const idOf = (k: PrivateKey): string => peerIdFromPrivateKey(k).toString()

async function setup (): Promise<{ a: PrivateKey, b: PrivateKey, c: PrivateKey, rid: string, genesis: ReturnType<typeof createGenesis>, v0: Identity }> {
  const [a, b, c] = await Promise.all([generateKeyPair('Ed25519'), generateKeyPair('Ed25519'), generateKeyPair('Ed25519')])
  const genesis = createGenesis({ name: 'demo', delegates: [idOf(a)], created: 1 })
  const rid = await ridOf(encodeGenesis(genesis))
  return { a, b, c, rid, genesis, v0: identityOfGenesis(rid, genesis) }
}

describe('identity revisions', () => {
  it('starts from the genesis as version 0 with threshold 1', async () => {
    const { a, rid, v0 } = await setup()
    expect(v0).toMatchObject({ rid, version: 0, id: rid, delegates: [idOf(a)], threshold: 1, blocked: [] })
  })

  it('adds a delegate and raises the threshold when the current delegates sign', async () => {
    const { a, b, c, rid, genesis, v0 } = await setup()
    const r1 = await signRevision(a, proposeRevision(v0, { delegates: [idOf(a), idOf(b)], threshold: 2 }, 10))
    const v1 = await applyRevision(v0, r1)
    expect(v1).toMatchObject({ version: 1, delegates: [idOf(a), idOf(b)], threshold: 2 })
    expect(v1.id).toBe(await revisionId(r1))
    // version 2 needs both of version 1's delegates
    const p2 = proposeRevision(v1, { delegates: [idOf(a), idOf(b), idOf(c)] }, 20)
    const onlyA = await signRevision(a, p2)
    await expect(applyRevision(v1, onlyA)).rejects.toThrow(/1 valid delegate signature; 2 needed/)
    // a signature of someone who is not a delegate yet does not count
    const aAndC = await signRevision(c, onlyA)
    await expect(applyRevision(v1, aAndC)).rejects.toThrow(/2 needed/)
    const both = await signRevision(b, onlyA)
    const v2 = await applyRevision(v1, both)
    expect(v2.delegates).toHaveLength(3)
    expect(await verifyIdentityChain(rid, genesis, [r1, both])).toEqual(v2)
  })

  it('refuses a removed delegate\'s signature on a later revision', async () => {
    const { a, b, v0 } = await setup()
    const v1 = await applyRevision(v0, await signRevision(a, proposeRevision(v0, { delegates: [idOf(a), idOf(b)] }, 1)))
    // b removes a (threshold 1: one delegate suffices)
    const v2 = await applyRevision(v1, await signRevision(b, proposeRevision(v1, { delegates: [idOf(b)] }, 2)))
    expect(v2.delegates).toEqual([idOf(b)])
    // a, removed, tries to take the repository back
    const grab = await signRevision(a, proposeRevision(v2, { delegates: [idOf(a)] }, 3))
    await expect(applyRevision(v2, grab)).rejects.toThrow(/0 valid delegate signatures; 1 needed/)
  })

  it('refuses a revision that skips a version, names another prev, is for another repository, or was altered after signing', async () => {
    const { a, b, v0 } = await setup()
    const r1 = await signRevision(a, proposeRevision(v0, { name: 'renamed' }, 1))
    const v1 = await applyRevision(v0, r1)
    // replayed: version 1 again on top of version 1
    await expect(applyRevision(v1, r1)).rejects.toThrow(/does not follow version 1/)
    const r2 = await signRevision(a, proposeRevision(v1, { name: 'again' }, 2))
    await expect(applyRevision({ ...v1, id: 'f'.repeat(64) }, r2)).rejects.toThrow(/does not follow the revision held/)
    await expect(applyRevision({ ...v1, rid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy' }, r2)).rejects.toThrow(/another repository/)
    const altered: IdentityRevision = { ...r2, delegates: [idOf(a), idOf(b)] }
    await expect(applyRevision(v1, altered)).rejects.toThrow(/0 valid delegate signatures/)
    const forged: IdentityRevision = { ...r2, signatures: [{ signer: idOf(a), signature: r2.signatures[0].signature.replace(/^./, c => c === 'A' ? 'B' : 'A') }] }
    await expect(applyRevision(v1, forged)).rejects.toThrow(/0 valid/)
  })

  it('orders chains: a higher version wins, an older one is a replay, equal versions settle on the lower id', async () => {
    const { a, v0 } = await setup()
    const v1a = await applyRevision(v0, await signRevision(a, proposeRevision(v0, { name: 'one' }, 1)))
    const v1b = await applyRevision(v0, await signRevision(a, proposeRevision(v0, { name: 'two' }, 1)))
    const v2 = await applyRevision(v1a, await signRevision(a, proposeRevision(v1a, { name: 'three' }, 2)))
    expect(replacesIdentity(v1a, v2)).toBe(true)
    expect(() => replacesIdentity(v2, v1a)).toThrow(/older than version 2/)
    expect(replacesIdentity(v1a, v1b)).toBe(v1b.id < v1a.id)
    expect(replacesIdentity(v1b, v1a)).toBe(v1a.id < v1b.id)
    expect(replacesIdentity(v1a, v1a)).toBe(false)
  })

  it('keeps shape rules: threshold within the delegates, delegates never blocked, blocked sorted, a bounded encoding', async () => {
    const { a, b, v0 } = await setup()
    expect(() => proposeRevision(v0, { threshold: 0 }, 1)).toThrow(/threshold must be 1 to 1/)
    expect(() => proposeRevision(v0, { blocked: [idOf(a)] }, 1)).toThrow(/cannot be blocked/)
    expect(() => proposeRevision(v0, { delegates: [] }, 1)).toThrow(/delegates must list 1 to 16/)
    // a threshold above the delegates left is lowered
    const v1 = await applyRevision(v0, await signRevision(a, proposeRevision(v0, { delegates: [idOf(a), idOf(b)], threshold: 2 }, 1)))
    expect(proposeRevision(v1, { delegates: [idOf(b)] }, 2).threshold).toBe(1)
    const blocked = proposeRevision(v0, { blocked: ['z', 'y', 'z'] }, 1)
    expect(blocked.blocked).toEqual(['y', 'z'])
    const rev = await signRevision(a, blocked)
    expect(decodeRevision(encodeRevision(rev))).toEqual(rev)
    expect(() => decodeRevision(new Uint8Array(MAX_REVISION_BYTES + 1))).toThrow(/larger than/)
    expect(() => decodeRevision(new TextEncoder().encode(JSON.stringify({ ...rev, extra: 1 })))).toThrow(/exactly the fields/)
    expect(() => decodeRevision(new TextEncoder().encode(JSON.stringify({ ...rev, blocked: ['z', 'y'] })))).toThrow(/sorted/)
    expect(() => decodeRevision(new TextEncoder().encode(JSON.stringify({ ...rev, signatures: [rev.signatures[0], rev.signatures[0]] })))).toThrow(/signed twice/)
  })
})
