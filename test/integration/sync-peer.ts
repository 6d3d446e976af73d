// A full Guts peer in Node for the sync tests: libp2p over @libp2p/memory
// (no sockets), a repository store on a temporary directory, and the sync
// service — the same code the tab runs.
import fs from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { memory } from '@libp2p/memory'
import { noise } from '@libp2p/noise'
import { yamux } from '@libp2p/yamux'
import { createLibp2p } from 'libp2p'
import { filePackSink } from '../../relay/seed/file-pack-sink.js'
import { MemoryRepoIndex } from '../../src/repo/repo-index.js'
import { Repos } from '../../src/repo/repos.js'
import { Sync } from '../../src/sync/service.js'
import { gossipOptions } from '../../src/net/gossip-options.js'
import type { GitFs } from '../../src/repo/fs.js'

let counter = 0

export async function createNode (name: string) {
  return createLibp2p({
    addresses: { listen: [`/memory/${name}-${process.pid}-${counter++}`] },
    transports: [memory()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: {
      identify: identify(),
      pubsub: gossipsub(gossipOptions({ heartbeatInterval: 200 }))
    }
  })
}

export type TestNode = Awaited<ReturnType<typeof createNode>>

export interface TestPeer {
  name: string
  node: TestNode
  repos: Repos
  sync: Sync
  dir: string
  changes: string[]
}

/** The directory a peer with `sink: 'file'` receives packs into. */
export const incomingDir = (p: TestPeer): string => join(p.dir, '.incoming')

/**
 * `sink`: where received packs are indexed: in memory (the default, as in a
 * tab) or streamed into a file (as on a relay); `log`: the sync service's debug log
 */
export async function createPeer (name: string, opts: { maxPackBytes?: number, sink?: 'memory' | 'file', log?: (msg: string, fields?: Record<string, unknown>) => void } = {}): Promise<TestPeer> {
  const node = await createNode(name)
  const dir = await mkdtemp(join(tmpdir(), `guts-sync-${name}-`))
  const key = await generateKeyPair('Ed25519')
  const repos = new Repos({ fs: fs as unknown as GitFs, index: new MemoryRepoIndex(), key, root: dir, author: () => ({ name, email: `${name}@example.org` }) })
  const changes: string[] = []
  const packSink = opts.sink === 'file' ? filePackSink(join(dir, '.incoming')) : undefined
  const sync = new Sync({ node, repos, maxPackBytes: opts.maxPackBytes, packSink, log: opts.log, onChange: (rid) => changes.push(rid) })
  await sync.start()
  return { name, node, repos, sync, dir, changes }
}

export async function connect (a: { node: TestNode }, b: { node: TestNode }): Promise<void> {
  await a.node.dial(b.node.getMultiaddrs()[0])
}

/** Every file under a repository's objects directory: to prove nothing was written. */
export function objectFiles (gitdir: string): string[] {
  const out: string[] = []
  const walk = (d: string): void => {
    if (!fs.existsSync(d)) return
    for (const n of fs.readdirSync(d)) {
      const p = join(d, n)
      if (fs.statSync(p).isDirectory()) walk(p)
      else out.push(p)
    }
  }
  walk(join(gitdir, 'objects'))
  return out.sort()
}
