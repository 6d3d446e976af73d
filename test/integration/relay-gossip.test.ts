// A real relay (in this process, on loopback WebSockets) among crowds and
// strangers: many peers on one address, a peer subscribing to junk topics,
// news of repositories nobody can check. Seeding and live updates must go on.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parseArgs } from '../../relay/cli.js'
import { createLogger } from '../../relay/log.js'
import { startRelay } from '../../relay/relay.js'
import { createGenesis, encodeGenesis, ridOf } from '../../src/core/genesis.js'
import { signRefs } from '../../src/core/signed-refs.js'
import { allGossipTopics, encodeNews, gossipTopic } from '../../src/sync/gossip/index.js'
import { REFS_PROTOCOL } from '../../src/sync/refs/index.js'
import { createWsNode, createWsPeer } from './ws-peer.js'
import type { Relay } from '../../relay/relay.js'
import type { WsNode, WsPeer } from './ws-peer.js'
import type { Multiaddr } from '@multiformats/multiaddr'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const sleep = async (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

describe('a relay among crowds and strangers', () => {
  let relay: Relay
  let dataDir: string
  let relayAddr: Multiaddr
  /** the relay's log at info and above */
  const logged: string[] = []
  const peers: WsPeer[] = []
  const nodes: WsNode[] = []
  const peer = async (name: string, opts: { announceToRelays?: boolean } = {}): Promise<WsPeer> => {
    const p = await createWsPeer(name, opts)
    peers.push(p)
    return p
  }
  const node = async (opts: Parameters<typeof createWsNode>[0] = {}): Promise<WsNode> => {
    const n = await createWsNode(opts)
    nodes.push(n)
    return n
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'guts-relay-gossip-'))
    const parsed = parseArgs(['--port', '0', '--data', dataDir, '--no-mdns', '--app', 'dist'])
    if (parsed.command !== 'serve') throw new Error('bad args')
    relay = await startRelay(parsed.options, createLogger({ level: 'info', write: (line) => logged.push(line) }))
    relayAddr = relay.node.getMultiaddrs().find(ma => ma.toString().includes('/ws/'))!
  })
  afterEach(async () => {
    await Promise.all([...peers.splice(0).map(async p => p.stop()), ...nodes.splice(0).map(async n => n.stop())])
  })
  afterAll(async () => {
    await relay?.stop()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('seeds a new repository announced over gossip by one of 20 peers on one address', async () => {
    // a classroom: 20 tabs behind one NAT (here all on 127.0.0.1); gossipsub's
    // default IP-colocation penalty would put each at -500 and drop their messages
    const crowd = await Promise.all(Array.from({ length: 19 }, async (_, i) => peer(`pupil${i}`)))
    const author = await peer('teacher') // gossip only: no direct announcement
    for (const p of [...crowd, author]) await p.node.dial(relayAddr)
    const repo = await author.repos.create({ name: 'classroom' })
    author.sync.watch(repo.rid)
    await sleep(1500) // the gossip mesh forms (news published at once is lost)
    await author.sync.announce(repo.rid, { isNew: true })
    await expect.poll(async () => relay.seeder.repos.has(repo.rid), { timeout: 10_000 }).toBe(true)
    expect((relay.node.services.pubsub as any).score.score(author.node.peerId.toString())).toBeGreaterThanOrEqual(0)
  })

  it('seeds a repository a peer tells it of directly, and says so', async () => {
    const author = await peer('direct', { announceToRelays: true })
    const repo = await author.repos.create({ name: 'direct' })
    // the relay hears of it when the peer connects, with no gossip at all
    await author.node.dial(relayAddr)
    const relayId = relay.node.peerId.toString()
    await expect.poll(() => author.sync.relayAnswers.get(repo.rid)?.get(relayId)?.status, { timeout: 10_000 }).toBe('seeded')
    expect(await relay.seeder.repos.has(repo.rid)).toBe(true)
    expect((await author.sync.announceTo(relay.node.peerId, repo.rid)).status).toBe('up-to-date')
    await author.repos.commit(repo.rid, { branch: 'main', message: 'two', changes: [{ op: 'write', path: 'a.txt', content: text('a\n') }] })
    expect(await author.sync.announceTo(relay.node.peerId, repo.rid)).toMatchObject({ status: 'seeded', seq: 2 })
    expect((await relay.seeder.repos.get(repo.rid)).signedRefs).toEqual((await author.repos.get(repo.rid)).signedRefs)
    // reconnecting tells the relay again; it says nothing about seeding what it holds
    const seeding = (): number => logged.filter(l => l.includes('seeding repository') && l.includes(repo.rid)).length
    const before = seeding()
    await author.node.hangUp(relay.node.peerId)
    const t = Date.now()
    await author.node.dial(relayAddr)
    await expect.poll(() => author.sync.relayAnswers.get(repo.rid)?.get(relayId)?.at ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(t)
    expect(author.sync.relayAnswers.get(repo.rid)?.get(relayId)?.status).toBe('up-to-date')
    expect(seeding()).toBe(before)
  })

  it('says so, in the answer and in its log at warn, when it cannot fetch an announced repository', async () => {
    const author = await peer('unserving', { announceToRelays: true })
    const repo = await author.repos.create({ name: 'will not serve' })
    // the tab announces but cannot serve packs
    await author.node.unhandle('/guts/pack/1.0.0')
    await author.node.dial(relayAddr)
    const relayId = relay.node.peerId.toString()
    await expect.poll(() => author.sync.relayAnswers.get(repo.rid)?.get(relayId)?.status, { timeout: 15_000 }).toBe('failed')
    expect(author.sync.relayAnswers.get(repo.rid)?.get(relayId)?.message).toBeTruthy()
    expect(logged.some(l => l.includes(' WARN ') && l.includes('could not seed an announced repository') && l.includes(repo.rid))).toBe(true)
    // and the tab's seed status says which relay does not hold it, and why
    const status = await author.sync.seedStatus(repo.rid)
    expect(status.find(s => s.peer === relayId)).toMatchObject({ relay: true, state: 'not seeding' })
  })

  it('subscribes to the same 256 shard topics whatever strangers subscribe to, and live updates still reach tabs', async () => {
    const junk = await node()
    await junk.dial(relayAddr)
    for (let i = 0; i < 1000; i++) junk.services.pubsub.subscribe(`/guts/repo/1.0.0/bafkrei${i.toString(36).padStart(52, 'a')}`)
    for (let i = 0; i < 300; i++) junk.services.pubsub.subscribe(`/guts/gossip/1.0.0/x${i}`)
    await sleep(1000)
    expect(relay.node.services.pubsub.getTopics().sort()).toEqual(allGossipTopics().sort())

    // an author and a reader, each connected to the relay alone
    const author = await peer('author', { announceToRelays: true })
    const reader = await peer('reader')
    const repo = await author.repos.create({ name: 'live behind a hub' })
    await author.node.dial(relayAddr)
    await expect.poll(async () => relay.seeder.repos.has(repo.rid), { timeout: 10_000 }).toBe(true)
    await reader.node.dial(relayAddr)
    expect(await reader.sync.clone(repo.rid)).toBe('cloned')
    // the author sees the relay on its repository's topic: its news goes somewhere
    const topic = gossipTopic(repo.rid)
    await expect.poll(() => author.node.services.pubsub.getSubscribers(topic).map(String), { timeout: 5000 }).toContain(relay.node.peerId.toString())
    await sleep(1000)
    const oid = await author.repos.commit(repo.rid, { branch: 'main', message: 'live', changes: [{ op: 'write', path: 'b.txt', content: text('b\n') }] })
    await author.sync.announce(repo.rid)
    await expect.poll(async () => (await reader.repos.get(repo.rid)).signedRefs.refs['refs/heads/main'], { timeout: 10_000 }).toBe(oid)
    expect(relay.seeder.sync.gossipTopics().length).toBe(256)
  })

  it('forwards no news it cannot check, counts it against the sender, and asks nobody else on a stranger\'s word', async () => {
    const key = await generateKeyPair('Ed25519')
    const evilId = peerIdFromPrivateKey(key).toString()
    const evil = await node({ privateKey: key })
    // a bystander on the same shards, counting what reaches it
    const bystander = await node()
    let refsAsked = 0
    await bystander.handle(REFS_PROTOCOL, (stream) => { refsAsked++; stream.abort(new Error('no')) })
    const heard: string[] = []
    bystander.services.pubsub.addEventListener('message', (evt) => { heard.push(evt.detail.topic) })

    // a repository evil made itself (valid: evil is its delegate), and refs
    // under its RID with a genesis that does not hash to it
    const genesis = encodeGenesis(createGenesis({ name: 'bait', delegates: [evilId] }))
    const rid = await ridOf(genesis)
    const other = encodeGenesis(createGenesis({ name: 'other', delegates: [evilId] }))
    const refs = await signRefs(key, { rid, seq: 1, refs: { 'refs/heads/main': 'a'.repeat(40) }, timestamp: Date.now() })
    const topic = gossipTopic(rid)
    for (const n of [evil, bystander]) { n.services.pubsub.subscribe(topic); await n.dial(relayAddr) }
    await sleep(1500)

    await evil.services.pubsub.publish(topic, encodeNews(rid, other, refs))
    await expect.poll(() => relay.seeder.sync.offences.score(evilId), { timeout: 5000 }).toBeGreaterThanOrEqual(5)
    await sleep(500)
    expect(heard).toEqual([])
    // valid news of a repository evil will not serve: the relay passes it on
    // (anyone can check it) and asks evil for it, but nobody else
    await evil.services.pubsub.publish(topic, encodeNews(rid, genesis, refs)).catch(() => {})
    await expect.poll(() => heard.length, { timeout: 5000 }).toBe(1)
    await sleep(2000)
    expect(refsAsked).toBe(0)
    expect(await relay.seeder.repos.has(rid)).toBe(false)
  })
})
