// The repository index in IndexedDB. Same contract as MemoryRepoIndex.
import type { GutsDb } from './db.js'
import type { RepoIndex, RepoRecord } from '../repo/repo-index.js'

export class IdbRepoIndex implements RepoIndex {
  constructor (private readonly db: GutsDb) {}
  async list (): Promise<RepoRecord[]> { return this.db.getAll('repos') }
  async get (rid: string): Promise<RepoRecord | undefined> { return this.db.get('repos', rid) }
  async put (record: RepoRecord): Promise<void> { await this.db.put('repos', record) }
  async delete (rid: string): Promise<void> { await this.db.delete('repos', rid) }
}
