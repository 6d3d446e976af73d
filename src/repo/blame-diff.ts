// Which line of a parent's file each line of a child's file came from, as
// `git blame` decides it (blame.c, pass_blame_to_parent): git's own diff
// (core/xdiff.ts), run as blame runs it. Three steps of git's that a diff
// count never sees, but line attribution does:
// - xdi_diff first cuts the common tail in 1 KiB blocks (trim_common_tail),
//   which changes the file sizes the diff's heuristics are tuned by;
// - xdl_change_compact slides each group of changed lines as far down as it
//   goes, then back up to line up with the other side's changes, or to where
//   the indent heuristic (on by default since git 2.14) scores best;
// - unchanged lines pair in order.
// Pure: no I/O.
import { changedIds } from '../core/xdiff.js'

const MAX_INDENT = 200
const MAX_BLANKS = 20
const INDENT_HEURISTIC_MAX_SLIDING = 100
const START_OF_FILE_PENALTY = 1
const END_OF_FILE_PENALTY = 21
const TOTAL_BLANK_WEIGHT = -30
const POST_BLANK_WEIGHT = 6
const RELATIVE_INDENT_PENALTY = -4
const RELATIVE_INDENT_WITH_BLANK_PENALTY = 10
const RELATIVE_OUTDENT_PENALTY = 24
const RELATIVE_OUTDENT_WITH_BLANK_PENALTY = 17
const RELATIVE_DEDENT_PENALTY = 23
const RELATIVE_DEDENT_WITH_BLANK_PENALTY = 17
const INDENT_WEIGHT = 60

/**
 * A file's lines as ids that stand for their content in one `LineTokens`
 * table (equal lines, equal ids): the diff compares ids, the compaction
 * reads indents from the bytes. A blame diffs each version twice (as child,
 * then as parent): it is split and hashed once.
 */
export interface PreparedText {
  /** the file's bytes: equal lines are equal bytes */
  data: Uint8Array
  /** where each line starts, and the file's length after the last */
  starts: Int32Array
  ids: Int32Array
}

/** Ids for line contents, shared by every version diffed in one blame. */
export class LineTokens {
  /** open addressing: id + 1 of the line whose hash falls in a slot, 0 when free */
  private slots = new Int32Array(1 << 12)
  private hashes = new Int32Array(1 << 10)
  /** each line's bytes, once, one after another: line id is arena[offs[id], offs[id + 1]) */
  private arena = new Uint8Array(1 << 16)
  private offs = new Int32Array(1 << 10)
  /** how many ids are given out (every id is below it) */
  size = 0

  /**
   * Splits and hashes `data`. `like` is a version it shares most lines with
   * (its child in the walk): the lines of their common start and end take its
   * ids without being hashed.
   */
  prepare (data: Uint8Array, like?: PreparedText): PreparedText {
    const len = data.length
    // lines [0, lo) and the last t lines are like's; the lines between, from byte midStart to sufStart, are split and hashed
    let lo = 0
    let t = 0
    let midStart = 0
    let sufStart = len
    let delta = 0
    if (like != null) {
      const ld = like.data
      const ln = like.ids.length
      const m = Math.min(len, ld.length)
      let p = 0
      while (p < m && data[p] === ld[p]) p++
      // whole lines (newline included) of the common start sit at the same offsets in both
      while (lo < ln && like.starts[lo + 1] <= p && data[like.starts[lo + 1] - 1] === 10) lo++
      midStart = like.starts[lo]
      let q = 0
      while (q < m - p && data[len - 1 - q] === ld[ld.length - 1 - q]) q++
      // from the end: like's lines inside the common end that start a line here too
      delta = ld.length - len
      while (t < ln - lo) {
        const at = like.starts[ln - 1 - t] - delta
        if (at < len - q || at < midStart || (at > 0 && data[at - 1] !== 10)) break
        t++
      }
      if (t > 0) sufStart = like.starts[ln - t] - delta
    }
    let mid = 0
    let at = lineStarts
    for (let i = midStart; i < sufStart;) {
      if (mid >= at.length) { at = grow(at, mid + 1); lineStarts = at }
      at[mid++] = i
      while (i < sufStart && data[i] !== 10) i++
      i++
    }
    const n = lo + mid + t
    const starts = new Int32Array(n + 1)
    const ids = new Int32Array(n)
    if (like != null) {
      const ln = like.ids.length
      starts.set(like.starts.subarray(0, lo))
      ids.set(like.ids.subarray(0, lo))
      for (let k = 0; k < t; k++) {
        starts[lo + mid + k] = like.starts[ln - t + k] - delta
        ids[lo + mid + k] = like.ids[ln - t + k]
      }
    }
    starts.set(at.subarray(0, mid), lo)
    starts[n] = len
    for (let k = lo; k < lo + mid; k++) {
      const from = starts[k]
      const to = starts[k + 1]
      let h = 0x811c9dc5
      for (let i = from; i < to; i++) h = Math.imul(h ^ data[i], 0x01000193)
      h ^= h >>> 15
      ids[k] = this.idOf(h, data, from, to)
    }
    return { data, starts, ids }
  }

