// The tab's IndexedDB database (through idb): identity, settings, peer book,
// and the repository index (genesis and signed refs of every repository).
// Git objects live elsewhere (lightning-fs). Bump DB_VERSION and add a step
// in upgrade() for every schema change; never edit a past step.
import { openDB } from 'idb'
import type { DBSchema, IDBPDatabase } from 'idb'
import type { PeerBookEntry } from '../net/peer-book.js'
import type { RepoRecord } from '../repo/repo-index.js'

export const DB_NAME = 'guts'
export const DB_VERSION = 2

export interface GutsSchema extends DBSchema {
  identity: { key: string, value: { privateKey: Uint8Array, created: number } }
  settings: { key: string, value: unknown }
  peers: { key: string, value: PeerBookEntry }
  repos: { key: string, value: RepoRecord }
}

export type GutsDb = IDBPDatabase<GutsSchema>

export async function openGutsDb (name = DB_NAME): Promise<GutsDb> {
  return openDB<GutsSchema>(name, DB_VERSION, {
    upgrade (db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('identity')
        db.createObjectStore('settings')
        db.createObjectStore('peers', { keyPath: 'id' })
      }
      if (oldVersion < 2) {
        db.createObjectStore('repos', { keyPath: 'rid' })
      }
    },
    blocking () {
      // a newer version of the app opened in another tab: let it upgrade
      location.reload()
    }
  })
}
