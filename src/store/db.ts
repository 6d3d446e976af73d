// The tab's IndexedDB database (through idb): identity, settings, peer book,
// and the repository index (genesis and signed refs of every repository).
// Git objects live elsewhere (lightning-fs). Bump DB_VERSION and add a step
// in upgrade() for every schema change; never edit a past step. Version 1:
// identity, settings, peers; 2: repos (keyed by rid); 3: cobs (evaluated
// collaborative objects, repo/cob-cache.ts: a cache, rebuilt from git if lost). IndexedDB itself keeps
// the version: an older database is upgraded step by step when it is opened,
// and a newer one (a newer Guts ran here) cannot be opened by this code at
// all, which openGutsDb reports as NewerDatabaseError.
import { openDB } from 'idb'
import type { DBSchema, IDBPDatabase } from 'idb'
import type { PeerBookEntry } from '../net/peer-book.js'
import type { RepoRecord } from '../repo/repo-index.js'

export const DB_NAME = 'guts'
export const DB_VERSION = 3

export interface GutsSchema extends DBSchema {
  identity: { key: string, value: { privateKey: Uint8Array, created: number } }
  settings: { key: string, value: unknown }
  peers: { key: string, value: PeerBookEntry }
  repos: { key: string, value: RepoRecord }
  cobs: { key: string, value: unknown }
}

export type GutsDb = IDBPDatabase<GutsSchema>

/** The database was upgraded by a newer version of Guts: this one cannot read it (IndexedDB refuses to open it at an older version). */
export class NewerDatabaseError extends Error {
  static name = 'NewerDatabaseError'
  name = 'NewerDatabaseError'
}

export async function openGutsDb (name = DB_NAME): Promise<GutsDb> {
  try {
    return await open(name)
  } catch (err: any) {
    if (err?.name !== 'VersionError') throw err
    throw new NewerDatabaseError(`this browser's Guts data was written by a newer version of Guts (this one reads schema version ${DB_VERSION} at most): reload to get the newer version`)
  }
}

async function open (name: string): Promise<GutsDb> {
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
      if (oldVersion < 3) {
        db.createObjectStore('cobs')
      }
    },
    blocking () {
      // a newer version of the app opened in another tab: let it upgrade
      location.reload()
    }
  })
}
