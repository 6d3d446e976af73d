// The app handle: the one object the UI talks to. It wires storage, the
// network and sync; the UI gets commands and queries with plain data
// (repositories.ts, network.ts), never Repos, Sync or libp2p objects.
// The network and sync load after the rest (network-stack.ts): the handle
// is whole at once, its network parts wait for them (deferred-network.ts).
import LightningFS from '@isomorphic-git/lightning-fs'
import { openGutsDb } from '../store/db.js'
import { claimNetworkIdentity, loadOrCreateIdentity } from '../store/identity.js'
import { loadSettings, saveSetting } from '../store/settings.js'
import { IdbRepoIndex } from '../store/repo-index-idb.js'
import { IdbCobCache } from '../store/cob-cache-idb.js'
import { deferredNetwork } from './deferred-network.js'
import { createRepositories } from './repositories.js'
import { Repos } from '../repo/repos.js'
import type { NetworkHandle } from './network-handle.js'
import type { NetworkStack } from './network-stack.js'
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
  repos: Repos
  /** the network and sync, once they have started */
  stack: () => NetworkStack | undefined
  /** waits for the network and sync to have started (main.tsx starts them after the first paint) */
  networkReady: () => Promise<NetworkStack>
}

export interface CreateAppOpts {
  /**
   * the network's code is fetched and started once this settles (main.tsx:
   * after the first paint), so the shell and the repositories held here
   * show first; by default at once
   */
  networkAfter?: Promise<unknown>
}

const parts = new WeakMap<GutsApp, AppParts>()
export function partsOf (app: GutsApp): AppParts | undefined { return parts.get(app) }

export async function createApp (origin: string, opts: CreateAppOpts = {}): Promise<GutsApp> {
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
  // takes a key of its own); claimed now, as a reload may wait a moment for
  // the page it replaces to let go, while the shell paints
  const networkKey = claimNetworkIdentity(db, privateKey).then(claim => claim.key)
  networkKey.catch(() => {}) // the stack's start reports it
  const network = deferredNetwork(async () => (await import('./network-stack.js')).startNetworkStack({
    db, networkKey, settings, origin, repos, onChange: () => repositories.fetched()
  }))
  const repositories = createRepositories({
    repos,
    sync: network.sync,
    network: network.part,
    author,
    cobCache: new IdbCobCache(db),
    saveAuthor: async (a) => {
      author = a
      await saveSetting(db, 'authorName', a.name)
      await saveSetting(db, 'authorEmail', a.email)
    }
  })
  // the failure is in the snapshot (offline, with the reason)
  void Promise.resolve(opts.networkAfter).catch(() => {}).then(network.start).catch(() => {})
  const persisted = await navigator.storage?.persist?.().catch(() => false) ?? false
  const app: GutsApp = { network: network.handle, repos: repositories, persisted }
  parts.set(app, { repos, stack: network.current, networkReady: async () => network.started })
  return app
}
