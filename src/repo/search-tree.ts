// Content search over every file of a tree, read straight from the packs:
// what the search worker (search-worker.ts) runs, and what runs in this
// thread where there are no workers (Node). Lines stream out as they are
// found; the search stops at MAX_MATCHES lines and says so.
import { compileQuery, MAX_SEARCH_FILE_BYTES, searchFile, skipReason } from '../core/search.js'
import { listPathsIn } from './list-paths.js'
import { OBJ_BLOB, PACK_TRAILER_SIZE, readEntryHeader } from './pack/pack-reader.js'
import type { LineMatch, SearchQuery } from '../core/search.js'
import type { ObjectStore } from './pack/object-store.js'

/** lines found before a search stops */
export const MAX_MATCHES = 1000

export interface SearchProgress {
  searched: number
  total: number
  /** the lines found since the last report */
  found: LineMatch[]
}

export interface SearchSummary {
  searched: number
  total: number
  matches: number
  /** stopped at the cap: there may be more */
  capped: boolean
  /** files not searched: binary, or over 1 MiB */
  skipped: { binary: number, large: number }
  /** the tree had more files than are listed (list-paths.ts): the rest were not searched */
  treeTruncated: boolean
}

export interface SearchTreeOptions {
  signal?: AbortSignal
  onProgress?: (p: SearchProgress) => void
  /** lets other work in (a cancel message), every few milliseconds of searching */
  pause?: () => Promise<void>
  /** whether to stop (a newer search came) */
  stopped?: () => boolean
  max?: number
}

const REPORT_MS = 50
const PAUSE_MS = 15

/** Searches the files of `treeOid`; SearchQueryError for a bad query. */
export async function searchTree (store: ObjectStore, treeOid: string, query: SearchQuery, opts: SearchTreeOptions = {}): Promise<SearchSummary> {
  const q = compileQuery(query)
  const max = opts.max ?? MAX_MATCHES
  const { entries, truncated } = await listPathsIn(store, treeOid, { signal: opts.signal })
  const summary: SearchSummary = { searched: 0, total: entries.length, matches: 0, capped: false, skipped: { binary: 0, large: 0 }, treeTruncated: truncated }
  let found: LineMatch[] = []
  let lastReport = performance.now()
  let lastPause = lastReport
  const report = (): void => {
    opts.onProgress?.({ searched: summary.searched, total: summary.total, found })
    found = []
    lastReport = performance.now()
  }
  for (const e of entries) {
    opts.signal?.throwIfAborted()
    if (opts.stopped?.() === true) break
    if (isLarge(store, e.oid)) {
      summary.skipped.large++
    } else {
      const obj = await store.read(e.oid)
      const bytes = obj?.data ?? new Uint8Array()
      const skip = skipReason(bytes)
      if (skip != null) summary.skipped[skip]++
      else {
        const lines = searchFile(e.path, bytes, q, max - summary.matches)
        summary.matches += lines.length
        for (const l of lines) found.push(l)
      }
    }
    summary.searched++
    if (summary.matches >= max) { summary.capped = true; break }
    const now = performance.now()
    if (now - lastReport >= REPORT_MS) report()
    if (opts.pause != null && now - lastPause >= PAUSE_MS) { await opts.pause(); lastPause = performance.now() }
  }
  report()
  return summary
}

/** A whole (not deltified) blob whose header says it is over the limit: skipped without inflating it. */
function isLarge (store: ObjectStore, oid: string): boolean {
  const at = store.locate(oid)
  const pack = at != null ? store.packs[at.pack].bytes : undefined
  if (at == null || pack == null) return false
  const h = readEntryHeader(pack, at.offset, pack.length - PACK_TRAILER_SIZE)
  return h.type === OBJ_BLOB && h.size > MAX_SEARCH_FILE_BYTES
}
