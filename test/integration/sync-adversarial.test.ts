// Untrusted peers: every kind of bad input is rejected, the local repository
// (refs and objects) stays exactly as it was, and the offender is cut off.
import { generateKeyPair } from '@libp2p/crypto/keys'
import { lpStream } from '@libp2p/utils'
import git from 'isomorphic-git'
import fs from 'node:fs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { signRefs } from '../../src/core/signed-refs.js'
import { namespaceOf, refsOf } from '../../src/repo/repo-index.js'
import { encodeNews, gossipTopic } from '../../src/sync/gossip/index.js'
import { PACK_PROTOCOL, PackHeader, handlePack } from '../../src/sync/pack/index.js'
import { REFS_PROTOCOL, handleRefs } from '../../src/sync/refs/index.js'
import { bytesSource } from '../../src/repo/pack-source.js'
import { connect, createNode, createPeer, incomingDir, objectFiles } from './sync-peer.js'
import type { SignedRefs } from '../../src/core/signed-refs.js'
import type { RepoRecord } from '../../src/repo/repo-index.js'
import type { RefsAnswer } from '../../src/sync/refs/index.js'
import type { TestNode, TestPeer } from './sync-peer.js'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('sync with untrusted peers', () => {
  let author: TestPeer // honest, holds the newest refs
  let victim: TestPeer // behind by one commit, never talks to the author again
  let rid: string
  let first: SignedRefs // the repository's very first signed refs (sequence 1)
  let older: RepoRecord // what the victim holds
  let newest: RepoRecord // what the author holds
  let evil: TestNode

  beforeAll(async () => {
    author = await createPeer('author')
    // receiving into files, as a relay does: nothing may be left there either
    victim = await createPeer('victim', { maxPackBytes: 2 * 1024 * 1024, sink: 'file' })
    const repo = await author.repos.create({ name: 'target' })
    rid = repo.rid
    first = repo.signedRefs
    await author.repos.commit(rid, { branch: 'main', message: 'two', changes: [{ op: 'write', path: 'a.txt', content: text('a\n') }] })
    await connect(victim, author)
    await victim.sync.clone(rid)
    await victim.node.hangUp(author.node.peerId)
    await victim.sync.stop() // restarted below, so the author cannot reach it through catch-up
    await author.repos.commit(rid, { branch: 'main', message: 'three', changes: [{ op: 'write', path: 'b.txt', content: text('b\n') }] })
    older = await victim.repos.get(rid)
    newest = await author.repos.get(rid)
    await victim.sync.start()
  })
  afterAll(async () => {
    for (const p of [author, victim]) { await p.sync.stop(); await p.node.stop() }
  })

  beforeEach(async () => {
    await evil?.stop()
    evil = await createNode('evil')
  })

  /** The evil peer answers refs with `answer`, and packs with `pack` (or a raw handler). */
  async function serve (answer: RefsAnswer, pack?: Uint8Array | ((stream: any) => Promise<void>)): Promise<void> {
    await evil.handle(REFS_PROTOCOL, (stream) => { void handleRefs(stream, async () => answer) }, { runOnLimitedConnection: true })
    if (typeof pack === 'function') await evil.handle(PACK_PROTOCOL, (stream) => { void pack(stream) })
    else if (pack != null) await evil.handle(PACK_PROTOCOL, (stream) => { void handlePack(stream, async () => bytesSource(pack, 3)) })
  }

  async function expectRejectedAndCutOff (error: RegExp): Promise<void> {
    const filesBefore = objectFiles(victim.repos.gitdir(rid))
    await connect(victim, { node: evil })
    await expect(victim.sync.fetchFrom(evil.peerId, rid)).rejects.toThrow(error)
    const now = await victim.repos.get(rid)
    expect(now.signedRefs).toEqual(older.signedRefs)
    expect(objectFiles(victim.repos.gitdir(rid))).toEqual(filesBefore)
    expect(fs.readdirSync(incomingDir(victim))).toEqual([])
    await expect.poll(() => victim.node.getConnections(evil.peerId).length).toBe(0)
    // and it stays cut off
    await connect(victim, { node: evil }).catch(() => {})
    await expect.poll(() => victim.node.getConnections(evil.peerId).length).toBe(0)
  }

  const realPack = async (wants: string[], haves: string[]): Promise<Uint8Array> => {
    const { packFor } = await import('../../src/repo/remote.js')
    const source = await packFor(author.repos, rid, wants, haves)
    const chunks: Uint8Array[] = []
    for await (const c of source.chunks(1 << 20)) chunks.push(c)
    return new Uint8Array(Buffer.concat(chunks))
  }

  it('rejects a forged signature (the delegate named as signer, someone else signing)', async () => {
    const forged: SignedRefs = { ...newest.signedRefs, refs: { ...newest.signedRefs.refs, 'refs/heads/evil': newest.signedRefs.refs['refs/heads/main'] } }
    await serve({ genesis: newest.genesis, signedRefs: forged })
    await expectRejectedAndCutOff(/signature/i)
  })

  it('takes refs signed by someone who is not a delegate as their fork: the canonical refs do not move', async () => {
    const key = await generateKeyPair('Ed25519')
    const stranger = peerIdFromPrivateKey(key).toString()
    const held = older.signedRefs.refs['refs/heads/main']
    // "main" at a commit the victim holds, claimed by a stranger
    const sr = await signRefs(key, { rid, seq: 99, refs: { 'refs/heads/main': held, 'refs/heads/theirs': held }, timestamp: Date.now() })
    await serve({ genesis: newest.genesis, signedRefs: sr })
    await connect(victim, { node: evil })
    expect(await victim.sync.fetchFrom(evil.peerId, rid)).toBe('updated')
    const now = await victim.repos.get(rid)
    expect(refsOf(now)).toEqual(refsOf(older))
    expect(now.signedRefs).toEqual(older.signedRefs)
    expect(namespaceOf(now, stranger)?.refs).toEqual(sr.refs)
    // and in git, under the stranger's namespace only
    expect(await git.resolveRef({ fs, gitdir: victim.repos.gitdir(rid), ref: `refs/namespaces/${stranger}/refs/heads/theirs` })).toBe(held)
    expect(await git.resolveRef({ fs, gitdir: victim.repos.gitdir(rid), ref: 'refs/heads/main' })).toBe(held)
    await victim.node.hangUp(evil.peerId)
  })

  it('rejects a pack whose objects do not match their ids', async () => {
    const pack = await realPack([newest.signedRefs.refs['refs/heads/main']], [older.signedRefs.refs['refs/heads/main']])
    // flip a byte inside the compressed data and fix up the trailing checksum
    const bad = pack.slice()
    bad[40] ^= 0xff
    const { createHash } = await import('node:crypto')
    bad.set(createHash('sha1').update(bad.subarray(0, bad.length - 20)).digest(), bad.length - 20)
    await serve({ genesis: newest.genesis, signedRefs: newest.signedRefs }, bad)
    await expectRejectedAndCutOff(/./)
  })

  it('rejects a pack that is missing reachable objects', async () => {
    // only the commit: its tree and the new blob are left out
    const { packfile } = await git.packObjects({ fs, gitdir: author.repos.gitdir(rid), oids: [newest.signedRefs.refs['refs/heads/main']], write: false })
    await serve({ genesis: newest.genesis, signedRefs: newest.signedRefs }, packfile!)
    await expectRejectedAndCutOff(/missing/)
  })

  it('rejects a pack over the size cap without reading it', async () => {
    let sent = 0
    await serve({ genesis: newest.genesis, signedRefs: newest.signedRefs }, async (stream) => {
      const lp = lpStream(stream)
      await lp.read()
      await lp.write(PackHeader.encode({ status: PackHeader.Status.OK, objects: 3, bytes: BigInt(3 * 1024 * 1024), message: '' }))
      try {
        for (let i = 0; i < 48; i++) { await lp.write(new Uint8Array(65536)); sent++ }
      } catch {}
    })
    await expectRejectedAndCutOff(/over the limit/)
    expect(sent).toBeLessThan(48)
  })

  it('rejects a pack that runs past the size it announced', async () => {
    const pack = await realPack([newest.signedRefs.refs['refs/heads/main']], [older.signedRefs.refs['refs/heads/main']])
    await serve({ genesis: newest.genesis, signedRefs: newest.signedRefs }, async (stream) => {
      const lp = lpStream(stream)
      await lp.read()
      await lp.write(PackHeader.encode({ status: PackHeader.Status.OK, objects: 3, bytes: BigInt(pack.length), message: '' }))
      await lp.write(pack).catch(() => {})
      await lp.write(new Uint8Array(1000)).catch(() => {})
    })
    await expectRejectedAndCutOff(/more data than it announced/)
  })

  async function meshWith (node: TestNode): Promise<void> {
    node.services.pubsub.subscribe(gossipTopic(rid))
    await connect(victim, { node })
    await new Promise(resolve => setTimeout(resolve, 1000)) // let the gossip mesh form
  }

  it('rejects replayed older refs announced over gossip, and cuts off the replayer', async () => {
    await meshWith(evil)
    // a genuine, validly signed, but older document: replayed again and again
    expect(first.seq).toBeLessThan(older.signedRefs.seq)
    for (let i = 0; i < 3; i++) {
      await evil.services.pubsub.publish(gossipTopic(rid), encodeNews(rid, newest.genesis, first))
      await new Promise(resolve => setTimeout(resolve, 150))
    }
    await expect.poll(() => victim.node.getConnections(evil.peerId).length, { timeout: 5000 }).toBe(0)
    expect((await victim.repos.get(rid)).signedRefs).toEqual(older.signedRefs)
    expect(victim.sync.offences.score(evil.peerId.toString())).toBeGreaterThanOrEqual(10)
  })

  it('rejects a forged announcement at once (validators reject, not ignore)', async () => {
    await meshWith(evil)
    await evil.services.pubsub.publish(gossipTopic(rid), encodeNews(rid, newest.genesis, { ...newest.signedRefs, timestamp: newest.signedRefs.timestamp + 1 }))
    await expect.poll(() => victim.node.getConnections(evil.peerId).length, { timeout: 5000 }).toBe(0)
    expect((await victim.repos.get(rid)).signedRefs).toEqual(older.signedRefs)
  })
})
