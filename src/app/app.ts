// The app handle: the one object the UI talks to. It wires storage and the
// network; the UI reads snapshots and calls commands, nothing else.
import { openGutsDb } from '../store/db.js'
import { loadOrCreateIdentity } from '../store/identity.js'
import { loadSettings } from '../store/settings.js'
import { startNetwork } from './network.js'
import type { Network } from './network.js'

export interface GutsApp {
  network: Network
  /** asks the browser not to evict our data under storage pressure */
  persisted: boolean
}

export async function createApp (origin: string): Promise<GutsApp> {
  const db = await openGutsDb()
  const [privateKey, settings] = await Promise.all([loadOrCreateIdentity(db), loadSettings(db)])
  const network = await startNetwork(db, privateKey, settings, origin)
  const persisted = await navigator.storage?.persist?.().catch(() => false) ?? false
  return { network, persisted }
}
