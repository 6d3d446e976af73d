// Where a pack's bytes go as they arrive from a peer: an indexer that hashes
// and checks them, while the transfer is still running or right after it.
// The tab uses Web Workers (worker-indexer.ts); relays stream the pack into a
// file (relay/seed/file-pack-sink.ts); this one indexes in this thread
// (PackIndexer yields between slices), the default.
import { PackIndexer } from './index-pack.js'
import { wasmInflateAvailable } from './wasm-inflate.js'
import type { IndexedPack } from './index-pack.js'

/** A pack indexed as it arrived, with its bytes in memory or in a file (Node). */
export type ReceivedPack = IndexedPack & ({ pack: Uint8Array, file?: undefined } | { pack?: undefined, file: string }) & {
  /** where it was indexed, for the record: 'in this thread', 'in a worker', 'in two workers' (lanes) */
  indexedBy?: string
  /** what inflated its entries: libdeflate in wasm, or pako where wasm could not be had (wasm-inflate.ts) */
  inflatedWith?: 'libdeflate' | 'pako'
}

export interface PackSink {
  /** The next bytes. Throws once the pack is known to be bad. */
  push: (chunk: Uint8Array) => void
  /** Every byte is in: the rest of the indexing. */
  finish: () => Promise<ReceivedPack>
  /** Stops the work and lets go of the bytes. */
  abort: () => void
}

export interface PackSinkOptions {
  signal?: AbortSignal
  /** objects hashed so far, of `total` */
  onProgress?: (done: number, total: number) => void
}

/** Makes a sink for a pack of `total` bytes (as announced, already checked against the cap). */
export type PackSinkFactory = (total: number, opts: PackSinkOptions) => PackSink

/** Indexing in this thread. */
export const inProcessPackSink: PackSinkFactory = (total, opts) => {
  const ac = new AbortController()
  const signal = opts.signal != null ? AbortSignal.any([opts.signal, ac.signal]) : ac.signal
  const indexer = new PackIndexer(total, { signal, onProgress: opts.onProgress })
  return {
    push: (chunk) => { indexer.push(chunk) },
    finish: async () => {
      const result = await indexer.finish()
      return { ...result, pack: result.pack!, indexedBy: 'in this thread', inflatedWith: inflatedWith() }
    },
    abort: () => { ac.abort() }
  }
}

/**
 * This peer could not keep a pack's bytes (a full or failing disk, say):
 * nobody else's fault, and no reason to ask the same peer again at once.
 */
export class PackStoreError extends Error {
  static name = 'PackStoreError'
  name = 'PackStoreError'
}

/** What PackIndexer's default inflater is in this thread. */
export function inflatedWith (): 'libdeflate' | 'pako' {
  return wasmInflateAvailable() ? 'libdeflate' : 'pako'
}
