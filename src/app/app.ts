// The app handle: the one object the UI talks to. It wires storage, the
// network and sync; the UI gets commands and queries with plain data
// (repositories.ts, network.ts), never Repos, Sync or libp2p objects.
import LightningFS from '@isomorphic-git/lightning-fs'
import { openGutsDb } from '../store/db.js'
import { claimNetworkIdentity, loadOrCreateIdentity } from '../store/identity.js'
import { loadSettings, saveSetting } from '../store/settings.js'
import { IdbRepoIndex } from '../store/repo-index-idb.js'
import { startNetwork } from './network.js'
import { networkHandle } from './network.js'
import { createRepositories } from './repositories.js'
import { Repos } from '../repo/repos.js'
import { Sync } from '../sync/service.js'
import { workerPackSink } from '../repo/pack/worker-indexer.js'
import type { Network } from './network.js'
import type { NetworkHandle } from './network-handle.js'
import type { Repositories } from './repositories.js'
import type { GitFs } from '../repo/fs.js'

export interface GutsApp {
  network: NetworkHandle
  repos: Repositories
  /** asks the browser not to evict our data under storage pressure */
  persisted: boolean
}

/** What is behind the handle, for the test hook (window.guts) only. */
export interface AppParts {
  network: Network
  sync: Sync
  repos: Repos
}

const parts = new WeakMap<GutsApp, AppParts>()
export function partsOf (app: GutsApp): AppParts | undefined { return parts.get(app) }

export async function createApp (origin: string): Promise<GutsApp> {
  const db = await openGutsDb()
  const [privateKey, settings] = await Promise.all([loadOrCreateIdentity(db), loadSettings(db)])
  // one LightningFS instance per name per page: a second one breaks the first's lock
  const fs = new LightningFS('guts-git') as unknown as GitFs
  let author = { name: settings.authorName, email: settings.authorEmail }
  const repos: Repos = new Repos({
    fs,
    index: new IdbRepoIndex(db),
    key: privateKey,
    // git wants an email; a PeerId-based one is unique and says where it came from
    author: () => ({ name: author.name.trim() || 'Anonymous', email: author.email.trim() || `${repos.peerId.slice(-12)}@guts.invalid` }),
    // other tabs of this profile write with the same key: one change to a
    // repository at a time across them, so no sequence number is signed twice
    lock: async (rid, fn) => globalThis.navigator?.locks != null ? globalThis.navigator.locks.request(`guts-repo-${rid}`, fn) : fn()
  })
  // each tab is its own peer on the network (a second tab of the profile
  // takes a key of its own); the profile's key signs what it writes
  const { key: networkKey } = await claimNetworkIdentity(db, privateKey)
  const network = await startNetwork(db, networkKey, settings, origin)
  const sync = new Sync({
    node: network.node,
    repos,
    // repository data goes over a direct WebRTC connection, dialled through a relay
    connect: async (peer, signal) => (await network.connect(peer.toString(), { signal })).connection,
    // packs are hashed and checked in a worker while they arrive
    packSink: workerPackSink,
    onChange: () => repositories.fetched(),
    // relays hear of our repositories directly, and say whether they seed them
    announceToRelays: true,
    // the tab may dial a provider as a relay only at a direct WebSocket address
    onProviders: (found) => { for (const p of found) network.trustProvider(p.id.toString(), p.multiaddrs.map(String)) },
    log: (msg, fields) => console.debug(`[sync] ${msg}`, fields ?? '')
  })
  const repositories = createRepositories({
    repos,
    sync,
    network: {
      onNetwork: () => network.snapshot().state === 'connected',
      peers: () => network.snapshot().connections.map(c => c.peerId),
      subscribe: network.subscribe
    },
    author,
    saveAuthor: async (a) => {
      author = a
      await saveSetting(db, 'authorName', a.name)
      await saveSetting(db, 'authorEmail', a.email)
    }
  })
  await sync.start()
  const persisted = await navigator.storage?.persist?.().catch(() => false) ?? false
  const app: GutsApp = { network: networkHandle(network), repos: repositories, persisted }
  parts.set(app, { network, sync, repos })
  return app
}
