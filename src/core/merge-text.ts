// A three-way line merge that gives git's answers (xdiff/xmerge.c at the
// level git merges with, XDL_MERGE_ZEALOUS, and the default "merge"
// conflict style): each side is diffed against the base as git diffs
// (xdiff.ts, then xdl_change_compact's sliding, without the indent
// heuristic, which merges do not use), and the two scripts are walked
// together. Changes on both sides that overlap, or touch with no unchanged
// base line between them, conflict, unless both sides made the same lines
// of the whole region. A conflict is only reported, never written out: the
// caller writes no commit then.
//
// Lines are byte strings (one char per byte), so CRLF, a missing final
// newline and any encoding come back byte for byte. Pure: no I/O.
import { isBinary } from './diff.js'
import { changedIds, lineClassifier } from './xdiff.js'

/** past this, a file is merged as git merges a binary one: a conflict if both sides changed it */
export const MAX_MERGE_BYTES = 8 * 1024 * 1024
export const MAX_MERGE_LINES = 100_000

/** A region that does not merge: [start, end) line indexes (0-based) in each version. */
export interface ConflictRegion {
  base: [number, number]
  ours: [number, number]
  theirs: [number, number]
}

export type TextMerge =
  | { kind: 'clean', merged: Uint8Array }
  | { kind: 'conflict', regions: ConflictRegion[] }
  /** a NUL byte in the first 8000 bytes of any version (git's test), or past the caps */
  | { kind: 'binary' }

/** A diff hunk as xdl_build_script makes it: base lines [i1, i1+chg1) became side lines [i2, i2+chg2). */
interface Hunk { i1: number, chg1: number, i2: number, chg2: number }

/** xdmerge_t: mode 0 conflict, 1 take ours, 2 take theirs, 4 the same on both sides */
interface Merge { mode: number, i0: number, chg0: number, i1: number, chg1: number, i2: number, chg2: number }

/**
 * Merges `ours` and `theirs`, two descendants of `base` (an empty base for
 * two files added on both sides, as git does).
 */
export function mergeText (base: Uint8Array, ours: Uint8Array, theirs: Uint8Array): TextMerge {
  const files = [base, ours, theirs]
  if (files.some(f => f.length > MAX_MERGE_BYTES || isBinary(f))) return { kind: 'binary' }
  const [b, o, t] = files.map(f => splitByteLines(f))
  if (b.length > MAX_MERGE_LINES || o.length > MAX_MERGE_LINES || t.length > MAX_MERGE_LINES) return { kind: 'binary' }

  // one numbering for all three: equal lines, equal ids, on every side
  const classify = lineClassifier()
  const hb = classify(b)
  const ho = classify(o)
  const ht = classify(t)
  const s1 = script(hb, ho, classify.size())
  const s2 = script(hb, ht, classify.size())
  if (s1.length === 0) return { kind: 'clean', merged: theirs.slice() }
  if (s2.length === 0) return { kind: 'clean', merged: ours.slice() }

  const merges = combine(s1, s2, ho, ht, b.length, o.length, t.length)
  // xdl_refine_conflicts: a conflict whose two sides hold the same lines is none
  for (const m of merges) {
    if (m.mode === 0 && m.chg1 > 0 && m.chg2 > 0 && sameLines(ho, m.i1, ht, m.i2, m.chg1, m.chg2)) m.mode = 4
  }
  const conflicts = merges.filter(m => m.mode === 0)
  if (conflicts.length > 0) {
    return { kind: 'conflict', regions: conflicts.map(m => ({ base: [m.i0, m.i0 + m.chg0], ours: [m.i1, m.i1 + m.chg1], theirs: [m.i2, m.i2 + m.chg2] })) }
  }

  // xdl_fill_merge_buffer: ours, with theirs' hunks put in
  const out: string[] = []
  let i = 0
  for (const m of merges) {
    if (m.mode === 4) continue
    for (; i < m.i1; i++) out.push(o[i])
    if (m.mode === 1) for (let k = m.i1; k < m.i1 + m.chg1; k++) out.push(o[k])
    else for (let k = m.i2; k < m.i2 + m.chg2; k++) out.push(t[k])
    i = m.i1 + m.chg1
  }
  for (; i < o.length; i++) out.push(o[i])
  return { kind: 'clean', merged: latin1Bytes(out) }
}

