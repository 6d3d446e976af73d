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
import { changedLines } from '../core/xdiff.js'

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
 * A file's lines as tokens that stand for their content in one
 * `LineTokens` table: the diff compares tokens (short, quick to hash, the
 * same string for the same line), the compaction reads indents from the
 * text. A blame diffs each version twice (as child, then as parent): it is
 * split once, and never into a string per line.
 */
export interface PreparedText {
  /** one char per byte (latin1), so equal lines are equal bytes */
  text: string
  /** where each line starts, and the text's length after the last */
  starts: Int32Array
  tokens: string[]
}

/** Tokens for line contents, shared by every version diffed in one blame. */
export class LineTokens {
  private readonly byHash = new Map<number, number | number[]>()
  private readonly texts: string[] = []
  private readonly from: number[] = []
  private readonly to: number[] = []
  private readonly names: string[] = []

  prepare (text: string): PreparedText {
    const n = countLines(text)
    const starts = new Int32Array(n + 1)
    const tokens = new Array<string>(n)
    let start = 0
    for (let k = 0; k < n; k++) {
      let h = 0x811c9dc5
      let i = start
      for (; i < text.length; i++) {
        const c = text.charCodeAt(i)
        h = Math.imul(h ^ c, 0x01000193)
        if (c === 10) { i++; break }
      }
      starts[k] = start
      tokens[k] = this.names[this.idOf(h, text, start, i)]
      start = i
    }
    starts[n] = text.length
    return { text, starts, tokens }
  }

  private idOf (h: number, text: string, start: number, end: number): number {
    const known = this.byHash.get(h)
    if (known != null) {
      for (const id of typeof known === 'number' ? [known] : known) if (this.same(id, text, start, end)) return id
    }
    const id = this.names.length
    this.texts.push(text)
    this.from.push(start)
    this.to.push(end)
    this.names.push(String(id))
    if (known == null) this.byHash.set(h, id)
    else if (typeof known === 'number') this.byHash.set(h, [known, id])
    else known.push(id)
    return id
  }

  private same (id: number, text: string, start: number, end: number): boolean {
    const t = this.texts[id]
    const s = this.from[id]
    if (this.to[id] - s !== end - start) return false
    for (let i = 0; i < end - start; i++) if (t.charCodeAt(s + i) !== text.charCodeAt(start + i)) return false
    return true
  }
}

function countLines (text: string): number {
  if (text === '') return 0
  let n = 0
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++
  return text.charCodeAt(text.length - 1) === 10 ? n : n + 1
}

/** For each line of `child`, the index of the `parent` line it is, or -1 when the child changed it. */
export function blameLineMap (parent: PreparedText, child: PreparedText): Int32Array {
  const [pKept, cKept] = trimCommonTail(parent.text, child.text)
  // the cut falls just after a newline shared by both: whole lines go
  const nb = linesBefore(child, cKept)
  const tailLines = child.tokens.length - nb
  const na = parent.tokens.length - tailLines
  void pKept
  const a = parent.tokens.slice(0, na)
  const b = child.tokens.slice(0, nb)
  const { removed, added } = changedLines(a, b)
  const ra = withSentinels(removed)
  const rb = withSentinels(added)
  compact(parent, a, ra, rb)
  compact(child, b, rb, ra)
  const map = new Int32Array(child.tokens.length).fill(-1)
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
  let k = p.tokens.length
  while (k > 0 && p.starts[k - 1] >= offset) k--
  return k
}

/** xdiff-interface.c's trim_common_tail: how much of each text the diff sees */
function trimCommonTail (a: string, b: string): [number, number] {
  const blk = 1024
  const smaller = Math.min(a.length, b.length)
  let trimmed = 0
  while (blk + trimmed <= smaller && a.slice(a.length - trimmed - blk, a.length - trimmed) === b.slice(b.length - trimmed - blk, b.length - trimmed)) trimmed += blk
  let recovered = 0
  const ap = a.length - trimmed
  while (recovered < trimmed) if (a.charCodeAt(ap + recovered++) === 10) break
  return [a.length - trimmed + recovered, b.length - trimmed + recovered]
}

/** git's rchg arrays have a 0 before the first line and after the last */
function withSentinels (changed: Uint8Array): Uint8Array {
  const out = new Uint8Array(changed.length + 2)
  out.set(changed, 1)
  return out
}

/** xdiffi.c's get_indent: columns of leading blanks (tab to 8), -1 for a line of whitespace only */
function getIndent (p: PreparedText, k: number): number {
  let ret = 0
  for (let i = p.starts[k]; i < p.starts[k + 1]; i++) {
    const c = p.text.charCodeAt(i)
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
 * xdiffi.c's xdl_change_compact on `lines` (tokens of `p`'s first lines; changes in `r`), keeping the
 * other file's groups (`ro`) in step. `r[k + 1]` is line k's flag.
 */
function compact (p: PreparedText, lines: string[], r: Uint8Array, ro: Uint8Array): void {
  const n = lines.length
  const no = ro.length - 2
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
