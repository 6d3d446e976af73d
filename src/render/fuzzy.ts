// Fuzzy matching of file paths for the file finder, as fzy and fzf score
// (a subsequence, scored by where its characters fall): a match right after
// '/' or at the start of a word counts most, consecutive characters more
// than scattered ones, gaps cost a little, and characters that fall in the
// file's own name (after the last '/') get a bonus, so `index` finds
// `src/index.ts` before `index/src/a.ts`. Case-insensitive. Pure.

const GAP_LEADING = -0.005
const GAP_TRAILING = -0.005
const GAP_INNER = -0.01
const CONSECUTIVE = 1.0
const AFTER_SLASH = 0.9
const AFTER_WORD = 0.8
const CAPITAL = 0.7
const AFTER_DOT = 0.6
const IN_BASENAME = 0.3
/** longer paths are matched on their last MAX_LEN characters (bounded work per path) */
const MAX_LEN = 512

export interface FuzzyHit {
  path: string
  score: number
  /** indices into `path` of the matched characters, ascending */
  positions: number[]
}

const NEG = -Infinity

/** What a character at `j` gets for being matched, from the one before it. */
function bonusAt (s: string, j: number, baseStart: number): number {
  const extra = j >= baseStart ? IN_BASENAME : 0
  if (j === 0) return AFTER_SLASH + extra
  const prev = s.charCodeAt(j - 1)
  if (prev === 0x2f) return AFTER_SLASH + extra // '/'
  if (prev === 0x2d || prev === 0x5f || prev === 0x20) return AFTER_WORD + extra // - _ space
  if (prev === 0x2e) return AFTER_DOT + extra // .
  const c = s.charCodeAt(j)
  if (prev >= 0x61 && prev <= 0x7a && c >= 0x41 && c <= 0x5a) return CAPITAL + extra // aB
  return extra
}

/** Whether `q` (lowercase) is a subsequence of `lower`. */
function isSubsequence (q: string, lower: string): boolean {
  let at = 0
  for (let i = 0; i < q.length; i++) {
    at = lower.indexOf(q[i], at)
    if (at < 0) return false
    at++
  }
  return true
}

let rowD = new Float64Array(64)
let rowM = new Float64Array(64)
let prevD = new Float64Array(64)
let prevM = new Float64Array(64)

/**
 * The best score of `q` (lowercase) in `path` (`lower` is it lowercased), or
 * -Infinity. fzy's recurrence: D[i][j] is the best with q[i] matched at j,
 * M[i][j] the best with q[0..i] placed within path[0..j]. Two rows at a time.
 */
function scoreOf (q: string, path: string, lower: string): number {
  const n = q.length
  const off = Math.max(0, path.length - MAX_LEN)
  const m = path.length - off
  if (n === 0) return 0
  if (n > m) return NEG
  if (rowD.length < m) { rowD = new Float64Array(m); rowM = new Float64Array(m); prevD = new Float64Array(m); prevM = new Float64Array(m) }
  const baseStart = path.lastIndexOf('/') + 1
  for (let i = 0; i < n; i++) {
    const qc = q.charCodeAt(i)
    const gap = i === n - 1 ? GAP_TRAILING : GAP_INNER
    let best = NEG
    for (let j = 0; j < m; j++) {
      const at = j + off
      if (lower.charCodeAt(at) === qc) {
        let s = NEG
        if (i === 0) s = j * GAP_LEADING + bonusAt(path, at, baseStart)
        else if (j > 0) s = Math.max(prevM[j - 1] + bonusAt(path, at, baseStart), prevD[j - 1] + CONSECUTIVE)
        rowD[j] = s
        best = Math.max(s, best + gap)
      } else {
        rowD[j] = NEG
        best = best + gap
      }
      rowM[j] = best
    }
    let t = prevD; prevD = rowD; rowD = t
    t = prevM; prevM = rowM; rowM = t
  }
  return prevM[m - 1]
}

