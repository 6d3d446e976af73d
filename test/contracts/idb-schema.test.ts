// The tab's IndexedDB schema version (DB_VERSION in src/store/db.ts), on
// fake-indexeddb: a new database gets every store, an older one is upgraded
// keeping its data, and a newer one (a newer Guts ran in this browser) is
// refused with one line, untouched.
import 'fake-indexeddb/auto'
import { openDB } from 'idb'
import { describe, expect, it } from 'vitest'
import { DB_VERSION, openGutsDb } from '../../src/store/db.js'
import { IdbRepoIndex } from '../../src/store/repo-index-idb.js'
import { IdbCobCache } from '../../src/store/cob-cache-idb.js'
import { makeRecord } from './repo-index-checks.js'

let n = 0
const fresh = (): string => `guts-schema-${++n}`

describe('the IndexedDB schema version', () => {
  it('is 3: a new database gets identity, settings, peers, repos (keyed by rid) and cobs (evaluated issues)', async () => {
    expect(DB_VERSION).toBe(3)
    const db = await openGutsDb(fresh())
    expect(db.version).toBe(3)
    expect([...db.objectStoreNames].sort()).toEqual(['cobs', 'identity', 'peers', 'repos', 'settings'])
    expect(db.transaction('repos').store.keyPath).toBe('rid')
    expect(db.transaction('peers').store.keyPath).toBe('id')
    db.close()
  })

  it('upgrades a version 1 database, keeping its identity, settings and peers', async () => {
    const name = fresh()
    const v1 = await openDB(name, 1, {
      upgrade (db) {
        db.createObjectStore('identity')
        db.createObjectStore('settings')
        db.createObjectStore('peers', { keyPath: 'id' })
      }
    })
    const privateKey = new Uint8Array([1, 2, 3])
    await v1.put('identity', { privateKey, created: 5 }, 'self')
    await v1.put('settings', ['/dns4/relay.example/tcp/443/wss'], 'relays')
    await v1.put('peers', { id: 'peer-a', addrs: [] })
    v1.close()

    const db = await openGutsDb(name)
    expect(db.version).toBe(3)
    expect(await db.get('identity', 'self')).toEqual({ privateKey, created: 5 })
    expect(await db.get('settings', 'relays')).toEqual(['/dns4/relay.example/tcp/443/wss'])
    expect(await db.get('peers', 'peer-a')).toEqual({ id: 'peer-a', addrs: [] })
    const index = new IdbRepoIndex(db)
    const r = await makeRecord()
    await index.put(r)
    expect((await index.get(r.rid))?.rid).toBe(r.rid)
    db.close()
  })

  it('upgrades a version 2 database, keeping its repositories, and adds the cobs cache', async () => {
    const name = fresh()
    const v2 = await openDB(name, 2, {
      upgrade (db) {
        db.createObjectStore('identity')
        db.createObjectStore('settings')
        db.createObjectStore('peers', { keyPath: 'id' })
        db.createObjectStore('repos', { keyPath: 'rid' })
      }
    })
    const r = await makeRecord()
    await v2.put('repos', r)
    v2.close()
    const db = await openGutsDb(name)
    expect(db.version).toBe(3)
    expect((await new IdbRepoIndex(db).get(r.rid))?.rid).toBe(r.rid)
    const cache = new IdbCobCache(db)
    await cache.putList('x/guts.issue', { entries: { a: { tips: '0|t' } } })
    expect(await cache.list('x/guts.issue')).toEqual({ entries: { a: { tips: '0|t' } } })
    expect(await cache.object('x/guts.issue/a')).toBeUndefined()
    db.close()
  })

  it('refuses a database of a newer version with one line, and leaves it as it is', async () => {
    const name = fresh()
    const newer = await openDB(name, DB_VERSION + 1, { upgrade (db) { db.createObjectStore('identity').put({ created: 1 }, 'self'); db.createObjectStore('future') } })
    newer.close()
    const err = await openGutsDb(name).catch((e: Error) => e)
    expect(err).toMatchObject({ name: 'NewerDatabaseError' })
    expect((err as Error).message).toBe('this browser\'s Guts data was written by a newer version of Guts (this one reads schema version 3 at most): reload to get the newer version')
    // (StartFailure shows name and message; it must not read as "IndexedDB is unavailable")
    expect((err as Error).message).not.toMatch(/indexeddb/i)
    const again = await openDB(name)
    expect(again.version).toBe(DB_VERSION + 1)
    expect([...again.objectStoreNames].sort()).toEqual(['future', 'identity'])
    expect(await again.get('identity', 'self')).toEqual({ created: 1 })
    again.close()
  })
})
