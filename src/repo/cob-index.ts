// A repository's collaborative objects of one type, evaluated on demand and
// kept (cob-cache.ts): an object is read and evaluated again only when its
// tips (or the identity) moved, and then only its new changes are read; when
// they all come after what was applied, they are applied on top of the kept
// state (core/cob/evaluate.ts). The list keeps each object's summary by its
// tips, so a list whose objects did not move reads one cache entry.
import { evaluate, extendEvaluation } from '../core/cob/evaluate.js'
import { decodeGenesis } from '../core/genesis.js'
import { namespacesOf } from './repo-index.js'
import { loadNewChanges } from './cob-read.js'
import type { LoadedChange } from '../core/cob/change.js'
import type { Evaluation, IdentityVersions, Reducer } from '../core/cob/evaluate.js'
import type { CachedList, CachedObject, CobCache } from './cob-cache.js'
import type { ObjectReader } from './cob-read.js'
import type { RepoRecord } from './repo-index.js'

const OID = /^[0-9a-f]{40}$/

/** Every object of `type` the record's writers have, with its tips across namespaces (sorted). */
export function objectTips (record: RepoRecord, type: string): Map<string, string[]> {
  const prefix = `refs/cobs/${type}/`
  const out = new Map<string, Set<string>>()
  for (const n of namespacesOf(record)) {
    for (const [ref, oid] of Object.entries(n.refs)) {
      if (!ref.startsWith(prefix)) continue
      const id = ref.slice(prefix.length)
      if (!OID.test(id)) continue
      let tips = out.get(id)
      if (tips == null) out.set(id, tips = new Set())
      tips.add(oid)
    }
  }
  return new Map([...out].map(([id, tips]) => [id, [...tips].sort()]))
}

/** Who the delegates were at each identity version the record holds. */
export function identityVersions (record: RepoRecord): IdentityVersions {
  return { delegates: [decodeGenesis(record.genesis).delegates, ...(record.identity ?? []).map(r => r.delegates)] }
}

export interface ObjectResult<S> { evaluation: Evaluation<S>, changes: LoadedChange[] }

export interface ListEntry<M> { id: string, summary: M }

export class CobObjects<S, M> {
  constructor (private readonly opts: { type: string, reducer: Reducer<S>, summarize: (s: S) => M, cache: CobCache }) {}

  get type (): string { return this.opts.type }

  private key (record: RepoRecord, id?: string): string { return `${record.rid}/${this.opts.type}${id != null ? '/' + id : ''}` }

  /** what an evaluation is of: the tips, and the identity versions they are judged by */
  private tipsKey (record: RepoRecord, tips: readonly string[]): string { return `${record.identity?.length ?? 0}|${tips.join(',')}` }

  /** Object `id` as its writers' tips have it now; undefined when no writer has it. */
  async object (record: RepoRecord, read: ObjectReader, id: string): Promise<ObjectResult<S> | undefined> {
    const tips = objectTips(record, this.opts.type).get(id)
    if (tips == null) return undefined
    return await this.evaluateAt(record, read, id, tips)
  }

  private async evaluateAt (record: RepoRecord, read: ObjectReader, id: string, tips: string[]): Promise<ObjectResult<S>> {
    const { reducer, cache } = this.opts
    const key = this.tipsKey(record, tips)
    const cached = await cache.object(this.key(record, id)) as CachedObject<S> | undefined
    if (cached?.tips === key) return cached
    const known = new Set((cached?.changes ?? []).map(l => l.ok ? l.change.id : l.bad.id))
    const { fresh } = await loadNewChanges(read, this.opts.type, tips, known)
    const ids = identityVersions(record)
    const changes = [...(cached?.changes ?? []), ...fresh]
    // the cache hands out copies, so extending its state in place is safe
    const evaluation = (cached != null ? extendEvaluation(cached.evaluation, fresh, reducer, ids) : undefined) ?? evaluate(id, changes, reducer, ids)
    const result: CachedObject<S> = { tips: key, changes, evaluation }
    await cache.putObject(this.key(record, id), result)
    return result
  }

  /**
   * Every object's summary (objects whose first change is invalid left out;
   * those whose changes are still arriving counted as pending).
   */
  async list (record: RepoRecord, read: ObjectReader, opts: { signal?: AbortSignal } = {}): Promise<{ entries: Array<ListEntry<M>>, pending: number }> {
    const all = objectTips(record, this.opts.type)
    const listKey = this.key(record)
    const kept = (await this.opts.cache.list(listKey) as CachedList<M> | undefined) ?? { entries: {} }
    const next: CachedList<M> = { entries: {} }
    let changed = Object.keys(kept.entries).length !== all.size
    let lastYield = Date.now()
    for (const [id, tips] of all) {
      const key = this.tipsKey(record, tips)
      let e = kept.entries[id]
      if (e?.tips !== key) {
        opts.signal?.throwIfAborted()
        const { evaluation } = await this.evaluateAt(record, read, id, tips)
        e = evaluation.state != null ? { tips: key, summary: this.opts.summarize(evaluation.state) } : { tips: key, ...(evaluation.rootError == null ? { pending: true } : {}) }
        changed = true
        // a cold list of a thousand objects takes a while: let the page breathe
        if (Date.now() - lastYield > 30) { await new Promise(resolve => setTimeout(resolve, 0)); lastYield = Date.now() }
      }
      next.entries[id] = e
    }
    if (changed) await this.opts.cache.putList(listKey, next)
    const entries: Array<ListEntry<M>> = []
    let pending = 0
    for (const [id, e] of Object.entries(next.entries)) {
      if (e.summary != null) entries.push({ id, summary: e.summary })
      else if (e.pending === true) pending++
    }
    return { entries, pending }
  }
}
