// The repository index: for every repository the tab holds, its genesis and
// its latest verified signed refs. This, not the git refs on disk, is what
// the app shows: it moves in one step, after the objects are complete.
import type { SignedRefs } from '../core/signed-refs.js'

export interface RepoRecord {
  rid: string
  /** the canonical genesis bytes, kept verbatim so anyone can re-verify the RID */
  genesis: Uint8Array
  name: string
  description: string
  defaultBranch: string
  signedRefs: SignedRefs
  /** ms, when the refs last moved here */
  updated: number
}

export interface RepoIndex {
  list: () => Promise<RepoRecord[]>
  get: (rid: string) => Promise<RepoRecord | undefined>
  put: (record: RepoRecord) => Promise<void>
  delete: (rid: string) => Promise<void>
}

/** For tests and for Node: the same contract, in memory. */
export class MemoryRepoIndex implements RepoIndex {
  private readonly records = new Map<string, RepoRecord>()
  async list (): Promise<RepoRecord[]> { return [...this.records.values()].map(r => structuredClone(r)) }
  async get (rid: string): Promise<RepoRecord | undefined> {
    const r = this.records.get(rid)
    return r == null ? undefined : structuredClone(r)
  }

  async put (record: RepoRecord): Promise<void> { this.records.set(record.rid, structuredClone(record)) }
  async delete (rid: string): Promise<void> { this.records.delete(rid) }
}