  private idOf (h: number, data: Uint8Array, from: number, to: number): number {
    const mask = this.slots.length - 1
    const n = to - from
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const v = this.slots[s]
      if (v === 0) break
      const id = v - 1
      if (this.hashes[id] !== h) continue
      const o = this.offs[id]
      if (this.offs[id + 1] - o !== n) continue
      let i = 0
      while (i < n && this.arena[o + i] === data[from + i]) i++
      if (i === n) return id
    }
    const id = this.size++
    if (this.offs.length < id + 2) {
      this.offs = grow(this.offs, id + 2)
      this.hashes = grow(this.hashes, id + 2)
    }
    const o = this.offs[id]
    if (this.arena.length < o + n) {
      const a = new Uint8Array(Math.max(o + n, 2 * this.arena.length))
      a.set(this.arena.subarray(0, o))
      this.arena = a
    }
    this.arena.set(data.subarray(from, to), o)
    this.offs[id + 1] = o + n
    this.hashes[id] = h
    if (2 * this.size > this.slots.length) this.rehash()
    else this.place(id)
    return id
  }

  private place (id: number): void {
    const mask = this.slots.length - 1
    let s = this.hashes[id] & mask
    while (this.slots[s] !== 0) s = (s + 1) & mask
    this.slots[s] = id + 1
  }

  private rehash (): void {
    this.slots = new Int32Array(2 * this.slots.length)
    for (let id = 0; id < this.size; id++) this.place(id)
  }
}

