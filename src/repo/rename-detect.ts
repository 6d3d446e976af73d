// Pairs deleted and added files into renames the way `git diff -M` does
// (diffcore_rename in git's diffcore-rename.c, renames only, no copies):
//   1. exact: same blob id (and same mode unless both are regular files);
//      empty files too, as `git diff` does (merges do not: rename_empty);
//      an unused source with the same basename is preferred;
//   2. basename: a source and a destination whose basename is unique on each
//      side are paired when at least 75% similar (git 2.33+);
//   3. matrix: every remaining destination against every remaining source,
//      unless there are more than renameLimit² pairs (git's diff.renameLimit,
//      default 1000); the best four sources per destination are kept, then
//      all are taken best score first (ties: same basename first, then in
//      git's order: by destination path, then as git's slots keep them),
//      each source once.
import { DEFAULT_RENAME_SCORE, MAX_SCORE, scorePercent, similarity, spanCounts } from '../core/rename-score.js'
import type { SpanCounts } from '../core/rename-score.js'
import type { FileDelta } from './tree-diff.js'

export const DEFAULT_RENAME_LIMIT = 1000
const CANDIDATES_PER_DST = 4
const READ_AHEAD = 8
/** Past this much content read for scoring, a huge commit gets exact renames only (git has no such cap). */
export const MAX_SCORED_BYTES = 64 << 20

export interface RenameOptions {
  /** minimum similarity, 0..MAX_SCORE (default 50%) */
  minScore?: number
  /** past renameLimit² source×destination pairs, only exact and basename renames are found */
  renameLimit?: number
  signal?: AbortSignal
  /** content read for scoring, at most (default 64 MiB); past it the remaining passes are skipped */
  maxScoredBytes?: number
  /** filled with every blob read for scoring, so a caller showing the diff need not read them again */
  blobs?: Map<string, Uint8Array>
  /** how diffTrees reads a blob for scoring (isomorphic-git's readBlob when absent) */
  readBlob?: (oid: string) => Promise<Uint8Array>
}

type Blob = (oid: string) => Promise<Uint8Array>

const isRegular = (mode: string | undefined): boolean => mode == null || mode.startsWith('100')

/** git sorts paths by their bytes; JS compares UTF-16 units, which differs past U+FFFF. */
export function comparePaths (a: string, b: string): number {
  if (a === b) return 0
  const ea = new TextEncoder().encode(a)
  const eb = new TextEncoder().encode(b)
  const n = Math.min(ea.length, eb.length)
  for (let i = 0; i < n; i++) if (ea[i] !== eb[i]) return ea[i] - eb[i]
  return ea.length - eb.length
}

