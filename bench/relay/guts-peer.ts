// A Guts peer in Node for bench/relay part 2: the sync service and the
// repository store the tab runs, on Node's fs, over libp2p WebSockets to the
// relay (noise, yamux, identify, gossipsub named `pubsub`: what the sync
// service needs). Like test/integration/sync-peer.ts, with WebSockets instead
// of the in-memory transport so the relay can be a separate process.
import fs from 'node:fs'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { noise } from '@libp2p/noise'
import { webSockets } from '@libp2p/websockets'
import { yamux } from '@libp2p/yamux'
import { createLibp2p } from 'libp2p'
import { MemoryRepoIndex } from '../../src/repo/repo-index.js'
import { Repos } from '../../src/repo/repos.js'
import { Sync } from '../../src/sync/service.js'
import type { GitFs } from '../../src/repo/fs.js'

export async function createWsNode () {
  return createLibp2p({
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: {
      identify: identify(),
      pubsub: gossipsub({ allowPublishToZeroTopicPeers: true })
    }
  })
}

export async function createGutsPeer (name: string, root: string, opts: { maxPackBytes?: number, log?: (msg: string, fields?: Record<string, unknown>) => void } = {}) {
  const node = await createWsNode()
  fs.mkdirSync(root, { recursive: true })
  const repos = new Repos({
    fs: fs as unknown as GitFs,
    index: new MemoryRepoIndex(),
    key: await generateKeyPair('Ed25519'),
    root,
    author: () => ({ name, email: `${name}@example.org` })
  })
  const sync = new Sync({ node, repos, maxPackBytes: opts.maxPackBytes, log: opts.log })
  await sync.start()
  return { node, repos, sync }
}