const grow = (a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> => {
  const b = new Int32Array(Math.max(n, 2 * a.length))
  b.set(a)
  return b
}

/** where lines start, while a text is split (one text at a time) */
let lineStarts = new Int32Array(1 << 12)

// The change flags of both sides, with git's sentinels, kept between calls
// (no call awaits, so they never overlap).
let flagsA = new Uint8Array(1024)
let flagsB = new Uint8Array(1024)

/** For each line of `child`, the index of the `parent` line it is, or -1 when the child changed it. */
export function blameLineMap (parent: PreparedText, child: PreparedText, tokens: LineTokens): Int32Array {
  const cKept = keptByTailTrim(parent, child)
  // the cut falls just after a newline shared by both: whole lines go
  const nb = linesBefore(child, cKept)
  const tailLines = child.ids.length - nb
  const na = parent.ids.length - tailLines
  const a = parent.ids.subarray(0, na)
  const b = child.ids.subarray(0, nb)
  if (flagsA.length < na + 2) flagsA = new Uint8Array(Math.max(na + 2, 2 * flagsA.length))
  if (flagsB.length < nb + 2) flagsB = new Uint8Array(Math.max(nb + 2, 2 * flagsB.length))
  // git's rchg arrays have a 0 before the first line and after the last
  const ra = flagsA.fill(0, 0, na + 2)
  const rb = flagsB.fill(0, 0, nb + 2)
  changedIds(a, b, tokens.size, ra.subarray(1, na + 1), rb.subarray(1, nb + 1))
  compact(parent, a, ra, rb, nb)
  compact(child, b, rb, ra, na)
  const map = new Int32Array(child.ids.length).fill(-1)
  let i = 0
  for (let j = 0; j < nb; j++) {
    if (rb[j + 1] === 1) continue
    while (i < na && ra[i + 1] === 1) i++
    map[j] = i++
  }
  for (let t = 0; t < tailLines; t++) map[nb + t] = na + t
  return map
}

/** how many lines start before `offset` (0, just after a newline, or the end) */
function linesBefore (p: PreparedText, offset: number): number {
  let k = p.ids.length
  while (k > 0 && p.starts[k - 1] >= offset) k--
  return k
}

/** xdiff-interface.c's trim_common_tail: how much of the child (`b`) the diff sees */
function keptByTailTrim (a: PreparedText, b: PreparedText): number {
  const blk = 1024
  const la = a.data.length
  const lb = b.data.length
  const smaller = Math.min(la, lb)
  // git cuts whole equal blocks from the ends: as many as the common end holds. Equal
  // last lines (equal ids) are equal bytes; the bytes before them are compared one by one.
  let ka = a.ids.length
  let kb = b.ids.length
  while (ka > 0 && kb > 0 && a.ids[ka - 1] === b.ids[kb - 1]) { ka--; kb-- }
  let common = la - a.starts[ka]
  while (common < smaller && a.data[la - 1 - common] === b.data[lb - 1 - common]) common++
  const trimmed = Math.floor(common / blk) * blk
  let recovered = 0
  const ap = la - trimmed
  while (recovered < trimmed) if (a.data[ap + recovered++] === 10) break
  return lb - trimmed + recovered
}

/** xdiffi.c's get_indent: columns of leading blanks (tab to 8), -1 for a line of whitespace only */
function getIndent (p: PreparedText, k: number): number {
  let ret = 0
  for (let i = p.starts[k]; i < p.starts[k + 1]; i++) {
    const c = p.data[i]
    if (!isSpace(c)) return ret
    if (c === 32) ret += 1
    else if (c === 9) ret += 8 - ret % 8
    if (ret >= MAX_INDENT) return MAX_INDENT
  }
  return -1
}

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13)

interface Split { endOfFile: boolean, indent: number, preBlank: number, preIndent: number, postBlank: number, postIndent: number }

function measureSplit (p: PreparedText, n: number, split: number): Split {
  const m: Split = { endOfFile: split >= n, indent: split >= n ? -1 : getIndent(p, split), preBlank: 0, preIndent: -1, postBlank: 0, postIndent: -1 }
  for (let i = split - 1; i >= 0; i--) {
    m.preIndent = getIndent(p, i)
    if (m.preIndent !== -1) break
    m.preBlank++
    if (m.preBlank === MAX_BLANKS) { m.preIndent = 0; break }
  }
  for (let i = split + 1; i < n; i++) {
    m.postIndent = getIndent(p, i)
    if (m.postIndent !== -1) break
    m.postBlank++
    if (m.postBlank === MAX_BLANKS) { m.postIndent = 0; break }
  }
  return m
}

interface Score { effectiveIndent: number, penalty: number }

function scoreAddSplit (m: Split, s: Score): void {
  if (m.preIndent === -1 && m.preBlank === 0) s.penalty += START_OF_FILE_PENALTY
  if (m.endOfFile) s.penalty += END_OF_FILE_PENALTY
  const postBlank = m.indent === -1 ? 1 + m.postBlank : 0
  const totalBlank = m.preBlank + postBlank
  s.penalty += TOTAL_BLANK_WEIGHT * totalBlank
  s.penalty += POST_BLANK_WEIGHT * postBlank
  const indent = m.indent !== -1 ? m.indent : m.postIndent
  const anyBlanks = totalBlank !== 0
  s.effectiveIndent += indent
  if (indent === -1 || m.preIndent === -1 || indent === m.preIndent) return
  if (indent > m.preIndent) {
    s.penalty += anyBlanks ? RELATIVE_INDENT_WITH_BLANK_PENALTY : RELATIVE_INDENT_PENALTY
  } else if (m.postIndent !== -1 && m.postIndent > indent) {
    s.penalty += anyBlanks ? RELATIVE_OUTDENT_WITH_BLANK_PENALTY : RELATIVE_OUTDENT_PENALTY
  } else {
    s.penalty += anyBlanks ? RELATIVE_DEDENT_WITH_BLANK_PENALTY : RELATIVE_DEDENT_PENALTY
  }
}

