// Serving packs to a crowd: peers that ask and never read hold a seat, not a
// build slot, and are cut off when they stall; an honest clone goes through
// meanwhile. Packs go out from disk: one the stock git built into a
// temporary file (what the refs reach, no more), shared by everyone asking
// for the same, and removed a while after its last reader.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { lpStream } from '@libp2p/utils'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parseArgs } from '../../relay/cli.js'
import { importRepository } from '../../relay/import.js'
import { createLogger } from '../../relay/log.js'
import { startRelay } from '../../relay/relay.js'
import { PACK_PROTOCOL, PackRequest, PackServer } from '../../src/sync/pack/index.js'
import { git } from '../fixtures/git-fixture.js'
import { connect, createNode, createPeer } from './sync-peer.js'
import { createWsNode, createWsPeer } from './ws-peer.js'
import type { RelayOptions } from '../../relay/cli.js'
import type { Relay } from '../../relay/relay.js'
import type { WsNode, WsPeer } from './ws-peer.js'
import type { Multiaddr } from '@multiformats/multiaddr'

/** A git repository with an incompressible 3 MB file: its pack is many chunks, more than any window. */
function sourceRepo (): string {
  const dir = fs.mkdtempSync(join(tmpdir(), 'guts-serving-src-'))
  git(dir, 'init', '-q', '-b', 'main')
  fs.writeFileSync(join(dir, 'big.bin'), randomBytes(3 * 1024 * 1024))
  fs.writeFileSync(join(dir, 'README.md'), '# served\n')
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', 'one')
  // one pack, as most repositories on disk are
  git(dir, 'repack', '-q', '-a', '-d')
  return dir
}

/**
 * A peer that asks for a whole pack and never reads it: it grants no more
 * than yamux's first window (pause() stops window updates), so the relay's
 * writes wait, as for a reader that stopped reading its socket.
 */
async function stall (node: WsNode, relay: Relay, rid: string): Promise<void> {
  const record = await relay.seeder.repos.get(rid)
  const stream = await node.dialProtocol(relay.node.peerId, PACK_PROTOCOL)
  stream.pause()
  await lpStream(stream).write(PackRequest.encode({ rid, wants: [...new Set(Object.values(record.signedRefs.refs))], haves: [] }))
}

