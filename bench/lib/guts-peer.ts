// A Guts peer in Node for the benchmarks: the sync service and repository
// store the tab runs, on Node's fs, with noise, yamux, identify and gossipsub
// (what the sync service needs). Like test/integration/sync-peer.ts, but over
// a real transport so that each peer can be its own process: TCP on loopback
// (bench/sync) or WebSockets to a relay (bench/relay).
import fs from 'node:fs'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { noise } from '@libp2p/noise'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import { yamux } from '@libp2p/yamux'
import { createLibp2p } from 'libp2p'
import { filePackSink } from '../../relay/seed/file-pack-sink.js'
import { MemoryRepoIndex } from '../../src/repo/repo-index.js'
import { Repos } from '../../src/repo/repos.js'
import { Sync } from '../../src/sync/service.js'
import type { GitFs } from '../../src/repo/fs.js'
import type { SyncInit } from '../../src/sync/service.js'

export type BenchTransport = 'tcp' | 'ws'

export async function createBenchNode (transport: BenchTransport) {
  return createLibp2p({
    // a TCP peer listens on loopback so another process can dial it; a
    // WebSocket peer only dials out, to the relay
    addresses: { listen: transport === 'tcp' ? ['/ip4/127.0.0.1/tcp/0'] : [] },
    transports: [transport === 'tcp' ? tcp() : webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: {
      identify: identify(),
      pubsub: gossipsub({ allowPublishToZeroTopicPeers: true })
    }
  })
}

export async function createBenchPeer (transport: BenchTransport, name: string, root: string, opts: { maxPackBytes?: number, log?: (msg: string, fields?: Record<string, unknown>) => void, sync?: Partial<SyncInit> } = {}) {
  const node = await createBenchNode(transport)
  fs.mkdirSync(root, { recursive: true })
  const repos = new Repos({
    fs: fs as unknown as GitFs,
    index: new MemoryRepoIndex(),
    key: await generateKeyPair('Ed25519'),
    root,
    author: () => ({ name, email: `${name}@example.org` })
  })
  // packs are received into files, as on a relay
  const sync = new Sync({ node, repos, maxPackBytes: opts.maxPackBytes, packSink: filePackSink(`${root}/.incoming`), log: opts.log, ...opts.sync })
  await sync.start()
  return { node, repos, sync }
}
