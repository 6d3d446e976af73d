// Repositories this relay wants but does not hold completely: one it took
// out of service because its files were damaged, one whose index record it
// could not read, one it heard announced. The seeder fetches them again from
// peers, with backoff. Kept in one JSON file, <data>/pending.json, written to
// a temporary file, flushed and renamed (as file-repo-index.ts does), so a
// crash leaves the old list or the new one. Every change re-reads the file
// first: `relay import` on the same data directory may have added to it.
// Its format is part of the data directory's schema version, <data>/SCHEMA
// (file-repo-index.ts checks it before the relay reads anything): a change to
// what this file holds bumps that version.
import { open, rename, rm } from 'node:fs/promises'
import { isRid, MAX_GENESIS_BYTES } from '../../src/core/genesis.js'

export interface PendingFetch {
  rid: string
  /** base64 genesis bytes, when known (a fetch needs only the rid; this lets the seeder check what it gets) */
  genesis?: string
  /** never accept refs older than what we held: a fetch must bring refs with seq >= minSeq */
  minSeq?: number
  reason: PendingReason
  /** ms, when it was first added */
  since: number
  attempts: number
  /** ms, of the last attempt */
  lastAttempt?: number
}

export type PendingReason = 'damaged' | 'unreadable-index' | 'announced'
const REASONS: PendingReason[] = ['damaged', 'unreadable-index', 'announced']

export const MAX_PENDING = 10_000
/** each entry is at most ~11 KiB (its genesis): refuse to read a file far past what the cap allows */
const MAX_FILE_BYTES = 128 * 1024 * 1024
const MAX_GENESIS_BASE64 = Math.ceil(MAX_GENESIS_BYTES / 3) * 4

export interface PendingFetchesInit {
  /** entries kept at most; the oldest go first (default 10,000) */
  max?: number
  now?: () => number
  /** told when the file could not be read; it is moved aside and the list starts empty */
  onCorrupt?: (file: string, err: Error) => void
}

/** changes to one file, one at a time, across every instance in this process */
const queues = new Map<string, Promise<unknown>>()

export class PendingFetches {
  private readonly max: number
  private readonly now: () => number

  constructor (readonly file: string, private readonly init: PendingFetchesInit = {}) {
    this.max = init.max ?? MAX_PENDING
    this.now = init.now ?? Date.now
  }

  /** The list as stored (empty when there is none). */
  async load (): Promise<PendingFetch[]> {
    return this.serial(async () => this.read())
  }

  async list (): Promise<PendingFetch[]> { return this.load() }

  async get (rid: string): Promise<PendingFetch | undefined> {
    return (await this.load()).find(p => p.rid === rid)
  }

  /** Adds a repository, or merges into its entry: the highest minSeq, a genesis once known, the first `since`. */
  async add (entry: Pick<PendingFetch, 'rid' | 'reason'> & Partial<PendingFetch>): Promise<void> {
    if (!isRid(entry.rid)) throw new Error(`not a repository id: ${entry.rid}`)
    await this.change((list) => {
      const old = list.find(p => p.rid === entry.rid)
      const minSeq = [old?.minSeq, entry.minSeq].filter((s): s is number => s != null)
      const merged: PendingFetch = {
        rid: entry.rid,
        reason: old != null && entry.reason === 'announced' ? old.reason : entry.reason,
        since: old?.since ?? entry.since ?? this.now(),
        attempts: old?.attempts ?? entry.attempts ?? 0
      }
      const genesis = entry.genesis ?? old?.genesis
      if (genesis != null) merged.genesis = genesis
      if (minSeq.length > 0) merged.minSeq = Math.max(...minSeq)
      const lastAttempt = old?.lastAttempt ?? entry.lastAttempt
      if (lastAttempt != null) merged.lastAttempt = lastAttempt
      const rest = list.filter(p => p.rid !== entry.rid)
      rest.push(merged)
      // bounded: the oldest wishes go first
      rest.sort((a, b) => a.since - b.since)
      return rest.slice(Math.max(0, rest.length - this.max))
    })
  }

  async remove (rid: string): Promise<void> {
    await this.change(list => list.filter(p => p.rid !== rid))
  }

  /** Counts one more attempt, now. */
  async recordAttempt (rid: string): Promise<void> {
    await this.change(list => list.map(p => p.rid === rid ? { ...p, attempts: p.attempts + 1, lastAttempt: this.now() } : p))
  }

  // ---- internals

  private async change (fn: (list: PendingFetch[]) => PendingFetch[]): Promise<void> {
    await this.serial(async () => {
      const before = await this.read()
      const after = fn(before)
      if (JSON.stringify(after) !== JSON.stringify(before)) await this.write(after)
    })
  }

  private async serial<T> (fn: () => Promise<T>): Promise<T> {
    const prev = queues.get(this.file) ?? Promise.resolve()
    const next = prev.catch(() => {}).then(fn)
    queues.set(this.file, next)
    try { return await next } finally {
      if (queues.get(this.file) === next) queues.delete(this.file)
    }
  }

  private async read (): Promise<PendingFetch[]> {
    let text: string
    try {
      const fh = await open(this.file, 'r')
      try {
        const { size } = await fh.stat()
        if (size > MAX_FILE_BYTES) throw Object.assign(new Error(`it is ${size} bytes, more than ${MAX_FILE_BYTES}`), { corrupt: true })
        text = await fh.readFile('utf8')
      } finally {
        await fh.close()
      }
    } catch (err: any) {
      if (err.code === 'ENOENT') return []
      if (err.corrupt !== true) throw err
      await this.setAside(err)
      return []
    }
    let value: unknown
    try {
      value = JSON.parse(text)
      if (!Array.isArray(value)) throw new Error('it is not a list')
    } catch (err: any) {
      await this.setAside(err)
      return []
    }
    // entries that are not well formed are dropped, the rest kept
    return value.filter(validEntry).slice(-this.max)
  }

  /** An unreadable list is moved aside, not deleted, and the list starts again empty. */
  private async setAside (err: Error): Promise<void> {
    const aside = `${this.file}.corrupt-${this.now()}`
    await rename(this.file, aside).catch(() => {})
    this.init.onCorrupt?.(this.file, new Error(`${err.message}; moved to ${aside}`))
  }

  private async write (list: PendingFetch[]): Promise<void> {
    const tmp = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
    const fh = await open(tmp, 'w')
    try {
      await fh.writeFile(JSON.stringify(list, null, 1))
      await fh.sync()
    } catch (err) {
      await fh.close().catch(() => {})
      await rm(tmp, { force: true })
      throw err
    }
    await fh.close()
    await rename(tmp, this.file)
  }
}

function validEntry (v: unknown): v is PendingFetch {
  if (v == null || typeof v !== 'object' || Array.isArray(v)) return false
  const p = v as Record<string, unknown>
  const count = (n: unknown): boolean => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0
  return typeof p.rid === 'string' && isRid(p.rid) &&
    REASONS.includes(p.reason as PendingReason) &&
    count(p.since) && count(p.attempts) &&
    (p.lastAttempt === undefined || count(p.lastAttempt)) &&
    (p.minSeq === undefined || count(p.minSeq)) &&
    (p.genesis === undefined || (typeof p.genesis === 'string' && p.genesis.length <= MAX_GENESIS_BASE64))
}
