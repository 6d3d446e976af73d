// The network and sync, started together: libp2p and everything riding on
// it (the DHT, gossip, WebRTC, Noise, yamux, the sync protocols). app.ts
// imports this file lazily, after the first paint, so a visit shows the
// shell and the repositories held in IndexedDB without waiting for the
// network's code (about 60% of what starting would otherwise load).
import { networkHandle, startNetwork } from './network.js'
import { Sync } from '../sync/service.js'
import { workerPackSink } from '../repo/pack/worker-indexer.js'
import type { Network } from './network.js'
import type { NetworkHandle } from './network-handle.js'
import type { Repos } from '../repo/repos.js'
import type { GutsDb } from '../store/db.js'
import type { Settings } from '../store/settings.js'
import type { PrivateKey } from '@libp2p/interface'

export interface NetworkStack {
  network: Network
  /** the UI's view of `network` */
  handle: NetworkHandle
  sync: Sync
}

export interface NetworkStackInit {
  db: GutsDb
  /** the tab's key on the network (claimNetworkIdentity, store/identity.ts); the profile's key signs */
  networkKey: Promise<PrivateKey>
  settings: Settings
  origin: string
  repos: Repos
  /** sync changed the store */
  onChange: () => void
}

export async function startNetworkStack (init: NetworkStackInit): Promise<NetworkStack> {
  const network = await startNetwork(init.db, await init.networkKey, init.settings, init.origin)
  const sync = new Sync({
    node: network.node,
    repos: init.repos,
    // repository data goes over a direct WebRTC connection, dialled through a relay
    connect: async (peer, signal) => (await network.connect(peer.toString(), { signal })).connection,
    // packs are hashed and checked in a worker while they arrive
    packSink: workerPackSink,
    onChange: init.onChange,
    // relays hear of our repositories directly, and say whether they seed them
    announceToRelays: true,
    // the tab may dial a provider as a relay only at a direct WebSocket address
    onProviders: (found) => { for (const p of found) network.trustProvider(p.id.toString(), p.multiaddrs.map(String)) },
    log: (msg, fields) => console.debug(`[sync] ${msg}`, fields ?? '')
  })
  await sync.start()
  return { network, handle: networkHandle(network), sync }
}
