// A Guts peer in Node for bench/sync: the sync service and repository store
// the tab runs, on Node's fs, over libp2p TCP on loopback (noise, yamux,
// identify, gossipsub: what the sync service needs). The same shape as
// test/integration/sync-peer.ts, with TCP instead of the in-memory transport
// so that server and client are separate processes.
import fs from 'node:fs'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { noise } from '@libp2p/noise'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { createLibp2p } from 'libp2p'
import { MemoryRepoIndex } from '../../src/repo/repo-index.js'
import { Repos } from '../../src/repo/repos.js'
import { Sync } from '../../src/sync/service.js'
import type { GitFs } from '../../src/repo/fs.js'

export async function createTcpPeer (name: string, root: string, opts: { maxPackBytes?: number } = {}) {
  const node = await createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: {
      identify: identify(),
      pubsub: gossipsub({ allowPublishToZeroTopicPeers: true })
    }
  })
  fs.mkdirSync(root, { recursive: true })
  const repos = new Repos({
    fs: fs as unknown as GitFs,
    index: new MemoryRepoIndex(),
    key: await generateKeyPair('Ed25519'),
    root,
    author: () => ({ name, email: `${name}@example.org` })
  })
  const sync = new Sync({ node, repos, maxPackBytes: opts.maxPackBytes })
  await sync.start()
  return { node, repos, sync }
}

/** One line on stdout, `TAG {json}`, for the parent process to read. */
export function report (tag: string, value: unknown): void {
  process.stdout.write(`${tag} ${JSON.stringify(value)}\n`)
}