function basename (path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

/** git's basename_same: the last path components are equal. */
const basenameSame = (a: string, b: string): boolean => basename(a) === basename(b)

export async function detectRenames (deltas: FileDelta[], readBlob: Blob, opts: RenameOptions = {}): Promise<FileDelta[]> {
  const minScore = opts.minScore ?? DEFAULT_RENAME_SCORE
  const limit = opts.renameLimit ?? DEFAULT_RENAME_LIMIT
  const srcs = deltas.filter(d => d.status === 'deleted').sort((a, b) => comparePaths(a.path, b.path))
  const dsts = deltas.filter(d => d.status === 'added').sort((a, b) => comparePaths(a.path, b.path))
  const used = new Set<FileDelta>()
  const pairOf = new Map<FileDelta, { src: FileDelta, score: number }>()
  const record = (dst: FileDelta, src: FileDelta, score: number): void => { used.add(src); pairOf.set(dst, { src, score }) }

  // 1. exact renames
  const byOid = new Map<string, FileDelta[]>()
  for (const s of srcs) byOid.set(s.oldOid!, [...(byOid.get(s.oldOid!) ?? []), s])
  for (const d of dsts) {
    let best: FileDelta | undefined
    let bestScore = -1
    let tries = 100 // git: "too many identical alternatives? pick one"
    for (const s of byOid.get(d.newOid!) ?? []) {
      if (!(isRegular(s.oldMode) && isRegular(d.newMode)) && s.oldMode !== d.newMode) continue
      if (used.has(s)) continue
      const score = 1 + (basenameSame(s.path, d.path) ? 1 : 0)
      if (score > bestScore) { best = s; bestScore = score; if (score === 2) break }
      if (--tries === 0) break
    }
    if (best != null) record(d, best, MAX_SCORE)
  }

  if (minScore < MAX_SCORE) {
    // Candidates are read in batches before each pass, so the comparisons
    // run without awaiting; only their size and chunk counts are kept.
    const files = new Map<string, { size: number, spans: SpanCounts }>()
    let budget = opts.maxScoredBytes ?? MAX_SCORED_BYTES
    /** false when the byte budget ran out: the pass is skipped */
    const load = async (items: FileDelta[]): Promise<boolean> => {
      const queue = [...new Set(items.filter(x => isRegular(x.oldMode ?? x.newMode)).map(x => (x.oldOid ?? x.newOid)!))].filter(o => !files.has(o))
      // a few reads at a time: in the tab each is an IndexedDB round trip
      await Promise.all(Array.from({ length: Math.min(READ_AHEAD, queue.length) }, async () => {
        for (let oid = queue.pop(); oid != null && budget >= 0; oid = queue.pop()) {
          opts.signal?.throwIfAborted()
          const bytes = opts.blobs?.get(oid) ?? await readBlob(oid)
          opts.blobs?.set(oid, bytes)
          budget -= bytes.length
          files.set(oid, { size: bytes.length, spans: spanCounts(bytes) })
        }
      }))
      return budget >= 0
    }
    const estimate = (s: FileDelta, d: FileDelta, min: number): number => {
      if (!isRegular(s.oldMode) || !isRegular(d.newMode)) return 0
      const a = files.get(s.oldOid!)!
      const b = files.get(d.newOid!)!
      return similarity(a.spans, a.size, b.spans, b.size, min)
    }

    // 2. basename matches, at git's min_basename_score (halfway from minScore to 100%)
    const minBasename = minScore + Math.trunc(0.5 * (MAX_SCORE - minScore))
    let leftSrcs = srcs.filter(s => !used.has(s))
    const leftDsts = dsts.filter(d => !pairOf.has(d))
    const unique = (items: FileDelta[]): Map<string, FileDelta | null> => {
      const m = new Map<string, FileDelta | null>()
      for (const x of items) { const b = basename(x.path); m.set(b, m.has(b) ? null : x) }
      return m
    }
    const srcBase = unique(leftSrcs)
    const dstBase = unique(leftDsts)
    const byBasename: Array<[FileDelta, FileDelta]> = []
    for (const s of leftSrcs) {
      const b = basename(s.path)
      const d = dstBase.get(b)
      if (srcBase.get(b) != null && d != null) byBasename.push([s, d])
    }
    if (await load(byBasename.flat())) {
      for (const [s, d] of byBasename) {
        const score = estimate(s, d, minBasename)
        if (score >= minBasename) record(d, s, score)
      }
    }

    // 3. the similarity matrix
    leftSrcs = leftSrcs.filter(s => !used.has(s))
    const matrixDsts = leftDsts.filter(d => !pairOf.has(d))
    if (leftSrcs.length > 0 && matrixDsts.length > 0 && (limit <= 0 || matrixDsts.length * leftSrcs.length <= limit * limit) && await load([...leftSrcs, ...matrixDsts])) {
      interface Cand { src: number, dst: number, score: number, nameScore: number }
      // git's score_compare: > 0 when a sorts after b
      const cmp = (a: Cand, b: Cand): number => {
        if (a.dst < 0) return b.dst >= 0 ? 1 : 0
        if (b.dst < 0) return -1
        if (a.score === b.score) return b.nameScore - a.nameScore
        return b.score - a.score
      }
      const mx: Cand[] = []
      for (let i = 0; i < matrixDsts.length; i++) {
        const m: Cand[] = Array.from({ length: CANDIDATES_PER_DST }, () => ({ src: -1, dst: -1, score: 0, nameScore: 0 }))
        for (let j = 0; j < leftSrcs.length; j++) {
          const o: Cand = { src: j, dst: i, score: estimate(leftSrcs[j], matrixDsts[i], minScore), nameScore: basenameSame(leftSrcs[j].path, matrixDsts[i].path) ? 1 : 0 }
          let worst = 0
          for (let k = 1; k < CANDIDATES_PER_DST; k++) if (cmp(m[k], m[worst]) > 0) worst = k
          if (cmp(m[worst], o) > 0) m[worst] = o
        }
        mx.push(...m)
      }
      mx.sort(cmp) // stable, as git's STABLE_QSORT
      for (const c of mx) {
        if (c.dst < 0 || c.score < minScore) break
        const d = matrixDsts[c.dst]
        const s = leftSrcs[c.src]
        if (pairOf.has(d) || used.has(s)) continue
        record(d, s, c.score)
      }
    }
  }

  const out: FileDelta[] = []
  for (const d of deltas) {
    if (d.status === 'deleted' && used.has(d)) continue
    const p = pairOf.get(d)
    if (p == null) { out.push(d); continue }
    out.push({ status: 'renamed', path: d.path, oldPath: p.src.path, oldOid: p.src.oldOid, newOid: d.newOid, oldMode: p.src.oldMode, newMode: d.newMode, similarity: scorePercent(p.score) })
  }
  return out.sort((a, b) => comparePaths(a.path, b.path))
}
