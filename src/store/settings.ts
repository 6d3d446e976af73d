// Settings the person chooses, and a few things remembered between starts.
import type { GutsDb } from './db.js'
import type { WellKnown } from '../net/well-known.js'

export interface Settings {
  /** relay multiaddrs added by the person, dialled at every start */
  relays: string[]
  /** the relay that last served the app, for starts without it */
  servingRelay?: WellKnown
  /** who commits made in this tab are by */
  authorName: string
  authorEmail: string
}

const DEFAULTS: Settings = { relays: [], authorName: '', authorEmail: '' }

export async function loadSettings (db: GutsDb): Promise<Settings> {
  const out: Settings = { ...DEFAULTS }
  for (const key of Object.keys(DEFAULTS).concat('servingRelay') as Array<keyof Settings>) {
    const v = await db.get('settings', key)
    if (v !== undefined) (out as any)[key] = v
  }
  return out
}

export async function saveSetting<K extends keyof Settings> (db: GutsDb, key: K, value: Settings[K]): Promise<void> {
  await db.put('settings', value, key)
}