function sameLines (a: Int32Array, i: number, b: Int32Array, j: number, n: number, m: number): boolean {
  if (n !== m) return false
  for (let k = 0; k < n; k++) if (a[i + k] !== b[j + k]) return false
  return true
}

/** The hunks from `a` to `b` as git's merge sees them: xdl_do_diff, xdl_change_compact both ways, xdl_build_script. */
function script (a: Int32Array, b: Int32Array, space: number): Hunk[] {
  const removed = new Uint8Array(a.length)
  const added = new Uint8Array(b.length)
  changedIds(a, b, space, removed, added)
  // change flags with a zero on either side (git's rchg[-1] and rchg[nrec])
  const ra = new Uint8Array(a.length + 2)
  const rb = new Uint8Array(b.length + 2)
  ra.set(removed, 1)
  rb.set(added, 1)
  compact(a, ra, rb)
  compact(b, rb, ra)
  const hunks: Hunk[] = []
  for (let i = 0, j = 0; i < a.length || j < b.length;) {
    if (ra[i + 1] === 1 || rb[j + 1] === 1) {
      const i0 = i
      const j0 = j
      while (ra[i + 1] === 1) i++
      while (rb[j + 1] === 1) j++
      hunks.push({ i1: i0, chg1: i - i0, i2: j0, chg2: j - j0 })
    } else { i++; j++ }
  }
  return hunks
}

/** A run of changed lines [start, end) (xdiffi.c's struct xdlgroup); `r` is offset by one. */
interface Group { start: number, end: number }

const groupInit = (r: Uint8Array): Group => {
  const g = { start: 0, end: 0 }
  while (r[g.end + 1] === 1) g.end++
  return g
}

/** group_next: false at the end of the file */
function groupNext (r: Uint8Array, n: number, g: Group): boolean {
  if (g.end === n) return false
  g.start = g.end + 1
  for (g.end = g.start; r[g.end + 1] === 1; g.end++);
  return true
}

function groupPrevious (r: Uint8Array, g: Group): boolean {
  if (g.start === 0) return false
  g.end = g.start - 1
  for (g.start = g.end; r[g.start] === 1; g.start--);
  return true
}

function slideDown (h: Int32Array, r: Uint8Array, g: Group): boolean {
  if (g.end < h.length && h[g.start] === h[g.end]) {
    r[1 + g.start++] = 0
    r[1 + g.end++] = 1
    while (r[g.end + 1] === 1) g.end++
    return true
  }
  return false
}

function slideUp (h: Int32Array, r: Uint8Array, g: Group): boolean {
  if (g.start > 0 && h[g.start - 1] === h[g.end - 1]) {
    r[1 + --g.start] = 1
    r[1 + --g.end] = 0
    while (r[g.start] === 1) g.start--
    return true
  }
  return false
}

class GroupSyncError extends Error { static name = 'GroupSyncError'; name = 'GroupSyncError' }

/**
 * xdl_change_compact without heuristics: every run of changed lines slides
 * down as far as it can, then back up to line up with a change on the other
 * side if it passed one. Where a change sits decides whether it touches the
 * other side's change, so this must be git's exactly.
 */
function compact (h: Int32Array, r: Uint8Array, ro: Uint8Array): void {
  const n = h.length
  const no = ro.length - 2
  const g = groupInit(r)
  const go = groupInit(ro)
  const sync = (ok: boolean): void => { if (!ok) throw new GroupSyncError('diff groups out of step') }
  for (;;) {
    if (g.end !== g.start) {
      let groupsize: number
      let earliestEnd: number
      let endMatchingOther: number
      do {
        groupsize = g.end - g.start
        endMatchingOther = -1
        while (slideUp(h, r, g)) sync(groupPrevious(ro, go))
        earliestEnd = g.end
        if (go.end > go.start) endMatchingOther = g.end
        while (slideDown(h, r, g)) {
          sync(groupNext(ro, no, go))
          if (go.end > go.start) endMatchingOther = g.end
        }
      } while (groupsize !== g.end - g.start)
      if (g.end !== earliestEnd && endMatchingOther !== -1) {
        while (go.end === go.start) {
          sync(slideUp(h, r, g))
          sync(groupPrevious(ro, go))
        }
      }
    }
    if (!groupNext(r, n, g)) break
    sync(groupNext(ro, no, go))
  }
}

