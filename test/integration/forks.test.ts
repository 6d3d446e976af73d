// Many writers over real libp2p nodes (@libp2p/memory, Noise, yamux): B forks A's
// repository and commits; C receives both namespaces; A makes B a delegate
// and B's commit becomes canonical. And what must be refused: a forged
// namespace document, one over its caps, a replayed identity revision and
// one without the delegates' signatures, each with nothing stored and the sender scored.
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import git from 'isomorphic-git'
import fs from 'node:fs'
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { proposeRevision, signRevision } from '../../src/core/identity.js'
import { signRefs } from '../../src/core/signed-refs.js'
import { identityOfRecord, namespaceOf, namespacesOf, recordSeq, refsOf } from '../../src/repo/repo-index.js'
import { REFS2_PROTOCOL, handleRefs2 } from '../../src/sync/refs/refs2.js'
import { connect, createNode, createPeer, objectFiles } from './sync-peer.js'
import type { RefsAnswer2 } from '../../src/sync/refs/refs2.js'
import type { TestNode, TestPeer } from './sync-peer.js'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const main = 'refs/heads/main'

describe('forks and maintainers between three peers', () => {
  let a: TestPeer
  let b: TestPeer
  let c: TestPeer
  let rid: string
  let bCommit: string

  beforeAll(async () => {
    [a, b, c] = await Promise.all([createPeer('a'), createPeer('b'), createPeer('c')])
    const repo = await a.repos.create({ name: 'shared' })
    rid = repo.rid
    await a.repos.commit(rid, { branch: 'main', message: 'two', changes: [{ op: 'write', path: 'a.txt', content: text('a\n') }] })
  })
  afterAll(async () => {
    for (const p of [a, b, c]) { await p.sync.stop(); await p.node.stop() }
  })

  it('B forks and commits in its own namespace; C receives both namespaces and the canonical refs stay A\'s', async () => {
    await connect(b, a)
    await b.sync.clone(rid)
    await b.repos.fork(rid)
    bCommit = await b.repos.commit(rid, { branch: 'main', message: 'from b', changes: [{ op: 'write', path: 'b.txt', content: text('b\n') }] })
    const bRecord = await b.repos.get(rid)
    expect(refsOf(bRecord)[main]).toBe(refsOf(await a.repos.get(rid))[main])
    expect(namespaceOf(bRecord, b.repos.peerId)?.refs[main]).toBe(bCommit)

    await connect(c, b)
    await c.sync.clone(rid)
    const cRecord = await c.repos.get(rid)
    expect(namespacesOf(cRecord).map(n => n.signer).sort()).toEqual([a.repos.peerId, b.repos.peerId].sort())
    expect(refsOf(cRecord)[main]).toBe(refsOf(await a.repos.get(rid))[main])
    // B's commit is in C's store, under B's namespace in git, and git reads it whole
    const gitdir = c.repos.gitdir(rid)
    expect(await git.resolveRef({ fs, gitdir, ref: `refs/namespaces/${b.repos.peerId}/refs/heads/main` })).toBe(bCommit)
    const fsck = spawnSync('git', ['--git-dir', gitdir, 'fsck', '--strict'], { encoding: 'utf8' })
    expect(fsck.status, fsck.stderr).toBe(0)
    const log = spawnSync('git', ['--git-dir', gitdir, 'log', '--format=%s', `refs/namespaces/${b.repos.peerId}/refs/heads/main`], { encoding: 'utf8' })
    expect(log.stdout.split('\n')[0]).toBe('from b')
  })

  it('A hears of B\'s fork, adds B as a delegate, and B\'s commit becomes canonical everywhere', async () => {
    await connect(a, b)
    expect(await a.sync.fetchFrom(b.node.peerId, rid)).toBe('updated')
    expect(namespaceOf(await a.repos.get(rid), b.repos.peerId)?.refs[main]).toBe(bCommit)
    // B is not a delegate: its main is not canonical
    expect(refsOf(await a.repos.get(rid))[main]).not.toBe(bCommit)
    const record = await a.repos.changeIdentity(rid, { delegates: [a.repos.peerId, b.repos.peerId] })
    expect((await identityOfRecord(record)).delegates).toEqual([a.repos.peerId, b.repos.peerId])
    // threshold 1: the newest commit either delegate has
    expect(refsOf(record)[main]).toBe(bCommit)
    expect(await git.resolveRef({ fs, gitdir: a.repos.gitdir(rid), ref: 'refs/heads/main' })).toBe(bCommit)
    // the identity chain in git
    const idLog = spawnSync('git', ['--git-dir', a.repos.gitdir(rid), 'log', '--format=%s', 'refs/guts/id'], { encoding: 'utf8' })
    expect(idLog.stdout.trim()).toBe('Identity version 1: 2 delegates, threshold 1')
    // C learns the new identity from A, and with it the canonical main
    await connect(c, a)
    expect(await c.sync.fetchFrom(a.node.peerId, rid)).toBe('updated')
    const cRecord = await c.repos.get(rid)
    expect(cRecord.identity).toHaveLength(1)
    expect(refsOf(cRecord)[main]).toBe(bCommit)
    // and B itself, whose commit is loose in its own store, sees it canonical
    expect(await b.sync.fetchFrom(a.node.peerId, rid)).toBe('updated')
    expect(refsOf(await b.repos.get(rid))[main]).toBe(bCommit)
  })

  describe('refused, with nothing stored and the sender scored', () => {
    let evil: TestNode
    let victim: TestPeer

    beforeAll(async () => {
      victim = await createPeer('victim')
      await connect(victim, a)
      await victim.sync.clone(rid)
      await victim.node.hangUp(a.node.peerId)
    })
    afterAll(async () => { await victim.sync.stop(); await victim.node.stop(); await evil?.stop() })

    async function expectRefused (answer: (held: RefsAnswer2) => Promise<RefsAnswer2>, error: RegExp, opts: { cutOff: boolean } = { cutOff: true }): Promise<void> {
      await evil?.stop()
      evil = await createNode('evil')
      const before = await victim.repos.get(rid)
      const held: RefsAnswer2 = { genesis: before.genesis, identity: before.identity ?? [], namespaces: namespacesOf(before) }
      const served = await answer(held)
      await evil.handle(REFS2_PROTOCOL, (stream) => { void handleRefs2(stream, async () => served) }, { runOnLimitedConnection: true })
      const files = objectFiles(victim.repos.gitdir(rid))
      await connect(victim, { node: evil })
      await expect(victim.sync.fetchFrom(evil.peerId, rid)).rejects.toThrow(error)
      const after = await victim.repos.get(rid)
      expect(recordSeq(after)).toBe(recordSeq(before))
      expect(namespacesOf(after)).toEqual(namespacesOf(before))
      expect(objectFiles(victim.repos.gitdir(rid))).toEqual(files)
      // scored; a forgery cuts the sender off at once, a malformed document counts toward it
      expect(victim.sync.offences.score(evil.peerId.toString())).toBeGreaterThan(0)
      if (opts.cutOff) await expect.poll(() => victim.node.getConnections(evil.peerId).length).toBe(0)
    }

    it('a forged namespace document (its refs changed after signing)', async () => {
      await expectRefused(async (held) => {
        const key = await generateKeyPair('Ed25519')
        const doc = await signRefs(key, { rid, seq: 1, refs: { [main]: bCommit }, timestamp: 1 })
        return { ...held, namespaces: [...held.namespaces, { ...doc, refs: { [main]: bCommit, 'refs/heads/x': bCommit } }].sort((x, y) => x.signer < y.signer ? -1 : 1) }
      }, /signature/)
    })

    it('a namespace over its caps (more refs than a fork may have)', async () => {
      await expectRefused(async (held) => {
        const key = await generateKeyPair('Ed25519')
        const refs = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`refs/heads/b${i}`, bCommit]))
        const doc = await signRefs(key, { rid, seq: 1, refs, timestamp: 1 })
        return { ...held, namespaces: [...held.namespaces, doc].sort((x, y) => x.signer < y.signer ? -1 : 1) }
      }, /501 refs; at most 500/, { cutOff: false })
    })

    it('a stale identity revision replayed as the next version', async () => {
      await expectRefused(async (held) => {
        expect(held.identity).toHaveLength(1)
        return { ...held, identity: [held.identity[0], held.identity[0]] }
      }, /does not follow version 1/)
    })

    it('an identity revision signed by someone who is not a delegate (taking the repository over)', async () => {
      await expectRefused(async (held) => {
        const key = await generateKeyPair('Ed25519')
        const thief = peerIdFromPrivateKey(key).toString()
        const current = await identityOfRecord(await victim.repos.get(rid))
        const rev = await signRevision(key, proposeRevision(current, { delegates: [thief] }, 5))
        return { ...held, identity: [...held.identity, rev] }
      }, /valid delegate signature/)
    })
  })
})
