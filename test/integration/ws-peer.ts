// A Guts peer in Node shaped like a tab for relay tests: WebSockets to a
// relay on loopback, gossipsub with the app's settings, a repository store
// on a temporary directory and the sync service (the tab's code, minus
// WebRTC). Every such peer comes from 127.0.0.1, like tabs behind one NAT.
import fs from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { noise } from '@libp2p/noise'
import { webSockets } from '@libp2p/websockets'
import { yamux } from '@libp2p/yamux'
import { createLibp2p } from 'libp2p'
import { gossipOptions } from '../../src/net/gossip-options.js'
import { MemoryRepoIndex } from '../../src/repo/repo-index.js'
import { Repos } from '../../src/repo/repos.js'
import { Sync } from '../../src/sync/service.js'
import type { GitFs } from '../../src/repo/fs.js'
import type { GossipsubOpts } from '@libp2p/gossipsub'
import type { PrivateKey } from '@libp2p/interface'

export async function createWsNode (opts: { gossip?: Partial<GossipsubOpts>, privateKey?: PrivateKey } = {}) {
  return createLibp2p({
    privateKey: opts.privateKey,
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: {
      identify: identify(),
      pubsub: gossipsub(gossipOptions({ heartbeatInterval: 300, ...opts.gossip }))
    }
  })
}

export type WsNode = Awaited<ReturnType<typeof createWsNode>>

export interface WsPeer { node: WsNode, repos: Repos, sync: Sync, dir: string, changes: string[], stop: () => Promise<void> }

export async function createWsPeer (name: string, opts: { announceToRelays?: boolean, log?: (msg: string, fields?: Record<string, unknown>) => void } = {}): Promise<WsPeer> {
  const node = await createWsNode()
  const dir = await mkdtemp(join(tmpdir(), `guts-ws-${name}-`))
  const key = await generateKeyPair('Ed25519')
  const repos = new Repos({ fs: fs as unknown as GitFs, index: new MemoryRepoIndex(), key, root: dir, author: () => ({ name, email: `${name}@example.org` }) })
  const changes: string[] = []
  const sync = new Sync({ node, repos, announceToRelays: opts.announceToRelays, log: opts.log, onChange: (rid) => changes.push(rid) })
  await sync.start()
  return {
    node,
    repos,
    sync,
    dir,
    changes,
    stop: async () => { await sync.stop(); await node.stop(); fs.rmSync(dir, { recursive: true, force: true }) }
  }
}
