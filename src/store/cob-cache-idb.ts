// The tab's cache of evaluated collaborative objects (repo/cob-cache.ts) in
// IndexedDB. Only a cache: everything in it can be computed again from the
// changes in git, so a failed write is ignored rather than failing a view.
import type { CachedList, CachedObject, CobCache } from '../repo/cob-cache.js'
import type { GutsDb } from './db.js'

export class IdbCobCache implements CobCache {
  constructor (private readonly db: GutsDb) {}
  async object (key: string): Promise<CachedObject | undefined> { return await this.db.get('cobs', `o:${key}`) as CachedObject | undefined }
  async putObject (key: string, value: CachedObject): Promise<void> { await this.db.put('cobs', value, `o:${key}`).catch(() => {}) }
  async list (key: string): Promise<CachedList | undefined> { return await this.db.get('cobs', `l:${key}`) as CachedList | undefined }
  async putList (key: string, value: CachedList): Promise<void> { await this.db.put('cobs', value, `l:${key}`).catch(() => {}) }
}