const scoreCmp = (a: Score, b: Score): number =>
  INDENT_WEIGHT * (Number(a.effectiveIndent > b.effectiveIndent) - Number(a.effectiveIndent < b.effectiveIndent)) + (a.penalty - b.penalty)

/** a run of changed lines [start, end); rchg is offset by one (sentinels) */
interface Group { start: number, end: number }

/**
 * xdiffi.c's xdl_change_compact on `lines` (ids of `p`'s first lines; changes in `r`), keeping the
 * other file's groups (`ro`, of `no` lines) in step. `r[k + 1]` is line k's flag.
 */
function compact (p: PreparedText, lines: Int32Array, r: Uint8Array, ro: Uint8Array, no: number): void {
  const n = lines.length
  const at = (x: Uint8Array, k: number): number => x[k + 1]
  const set = (x: Uint8Array, k: number, v: number): void => { x[k + 1] = v }
  const init = (x: Uint8Array): Group => { const g = { start: 0, end: 0 }; while (at(x, g.end) === 1) g.end++; return g }
  const next = (x: Uint8Array, len: number, g: Group): boolean => {
    if (g.end === len) return false
    g.start = g.end + 1
    for (g.end = g.start; at(x, g.end) === 1; g.end++);
    return true
  }
  const previous = (x: Uint8Array, g: Group): boolean => {
    if (g.start === 0) return false
    g.end = g.start - 1
    for (g.start = g.end; at(x, g.start - 1) === 1; g.start--);
    return true
  }
  const slideDown = (g: Group): boolean => {
    if (g.end < n && lines[g.start] === lines[g.end]) {
      set(r, g.start++, 0)
      set(r, g.end++, 1)
      while (at(r, g.end) === 1) g.end++
      return true
    }
    return false
  }
  const slideUp = (g: Group): boolean => {
    if (g.start > 0 && lines[g.start - 1] === lines[g.end - 1]) {
      set(r, --g.start, 1)
      set(r, --g.end, 0)
      while (at(r, g.start - 1) === 1) g.start--
      return true
    }
    return false
  }

  const g = init(r)
  const go = init(ro)
  for (;;) {
    if (g.end !== g.start) {
      let groupsize: number
      let earliestEnd: number
      let endMatchingOther: number
      do {
        groupsize = g.end - g.start
        endMatchingOther = -1
        while (slideUp(g)) previous(ro, go)
        earliestEnd = g.end
        if (go.end > go.start) endMatchingOther = g.end
        while (slideDown(g)) {
          next(ro, no, go)
          if (go.end > go.start) endMatchingOther = g.end
        }
      } while (groupsize !== g.end - g.start)

      if (g.end === earliestEnd) {
        // no shifting was possible
      } else if (endMatchingOther !== -1) {
        while (go.end === go.start) { slideUp(g); previous(ro, go) }
      } else {
        let shift = earliestEnd
        if (g.end - groupsize - 1 > shift) shift = g.end - groupsize - 1
        if (g.end - INDENT_HEURISTIC_MAX_SLIDING > shift) shift = g.end - INDENT_HEURISTIC_MAX_SLIDING
        let bestShift = -1
        let best: Score = { effectiveIndent: 0, penalty: 0 }
        for (; shift <= g.end; shift++) {
          const score: Score = { effectiveIndent: 0, penalty: 0 }
          scoreAddSplit(measureSplit(p, n, shift), score)
          scoreAddSplit(measureSplit(p, n, shift - groupsize), score)
          if (bestShift === -1 || scoreCmp(score, best) <= 0) { best = score; bestShift = shift }
        }
        while (g.end > bestShift) { slideUp(g); previous(ro, go) }
      }
    }
    if (!next(r, n, g)) break
    next(ro, no, go)
  }
}
