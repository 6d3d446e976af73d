// Where evaluated collaborative objects are kept between views, so a list of
// a thousand issues opens without reading or checking a single change again:
// per object, its decoded changes and evaluation as of a set of tips; per
// repository and type, each object's summary as of its tips. The tab keeps
// them in IndexedDB (store/cob-cache-idb.ts); Node and tests in memory.
import type { LoadedChange } from '../core/cob/change.js'
import type { Evaluation } from '../core/cob/evaluate.js'

export interface CachedObject<S = unknown> {
  /** the object's tips across namespaces, sorted and joined: what this evaluation is of */
  tips: string
  changes: LoadedChange[]
  evaluation: Evaluation<S>
}

export interface CachedListEntry<M = unknown> { tips: string, summary?: M, pending?: boolean }
export interface CachedList<M = unknown> { entries: Record<string, CachedListEntry<M>> }

export interface CobCache {
  object: (key: string) => Promise<CachedObject | undefined>
  putObject: (key: string, value: CachedObject) => Promise<void>
  list: (key: string) => Promise<CachedList | undefined>
  putList: (key: string, value: CachedList) => Promise<void>
}

/** Copies in and out, as IndexedDB does, so a caller never changes what is kept. */
export class MemoryCobCache implements CobCache {
  private readonly objects = new Map<string, CachedObject>()
  private readonly lists = new Map<string, CachedList>()
  async object (key: string): Promise<CachedObject | undefined> { const v = this.objects.get(key); return v == null ? undefined : structuredClone(v) }
  async putObject (key: string, value: CachedObject): Promise<void> { this.objects.set(key, structuredClone(value)) }
  async list (key: string): Promise<CachedList | undefined> { const v = this.lists.get(key); return v == null ? undefined : structuredClone(v) }
  async putList (key: string, value: CachedList): Promise<void> { this.lists.set(key, structuredClone(value)) }
}