/** The score and the matched positions of `q` in `path` (full matrices, for the few hits shown). */
export function fuzzyMatch (query: string, path: string): FuzzyHit | undefined {
  const q = normalize(query)
  const lower = path.toLowerCase()
  if (lower.length !== path.length || !isSubsequence(q, lower)) return undefined
  const n = q.length
  const off = Math.max(0, path.length - MAX_LEN)
  const m = path.length - off
  if (n === 0) return { path, score: 0, positions: [] }
  if (n > m) return undefined
  const baseStart = path.lastIndexOf('/') + 1
  const D: Float64Array[] = []
  const M: Float64Array[] = []
  for (let i = 0; i < n; i++) {
    const d = new Float64Array(m)
    const mm = new Float64Array(m)
    const qc = q.charCodeAt(i)
    const gap = i === n - 1 ? GAP_TRAILING : GAP_INNER
    let best = NEG
    for (let j = 0; j < m; j++) {
      const at = j + off
      if (lower.charCodeAt(at) === qc) {
        let s = NEG
        if (i === 0) s = j * GAP_LEADING + bonusAt(path, at, baseStart)
        else if (j > 0) s = Math.max(M[i - 1][j - 1] + bonusAt(path, at, baseStart), D[i - 1][j - 1] + CONSECUTIVE)
        d[j] = s
        best = Math.max(s, best + gap)
      } else {
        d[j] = NEG
        best = best + gap
      }
      mm[j] = best
    }
    D.push(d)
    M.push(mm)
  }
  const score = M[n - 1][m - 1]
  if (score === NEG) return undefined
  // walk back (fzy's traceback): take a match where it gave the best, and
  // keep the one before it when the score came from a consecutive run
  const positions = new Array<number>(n)
  let required = false
  let j = m - 1
  for (let i = n - 1; i >= 0; i--) {
    for (; j >= 0; j--) {
      if (D[i][j] !== NEG && (required || D[i][j] === M[i][j])) {
        required = i > 0 && j > 0 && M[i][j] === D[i - 1][j - 1] + CONSECUTIVE
        positions[i] = j + off
        j--
        break
      }
    }
  }
  return { path, score, positions }
}

/** Lowercase, without spaces (a person types `ui repo` for `src/ui/repo`). */
function normalize (query: string): string {
  return query.toLowerCase().replace(/\s+/g, '')
}

/**
 * Every path of one tree, ready to be matched: lowercased once. A query
 * that extends the last one is matched only against the last one's hits.
 */
export class FuzzyIndex {
  private readonly lower: string[]
  private last: { q: string, hits: Int32Array } | undefined

  constructor (readonly paths: readonly string[]) {
    this.lower = paths.map(p => p.toLowerCase())
  }

  /** The best `limit` hits, best first (ties: shorter path, then by name); every path, in order, for an empty query. */
  search (query: string, limit = 50): { hits: FuzzyHit[], total: number } {
    const q = normalize(query)
    if (q === '') {
      this.last = undefined
      return { hits: this.paths.slice(0, limit).map(path => ({ path, score: 0, positions: [] })), total: this.paths.length }
    }
    const from = this.last != null && q.startsWith(this.last.q) ? this.last.hits : undefined
    const count = from?.length ?? this.paths.length
    const hits = new Int32Array(count)
    const scores = new Float64Array(count)
    let found = 0
    for (let k = 0; k < count; k++) {
      const i = from != null ? from[k] : k
      const lower = this.lower[i]
      // a path whose lowercase changes length (rare unicode) is left out: positions would not line up
      if (!isSubsequence(q, lower) || lower.length !== this.paths[i].length) continue
      const s = scoreOf(q, this.paths[i], lower)
      if (s === NEG) continue
      hits[found] = i
      scores[found] = s
      found++
    }
    this.last = { q, hits: hits.slice(0, found) }
    // the best `limit`, kept sorted as they come (limit is small)
    const top: number[] = []
    const better = (a: number, b: number): boolean => {
      if (scores[a] !== scores[b]) return scores[a] > scores[b]
      const pa = this.paths[hits[a]]
      const pb = this.paths[hits[b]]
      return pa.length !== pb.length ? pa.length < pb.length : pa < pb
    }
    for (let k = 0; k < found; k++) {
      if (top.length === limit && !better(k, top[top.length - 1])) continue
      let at = top.length === limit ? limit - 1 : top.length
      if (top.length < limit) top.push(k)
      while (at > 0 && better(k, top[at - 1])) { top[at] = top[at - 1]; at-- }
      top[at] = k
    }
    return { hits: top.map(k => fuzzyMatch(q, this.paths[hits[k]])!), total: found }
  }
}

/** `path` cut into runs, each matched or not, for highlighting. */
export function highlightRuns (path: string, positions: number[]): Array<{ text: string, match: boolean }> {
  const out: Array<{ text: string, match: boolean }> = []
  const set = new Set(positions)
  let start = 0
  for (let i = 1; i <= path.length; i++) {
    if (i === path.length || set.has(i) !== set.has(start)) {
      out.push({ text: path.slice(start, i), match: set.has(start) })
      start = i
    }
  }
  return out
}
