// Anti-entropy with a real relay process and real libp2p peers over
// loopback WebSockets: the gossip announcing a commit is dropped as it
// arrives at a reader (at the reader's gossipsub validator, before any
// Guts code sees it), and the reader still gets the new refs from its next
// reconcile round with the relay, within the interval (2 s here). Without
// rounds it never does. Also: the relay's log says at info what an operator
// needs (a peer cut off and why, a fetch failed and why) and does not call
// an update of a repository it holds "seeding".
import fs from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { TopicValidatorResult } from '@libp2p/gossipsub'
import { peerIdFromString } from '@libp2p/peer-id'
import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startRelayProcess } from '../../e2e/relay-process.js'
import { MemoryRepoIndex } from '../../src/repo/repo-index.js'
import { Repos } from '../../src/repo/repos.js'
import { gossipTopic } from '../../src/sync/gossip/index.js'
import { INVENTORY_PROTOCOL } from '../../src/sync/inventory/index.js'
import { Sync } from '../../src/sync/service.js'
import { createWsNode } from './ws-peer.js'
import type { RelayProcess } from '../../e2e/relay-process.js'
import type { GitFs } from '../../src/repo/fs.js'
import type { WsNode } from './ws-peer.js'
import type { Multiaddr } from '@multiformats/multiaddr'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const sleep = async (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

interface Peer { node: WsNode, repos: Repos, sync: Sync, stop: () => Promise<void> }

async function peer (name: string, opts: { announceToRelays?: boolean, reconcileEvery?: number }): Promise<Peer> {
  const node = await createWsNode()
  const dir = await mkdtemp(join(tmpdir(), `guts-ae-${name}-`))
  const repos = new Repos({ fs: fs as unknown as GitFs, index: new MemoryRepoIndex(), key: await generateKeyPair('Ed25519'), root: dir, author: () => ({ name, email: `${name}@example.org` }) })
  // no periodic catch-up: only reconciliation may heal what gossip lost
  const sync = new Sync({ node, repos, announceToRelays: opts.announceToRelays, reconcileEvery: opts.reconcileEvery, catchUpEvery: 1e9 })
  await sync.start()
  return { node, repos, sync, stop: async () => { await sync.stop(); await node.stop(); fs.rmSync(dir, { recursive: true, force: true }) } }
}

/** Drops, at `p`'s door, the next `n` gossip messages on `rid`'s shard (all of them: Infinity); returns how many it dropped. */
function dropGossip (p: Peer, rid: string, n: number): () => number {
  const pubsub = p.node.services.pubsub
  const topic = gossipTopic(rid)
  const validate = pubsub.topicValidators.get(topic)
  if (validate == null) throw new Error('not subscribed to the shard')
  let dropped = 0
  pubsub.topicValidators.set(topic, async (from, msg) => {
    if (dropped < n) { dropped++; return TopicValidatorResult.Ignore }
    return validate(from, msg)
  })
  return () => dropped
}

describe('anti-entropy with a real relay', () => {
  let relay: RelayProcess
  let relayAddr: Multiaddr
  const peers: Peer[] = []
  const make = async (name: string, opts: { announceToRelays?: boolean, reconcileEvery?: number }): Promise<Peer> => {
    const p = await peer(name, opts)
    peers.push(p)
    return p
  }

  beforeAll(async () => {
    relay = await startRelayProcess()
    relayAddr = multiaddr(await relay.wsAddr())
  }, 30_000)
  afterEach(async () => { await Promise.all(peers.splice(0).map(async p => p.stop())) })
  afterAll(async () => { await relay?.stop() })

  /** an author whose repository the relay seeds, and a reader holding a clone of it, both connected */
  async function setting (reconcileEvery: number): Promise<{ author: Peer, reader: Peer, rid: string, dropped: () => number }> {
    const author = await make('author', { announceToRelays: true, reconcileEvery: 1e9 })
    const repo = await author.repos.create({ name: 'anti-entropy' })
    await author.node.dial(relayAddr)
    const relayId = (await relay.peerId())
    await expect.poll(() => author.sync.relayAnswers.get(repo.rid)?.get(relayId)?.status, { timeout: 15_000 }).toBe('seeded')
    const reader = await make('reader', { reconcileEvery })
    await reader.node.dial(relayAddr)
    await reader.sync.clone(repo.rid)
    // all of it: the author's news, and the relay's own publish of what it fetched
    const dropped = dropGossip(reader, repo.rid, Infinity)
    await sleep(1500) // the gossip mesh forms (news published at once is lost)
    return { author, reader, rid: repo.rid, dropped }
  }

  it('heals a dropped announcement within the reconcile interval, and an idle round is a few bytes', async () => {
    const { author, reader, rid, dropped } = await setting(2000)
    await author.repos.commit(rid, { branch: 'main', message: 'two', changes: [{ op: 'write', path: 'a.txt', content: text('a\n') }] })
    const t = Date.now()
    await author.sync.announce(rid)
    await expect.poll(async () => (await reader.repos.get(rid)).signedRefs.seq, { timeout: 10_000, interval: 50 }).toBe(2)
    const healed = Date.now() - t
    // the news did reach the reader, and was dropped: the round brought it
    expect(dropped()).toBeGreaterThanOrEqual(1)
    expect(healed).toBeLessThan(2400 + 2000)
    console.log(`healed in ${healed} ms`)

    // nothing changes now: every round is "equal", one small message each way
    await sleep(500)
    const before = { ...reader.sync.reconcileStats }
    // rounds come every ~2 s; on a loaded machine (CI runs relay processes side by side) one may take many
    // seconds: CI twice saw only 2 idle rounds in 40 s. Two rounds measure an idle round's bytes as well.
    await expect.poll(() => reader.sync.reconcileStats.rounds - before.rounds, { timeout: 40_000 }).toBeGreaterThanOrEqual(2)
    const s = reader.sync.reconcileStats
    const rounds = s.rounds - before.rounds
    expect(s.equal - before.equal).toBe(rounds)
    const sent = (s.sent - before.sent) / rounds
    const received = (s.received - before.received) / rounds
    console.log(`idle round: ${sent} B sent, ${received} B received`)
    expect(sent).toBeLessThanOrEqual(20)
    expect(received).toBeLessThanOrEqual(4)

    // the relay logged the update as one, and did not call it seeding
    const out = relay.output()
    expect(out.split('\n').filter(l => l.includes('seeding repository') && l.includes(rid))).toHaveLength(1)
    expect(out).toMatch(new RegExp(`INFO +repository updated rid=${rid}`))
  }, 90_000)

  it('without reconcile rounds the dropped announcement is never healed (the test above is not vacuous)', async () => {
    const { author, reader, rid, dropped } = await setting(1e9)
    await author.repos.commit(rid, { branch: 'main', message: 'two', changes: [{ op: 'write', path: 'a.txt', content: text('a\n') }] })
    await author.sync.announce(rid)
    await expect.poll(() => dropped(), { timeout: 5000 }).toBeGreaterThanOrEqual(1)
    await sleep(6000)
    expect((await reader.repos.get(rid)).signedRefs.seq).toBe(1)
  }, 60_000)

  it('logs at info a fetch that failed, and why', async () => {
    const author = await make('unserving', { announceToRelays: true, reconcileEvery: 1e9 })
    const repo = await author.repos.create({ name: 'will not serve' })
    // it announces, but cannot serve packs
    await author.node.unhandle('/guts/pack/1.0.0')
    await author.node.dial(relayAddr)
    await expect.poll(() => relay.output(), { timeout: 15_000 }).toMatch(new RegExp(`INFO +fetch failed rid=${repo.rid} peer=${author.node.peerId.toString()} kind=\\w+ err=.+`))
  }, 30_000)

  it('logs at info a peer cut off, and why', async () => {
    const junk = await createWsNode()
    try {
      await junk.dial(relayAddr)
      const relayId = peerIdFromString(await relay.peerId())
      // malformed inventory requests: 5 each, the limit is 10 (and scores
      // decay, so two in a row come just short)
      for (let i = 0; i < 3; i++) {
        const stream = await junk.dialProtocol(relayId, INVENTORY_PROTOCOL).catch(() => undefined)
        if (stream == null) break
        await lpStream(stream).write(new Uint8Array([0xff, 0xff, 0xff, 0xff])).catch(() => {})
        await sleep(300)
      }
      await expect.poll(() => relay.output(), { timeout: 5000 }).toMatch(new RegExp(`INFO +peer cut off peer=${junk.peerId.toString()} why=malformed`))
    } finally {
      await junk.stop()
    }
  }, 30_000)
})
