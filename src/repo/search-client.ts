// Runs content searches (search-tree.ts) in a Web Worker (search-worker.ts)
// so the tab stays responsive, serving the worker the repository's files
// from this thread's fs; in this thread where there are no workers (Node).
// A search that sends nothing for WATCHDOG_MS while it is not waiting on a
// file is stuck (a regular expression that backtracks without end cannot
// be interrupted): the worker is ended and the search fails, by name.
import { compileQuery } from '../core/search.js'
import { looseIds, packNames, withObjectStore } from './object-files.js'
import { searchTree } from './search-tree.js'
import { yieldToEventLoop } from './pack/yield.js'
import type { SearchQuery } from '../core/search.js'
import type { GitFs } from './fs.js'
import type { SearchProgress, SearchSummary } from './search-tree.js'

export type ToSearchWorker =
  | { t: 'search', id: number, gitdir: string, packs: string[], loose: string[], tree: string, query: SearchQuery }
  | { t: 'cancel', id: number }
  | { t: 'file', req: number, bytes?: Uint8Array, error?: string, code?: string }

export type FromSearchWorker =
  | { t: 'read', req: number, path: string }
  | ({ t: 'progress', id: number } & SearchProgress)
  | { t: 'done', id: number, summary: SearchSummary }
  | { t: 'error', id: number, name: string, message: string, code?: string }

export interface TreeSearchOptions { signal?: AbortSignal, onProgress?: (p: SearchProgress) => void }

/** silence, while not reading a file for it, after which the worker is taken as stuck */
export const WATCHDOG_MS = 5000
/** a worker idle this long is ended: it holds the repository's packs */
const IDLE_MS = 120_000

export class SearchTimeoutError extends Error { static name = 'SearchTimeoutError'; name = 'SearchTimeoutError' }
export class SearchAbortedError extends Error { static name = 'AbortError'; name = 'AbortError' }

interface Running { resolve: (s: SearchSummary) => void, reject: (e: Error) => void, onProgress?: (p: SearchProgress) => void }

export class TreeSearcher {
  private worker: Worker | undefined
  private seq = 0
  private readonly running = new Map<number, Running>()
  private serving = 0
  private lastHeard = 0
  private watchdog: ReturnType<typeof setInterval> | undefined
  private idle: ReturnType<typeof setTimeout> | undefined
  /** the repository of the newest search: the only one whose files the worker is served */
  private gitdir = ''

  constructor (private readonly fs: GitFs) {}

  /** The lines of the files of `tree` that match; SearchQueryError for a bad query. */
  async search (gitdir: string, tree: string, query: SearchQuery, opts: TreeSearchOptions = {}): Promise<SearchSummary> {
    compileQuery(query) // a bad query fails here, before any work
    if (typeof Worker === 'undefined') {
      return await withObjectStore(this.fs, gitdir, async (store) => {
        try {
          return await searchTree(store, tree, query, { signal: opts.signal, onProgress: opts.onProgress, pause: yieldToEventLoop })
        } finally { store.release() }
      })
    }
    try {
      return await this.inWorker(gitdir, tree, query, opts)
    } catch (err: any) {
      // packs consolidated between the listing and the read: once more, on a fresh listing
      if (err?.code !== 'ENOENT') throw err
      return await this.inWorker(gitdir, tree, query, opts)
    }
  }

  private async inWorker (gitdir: string, tree: string, query: SearchQuery, opts: TreeSearchOptions): Promise<SearchSummary> {
    opts.signal?.throwIfAborted()
    const [packs, loose] = await Promise.all([packNames(this.fs, gitdir), looseIds(this.fs, gitdir)])
    opts.signal?.throwIfAborted()
    const worker = this.ensureWorker()
    this.gitdir = gitdir
    const id = ++this.seq
    return await new Promise<SearchSummary>((resolve, reject) => {
      const onAbort = (): void => {
        worker.postMessage({ t: 'cancel', id } satisfies ToSearchWorker)
        this.settle(id)?.reject(new SearchAbortedError('the search was cancelled'))
      }
      opts.signal?.addEventListener('abort', onAbort, { once: true })
      const done = (): void => { opts.signal?.removeEventListener('abort', onAbort) }
      this.running.set(id, {
        resolve: (s) => { done(); resolve(s) },
        reject: (e) => { done(); reject(e) },
        onProgress: opts.onProgress
      })
      this.lastHeard = performance.now()
      worker.postMessage({ t: 'search', id, gitdir, packs, loose, tree, query } satisfies ToSearchWorker)
    })
  }

  private settle (id: number): Running | undefined {
    const r = this.running.get(id)
    this.running.delete(id)
    if (this.running.size === 0) this.goIdle()
    return r
  }

  private ensureWorker (): Worker {
    clearTimeout(this.idle)
    if (this.worker != null) return this.worker
    const worker = new Worker(new URL('./search-worker.ts', import.meta.url), { type: 'module', name: 'guts-search' })
    worker.onmessage = (evt: MessageEvent<FromSearchWorker>) => { this.lastHeard = performance.now(); void this.onMessage(worker, evt.data) }
    worker.onerror = (evt) => { evt.preventDefault(); this.fail(new Error(`the search worker failed: ${evt.message}`)) }
    this.worker = worker
    this.watchdog = setInterval(() => {
      if (this.running.size > 0 && this.serving === 0 && performance.now() - this.lastHeard > WATCHDOG_MS) {
        this.fail(new SearchTimeoutError(`the search stopped: one file took over ${WATCHDOG_MS / 1000} s (a regular expression that backtracks without end?)`))
      }
    }, 500)
    return worker
  }

  private async onMessage (worker: Worker, msg: FromSearchWorker): Promise<void> {
    if (msg.t === 'read') {
      // only the repository's objects, whatever the worker asks
      if (!msg.path.startsWith(`${this.gitdir}/objects/`) || msg.path.includes('..')) {
        worker.postMessage({ t: 'file', req: msg.req, error: 'not an object file' } satisfies ToSearchWorker)
        return
      }
      this.serving++
      try {
        const data = await this.fs.promises.readFile(msg.path) as Uint8Array | ArrayBuffer
        worker.postMessage({ t: 'file', req: msg.req, bytes: data instanceof Uint8Array ? data : new Uint8Array(data) } satisfies ToSearchWorker)
      } catch (err: any) {
        worker.postMessage({ t: 'file', req: msg.req, error: err?.message ?? String(err), code: err?.code } satisfies ToSearchWorker)
      } finally {
        this.serving--
        this.lastHeard = performance.now()
      }
    } else if (msg.t === 'progress') {
      this.running.get(msg.id)?.onProgress?.(msg)
    } else if (msg.t === 'done') {
      this.settle(msg.id)?.resolve(msg.summary)
    } else if (msg.t === 'error') {
      const err = Object.assign(new Error(msg.message), { code: msg.code })
      err.name = msg.name
      this.settle(msg.id)?.reject(err)
    }
  }

  /** Ends the worker, failing every search it was running. */
  private fail (err: Error): void {
    this.stop()
    for (const r of this.running.values()) r.reject(err)
    this.running.clear()
  }

  private stop (): void {
    clearInterval(this.watchdog)
    clearTimeout(this.idle)
    this.worker?.terminate()
    this.worker = undefined
  }

  private goIdle (): void {
    clearTimeout(this.idle)
    this.idle = setTimeout(() => { if (this.running.size === 0) this.stop() }, IDLE_MS)
  }
}
