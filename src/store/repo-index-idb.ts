// The repository index in IndexedDB, under the contract in repo-index.ts
// (checked by test/contracts/: in Node on fake-indexeddb, and in Chromium).
// The database's schema version is DB_VERSION in db.ts.
import { isRid } from '../core/genesis.js'
import { CallOrder, checkRecord, copyRecord } from '../repo/repo-index.js'
import type { GutsDb } from './db.js'
import type { RepoIndex, RepoRecord } from '../repo/repo-index.js'

export class IdbRepoIndex implements RepoIndex {
  // IndexedDB keeps call order by itself, but put checks the record first
  // (hashing and a signature check, off IndexedDB's queue): without this a
  // delete called after a put could run before it
  private readonly order = new CallOrder()

  constructor (private readonly db: GutsDb) {}

  async list (): Promise<RepoRecord[]> {
    await this.order.allSettled()
    // getAll returns records in key order: ascending rid
    return (await this.db.getAll('repos')).map(ownGenesis)
  }

  async get (rid: string): Promise<RepoRecord | undefined> {
    // (any string is a key, but other values make IndexedDB throw)
    if (!isRid(rid)) return undefined
    await this.order.settled(rid)
    const r = await this.db.get('repos', rid)
    return r == null ? undefined : ownGenesis(r)
  }

  async put (record: RepoRecord): Promise<void> {
    const copy = copyRecord(record)
    await this.order.change(copy.rid, async () => {
      await checkRecord(copy)
      await this.db.put('repos', copy)
    })
  }

  async delete (rid: string): Promise<void> {
    if (!isRid(rid)) return
    await this.order.change(rid, async () => { await this.db.delete('repos', rid) })
  }
}

/**
 * Records stored before put() copied the genesis may hold it as a view into
 * the whole message it arrived in (kept in full by the structured clone):
 * hand out its bytes alone.
 */
function ownGenesis (r: RepoRecord): RepoRecord {
  const g = r.genesis
  if (g.byteOffset !== 0 || g.buffer.byteLength !== g.byteLength) r.genesis = g.slice()
  return r
}
