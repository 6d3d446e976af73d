// /guts/refs/2.0.0 between two real libp2p nodes: a repository of many
// writers is paged (no page over PAGE_BYTES unless one document alone is),
// the client follows every page and gets every document in signer order,
// and a server that breaks the order is refused.
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGenesis, encodeGenesis, ridOf } from '../../src/core/genesis.js'
import { encodeSignedRefs, signRefs } from '../../src/core/signed-refs.js'
import { PAGE_BYTES, REFS2_PROTOCOL, handleRefs2, pageOf, requestRefs2 } from '../../src/sync/refs/refs2.js'
import { createNode } from './sync-peer.js'
import type { SignedRefs } from '../../src/core/signed-refs.js'
import type { RefsAnswer2 } from '../../src/sync/refs/refs2.js'
import type { TestNode } from './sync-peer.js'

const oid = (n: number): string => n.toString(16).padStart(40, '0')

describe('/guts/refs/2.0.0 paging', () => {
  let server: TestNode
  let client: TestNode
  let answer: RefsAnswer2
  let serve: (rid: string) => Promise<RefsAnswer2 | undefined>

  beforeAll(async () => {
    const key = await generateKeyPair('Ed25519')
    const genesis = encodeGenesis(createGenesis({ name: 'many', delegates: [peerIdFromPrivateKey(key).toString()], created: 1 }))
    const rid = await ridOf(genesis)
    // 60 writers of 400 refs each: ~35 KiB a document, ~2 MiB in all
    const docs: SignedRefs[] = await Promise.all(Array.from({ length: 60 }, async (_, w) => {
      const k = await generateKeyPair('Ed25519')
      const refs = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`refs/heads/writer-branch-${i}`, oid(w * 1000 + i + 1)]))
      return await signRefs(k, { rid, seq: 1, refs, timestamp: 1 })
    }))
    docs.sort((a, b) => a.signer < b.signer ? -1 : 1)
    answer = { genesis, identity: [], namespaces: docs }
    serve = async () => answer
    ;[server, client] = await Promise.all([createNode('refs2-server'), createNode('refs2-client')])
    await server.handle(REFS2_PROTOCOL, (stream) => { void handleRefs2(stream, async (r) => await serve(r)) }, { runOnLimitedConnection: true })
    await client.dial(server.getMultiaddrs()[0])
  })
  afterAll(async () => { await client?.stop(); await server?.stop() })

  it('pages at PAGE_BYTES, and the client gets every document in order', async () => {
    const first = pageOf(answer, '')
    const bytes = first.namespaces!.reduce((n, b) => n + b.length, 0)
    expect(first.more).toBe(true)
    expect(bytes).toBeLessThanOrEqual(PAGE_BYTES)
    expect(bytes + encodeSignedRefs(answer.namespaces[first.namespaces!.length]).length).toBeGreaterThan(PAGE_BYTES)
    let pages = 0
    const got = await requestRefs2(async (signal) => { pages++; return await client.dialProtocol(server.peerId, REFS2_PROTOCOL, { signal }) }, answer.namespaces[0].rid)
    expect(pages).toBeGreaterThanOrEqual(2)
    expect(got.namespaces).toEqual(answer.namespaces)
    expect(got.genesis).toEqual(answer.genesis)
  })

  it('refuses a server whose pages are not in signer order', async () => {
    serve = async () => ({ ...answer, namespaces: [...answer.namespaces].reverse() })
    await expect(requestRefs2(async (signal) => await client.dialProtocol(server.peerId, REFS2_PROTOCOL, { signal }), answer.namespaces[0].rid)).rejects.toThrow(/signer order/)
    serve = async () => answer
  })
})
