// The app handle: the one object the UI talks to. It wires storage and the
// network; the UI reads snapshots and calls commands, nothing else.
import LightningFS from '@isomorphic-git/lightning-fs'
import { openGutsDb } from '../store/db.js'
import { loadOrCreateIdentity } from '../store/identity.js'
import { loadSettings } from '../store/settings.js'
import { IdbRepoIndex } from '../store/repo-index-idb.js'
import { startNetwork } from './network.js'
import { createRepoService } from './repo-service.js'
import { Sync } from '../sync/service.js'
import { workerPackSink } from '../repo/pack/worker-indexer.js'
import type { Network } from './network.js'
import type { RepoService } from './repo-service.js'
import type { GitFs } from '../repo/fs.js'

export interface GutsApp {
  network: Network
  repos: RepoService
  sync: Sync
  /** asks the browser not to evict our data under storage pressure */
  persisted: boolean
}

export async function createApp (origin: string): Promise<GutsApp> {
  const db = await openGutsDb()
  const [privateKey, settings] = await Promise.all([loadOrCreateIdentity(db), loadSettings(db)])
  // one LightningFS instance per name per page: a second one breaks the first's lock
  const fs = new LightningFS('guts-git') as unknown as GitFs
  const repos = createRepoService(db, fs, new IdbRepoIndex(db), privateKey, settings)
  const network = await startNetwork(db, privateKey, settings, origin)
  const sync = new Sync({
    node: network.node,
    repos: repos.repos,
    // repository data goes over a direct WebRTC connection, dialled through a relay
    connect: async (peer, signal) => (await network.connect(peer.toString(), { signal })).connection,
    // packs are hashed and checked in a worker while they arrive
    packSink: workerPackSink,
    onChange: () => repos.changed(),
    // relays hear of our repositories directly, and say whether they seed them
    announceToRelays: true,
    onProviders: (found) => { for (const p of found) network.trustRelay(p.id.toString(), p.multiaddrs.map(String)) },
    log: (msg, fields) => console.debug(`[sync] ${msg}`, fields ?? '')
  })
  await sync.start()
  repos.onLocalChange = (rid, opts) => { void sync.announce(rid, opts) }
  const persisted = await navigator.storage?.persist?.().catch(() => false) ?? false
  return { network, repos, sync, persisted }
}