describe('serving packs to a crowd', () => {
  let relay: Relay
  let opts: RelayOptions
  let dataDir: string
  let relayAddr: Multiaddr
  let src: string
  const nodes: WsNode[] = []
  const peers: WsPeer[] = []

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'guts-serving-'))
    const parsed = parseArgs(['--port', '0', '--data', dataDir, '--no-mdns', '--app', 'dist'])
    if (parsed.command !== 'serve') throw new Error('bad args')
    opts = parsed.options
    relay = await startRelay(opts, createLogger({ level: (process.env.DBG != null ? 'debug' : 'error') as any }))
    relayAddr = relay.node.getMultiaddrs().find(ma => ma.toString().includes('/ws/'))!
    src = sourceRepo()
  })
  afterEach(async () => {
    await Promise.all([...nodes.splice(0).map(async n => n.stop()), ...peers.splice(0).map(async p => p.stop())])
  })
  afterAll(async () => {
    await relay?.stop()
    await rm(dataDir, { recursive: true, force: true })
    fs.rmSync(src, { recursive: true, force: true })
  })

  /** `count` peers that each ask for a whole pack of `rid` and never read */
  async function stallers (rid: string, count: number): Promise<void> {
    for (let i = 0; i < count; i += 8) {
      await Promise.all(Array.from({ length: Math.min(8, count - i) }, async () => {
        const n = await createWsNode()
        nodes.push(n)
        await n.dial(relayAddr)
        await stall(n, relay, rid)
      }))
    }
  }

  it('clones for an honest peer while 72 others ask for packs and never read; identical requests share one git build', async () => {
    const { rid } = await importRepository(opts, src)
    await stallers(rid, 72)
    // they hold seats, not build slots
    await expect.poll(() => relay.seeder.sync.packsSending, { timeout: 10_000 }).toBe(72)
    const honest = await createWsPeer('honest')
    peers.push(honest)
    await honest.node.dial(relayAddr)
    const t0 = Date.now()
    expect(await honest.sync.clone(rid)).toBe('cloned')
    expect(Date.now() - t0).toBeLessThan(10_000)
    git(honest.dir, '--git-dir', honest.repos.gitdir(rid), 'fsck', '--full', '--strict')

    // a second commit: the relay now holds two packs
    fs.writeFileSync(join(src, 'README.md'), '# served, twice\n')
    git(src, 'commit', '-q', '-am', 'two')
    await importRepository(opts, src)
    // the honest peer hears of it (gossip through the relay) and fetches just that
    await expect.poll(async () => (await honest.repos.get(rid)).signedRefs.seq, { timeout: 10_000 }).toBe(2)
    // the commit, its tree and the README: nothing else
    expect(honest.sync.transfers.at(-1)?.objects).toBe(3)
    git(honest.dir, '--git-dir', honest.repos.gitdir(rid), 'fsck', '--full', '--strict')
    const outgoing = join(dataDir, 'repos', '.outgoing')
    const built = (): number => fs.readdirSync(outgoing).length
    // the first clone (73 readers of one build) and the incremental fetch
    expect(built()).toBe(2)
    await stallers(rid, 16)
    await expect.poll(() => relay.seeder.sync.packsSending, { timeout: 10_000 }).toBe(72 + 16)
    // sixteen identical clones of the new state: one build between them
    expect(built()).toBe(3)
    const late = await createWsPeer('late')
    peers.push(late)
    await late.node.dial(relayAddr)
    expect(await late.sync.clone(rid)).toBe('cloned')
    expect((await late.repos.get(rid)).signedRefs).toEqual((await relay.seeder.repos.get(rid)).signedRefs)
    git(late.dir, '--git-dir', late.repos.gitdir(rid), 'fsck', '--full', '--strict')
    expect(built()).toBe(3)
  })

  it('sends a clone what the refs reach and no more, though the relay still holds a deleted branch', async () => {
    const dir = fs.mkdtempSync(join(tmpdir(), 'guts-serving-branches-'))
    try {
      git(dir, 'init', '-q', '-b', 'main')
      fs.writeFileSync(join(dir, 'a.txt'), 'a\n')
      git(dir, 'add', '-A')
      git(dir, 'commit', '-q', '-m', 'main')
      git(dir, 'checkout', '-q', '-b', 'doomed')
      fs.writeFileSync(join(dir, 'doomed.bin'), randomBytes(200_000))
      git(dir, 'add', '-A')
      git(dir, 'commit', '-q', '-m', 'doomed')
      git(dir, 'checkout', '-q', 'main')
      git(dir, 'repack', '-q', '-a', '-d')
      const { rid } = await importRepository(opts, dir)
      git(dir, 'branch', '-q', '-D', 'doomed')
      await importRepository(opts, dir)
      const record = await relay.seeder.repos.get(rid)
      expect(Object.keys(record.signedRefs.refs)).toEqual(['refs/heads/main'])
      const reader = await createWsPeer('reader')
      peers.push(reader)
      await reader.node.dial(relayAddr)
      expect(await reader.sync.clone(rid)).toBe('cloned')
      const gitdir = reader.repos.gitdir(rid)
      const reachable = git(dir, 'rev-list', '--objects', '--all').trim().split('\n').length
      const held = git(dir, '--git-dir', gitdir, 'cat-file', '--batch-all-objects', '--batch-check').trim().split('\n').length
      expect(held).toBe(reachable)
      // the doomed branch's 200 KB blob did not travel
      expect(reader.sync.transfers.at(-1)!.bytes).toBeLessThan(10_000)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('cuts off a reader that takes nothing for the slow-reader timeout', async () => {
    const a = await createPeer('server')
    const repo = await a.repos.create({ name: 'big' })
    await a.repos.commit(repo.rid, { branch: 'main', message: 'big', changes: [{ op: 'write', path: 'big.bin', content: randomBytes(2 * 1024 * 1024) }] })
    const server = new PackServer({ repos: a.repos, isBanned: () => false, offend: () => {}, slowReaderTimeout: 300 })
    await a.node.unhandle(PACK_PROTOCOL)
    await a.node.handle(PACK_PROTOCOL, (stream, conn) => { void server.serve(stream, conn) })
    const b = await createNode('stall')
    try {
      await connect({ node: b }, a)
      const stream = await b.dialProtocol(a.node.peerId, PACK_PROTOCOL)
      const tip = (await a.repos.get(repo.rid)).signedRefs.refs['refs/heads/main']
      await lpStream(stream).write(PackRequest.encode({ rid: repo.rid, wants: [tip], haves: [] }))
      await expect.poll(() => server.sending, { timeout: 2000 }).toBe(1)
      await expect.poll(() => server.sending, { timeout: 3000 }).toBe(0)
    } finally {
      await b.stop()
      await a.sync.stop()
      await a.node.stop()
    }
  })
})