/** xdl_do_merge's walk of the two scripts (base → ours, base → theirs) into take-ours, take-theirs and conflict regions. */
function combine (s1: Hunk[], s2: Hunk[], ho: Int32Array, ht: Int32Array, nb: number, no: number, nt: number): Merge[] {
  const out: Merge[] = []
  const append = (mode: number, i0: number, chg0: number, i1: number, chg1: number, i2: number, chg2: number): void => {
    const m = out[out.length - 1]
    if (m != null && (i1 <= m.i1 + m.chg1 || i2 <= m.i2 + m.chg2)) {
      if (mode !== m.mode) m.mode = 0
      m.chg0 = i0 + chg0 - m.i0
      m.chg1 = i1 + chg1 - m.i1
      m.chg2 = i2 + chg2 - m.i2
    } else {
      out.push({ mode, i0, chg0, i1, chg1, i2, chg2 })
    }
  }
  let p = 0
  let q = 0
  while (p < s1.length && q < s2.length) {
    const x = s1[p]
    const y = s2[q]
    if (x.i1 + x.chg1 < y.i1) {
      append(1, x.i1, x.chg1, x.i2, x.chg2, y.i2 - y.i1 + x.i1, x.chg1)
      p++
      continue
    }
    if (y.i1 + y.chg1 < x.i1) {
      append(2, y.i1, y.chg1, x.i2 - x.i1 + y.i1, y.chg1, y.i2, y.chg2)
      q++
      continue
    }
    if (x.i1 !== y.i1 || x.chg1 !== y.chg1 || x.chg2 !== y.chg2 || !sameLines(ho, x.i2, ht, y.i2, x.chg2, y.chg2)) {
      const off = x.i1 - y.i1
      const ffo = off + x.chg1 - y.chg1
      let i0 = x.i1
      let i1 = x.i2
      let i2 = y.i2
      if (off > 0) { i0 -= off; i1 -= off } else i2 += off
      let chg0 = x.i1 + x.chg1 - i0
      let chg1 = x.i2 + x.chg2 - i1
      let chg2 = y.i2 + y.chg2 - i2
      if (ffo < 0) { chg0 -= ffo; chg1 -= ffo } else chg2 += ffo
      append(0, i0, chg0, i1, chg1, i2, chg2)
    }
    const e1 = x.i1 + x.chg1
    const e2 = y.i1 + y.chg1
    if (e1 >= e2) q++
    if (e2 >= e1) p++
  }
  for (; p < s1.length; p++) {
    const x = s1[p]
    append(1, x.i1, x.chg1, x.i2, x.chg2, x.i1 + nt - nb, x.chg1)
  }
  for (; q < s2.length; q++) {
    const y = s2[q]
    append(2, y.i1, y.chg1, y.i1 + no - nb, y.chg1, y.i2, y.chg2)
  }
  return out
}

/** The bytes as lines, newline kept, one char per byte: "a\r\nb" is ["a\r\n", "b"]. */
export function splitByteLines (bytes: Uint8Array): string[] {
  const out: string[] = []
  let start = 0
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, start)) {
    out.push(byteString(bytes, start, i + 1))
    start = i + 1
  }
  if (start < bytes.length) out.push(byteString(bytes, start, bytes.length))
  return out
}

const CHUNK = 0x2000

function byteString (bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= CHUNK) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[])
  let s = ''
  for (let i = start; i < end; i += CHUNK) s += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + CHUNK)) as unknown as number[])
  return s
}

function latin1Bytes (lines: string[]): Uint8Array {
  let n = 0
  for (const l of lines) n += l.length
  const out = new Uint8Array(n)
  let at = 0
  for (const l of lines) for (let i = 0; i < l.length; i++) out[at++] = l.charCodeAt(i)
  return out
}
