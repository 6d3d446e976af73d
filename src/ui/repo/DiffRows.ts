// The rows of one file's diff table: its hunks, the unchanged lines the
// reader asked to see between them ("expand context"), and the rows that
// offer more. Pure, so the unified and the split table draw the same rows.
import type { Hunk } from '../../app/types.js'

/** Lines one click on an expand row shows. */
export const EXPAND_STEP = 20

/**
 * The unchanged lines shown of gap k (the lines before hunk k; gap
 * hunks.length is after the last): `top` just below hunk k-1, `bottom` just
 * above hunk k.
 */
export interface Shown { top: number, bottom: number }

export type LineKind = 'context' | 'add' | 'del'
export interface LineRow { type: 'line', kind: LineKind, text: string, oldNo?: number, newNo?: number, hunk: number, /** index in the hunk's lines; -1 for a line expanded from the file */ at: number }
export interface HunkRow { type: 'hunk', header: string, hunk: number }
/** `hidden`: lines still hidden there; undefined after the last hunk until the file is read */
export interface ExpandRow { type: 'expand', gap: number, hidden: number | undefined, up: boolean, down: boolean }
export type DiffRow = LineRow | HunkRow | ExpandRow

/** Where hunk h starts and ends on each side, 0-based, end exclusive. */
function span (h: Hunk): { old0: number, old1: number, new0: number, new1: number } {
  const old0 = h.oldCount === 0 ? h.oldStart : h.oldStart - 1
  const new0 = h.newCount === 0 ? h.newStart : h.newStart - 1
  return { old0, old1: old0 + h.oldCount, new0, new1: new0 + h.newCount }
}

/** Gap k's lines on the new side [from, to), and what to add to a new line's index for its old one. */
export function gapOf (hunks: Hunk[], k: number, newLength: number | undefined): { from: number, to: number | undefined, shift: number } {
  if (k < hunks.length) {
    const s = span(hunks[k])
    return { from: k === 0 ? 0 : span(hunks[k - 1]).new1, to: s.new0, shift: s.old0 - s.new0 }
  }
  const s = span(hunks[hunks.length - 1])
  return { from: s.new1, to: newLength, shift: s.old1 - s.new1 }
}

/**
 * The rows for `hunks`, with `shown[k]` lines of gap k. `newLines`: the new
 * side's lines, once read (expanded lines come from it: in a diff they are
 * the same on both sides, and with whitespace ignored git shows the new
 * side's too). `expandable`: the file has unchanged lines around its hunks
 * (not an added or deleted file).
 */
export function diffRows (hunks: Hunk[], shown: readonly Shown[], newLines: readonly string[] | undefined, expandable: boolean): DiffRow[] {
  const rows: DiffRow[] = []
  const context = (k: number, from: number, to: number, shift: number): void => {
    if (newLines === undefined) return
    for (let n = from; n < Math.min(to, newLines.length); n++) rows.push({ type: 'line', kind: 'context', text: newLines[n], oldNo: n + shift + 1, newNo: n + 1, hunk: k, at: -1 })
  }
  for (let k = 0; k <= hunks.length; k++) {
    if (expandable && hunks.length > 0) {
      const { from, to, shift } = gapOf(hunks, k, newLines?.length)
      const { top, bottom } = shown[k] ?? { top: 0, bottom: 0 }
      const size = to === undefined ? undefined : to - from
      const t = k === 0 ? 0 : Math.min(top, size ?? top)
      const b = k === hunks.length ? 0 : Math.min(bottom, (size ?? 0) - t)
      const hidden = size === undefined ? undefined : size - t - b
      context(k, from, from + t, shift)
      if (hidden === undefined || hidden > 0) rows.push({ type: 'expand', gap: k, hidden, up: k < hunks.length, down: k > 0 })
      if (to !== undefined) context(k, to - b, to, shift)
    }
    if (k === hunks.length) break
    const h = hunks[k]
    rows.push({ type: 'hunk', header: h.header, hunk: k })
    h.lines.forEach((l, at) => rows.push({ type: 'line', kind: l.kind, text: l.text, oldNo: l.oldNo, newNo: l.newNo, hunk: k, at }))
  }
  return rows
}

/** What a click on an expand row's button does to `shown`: `dir` 'up' shows lines above the next hunk, 'down' below the previous, 'all' the whole gap. */
export function expand (shown: readonly Shown[], gap: number, dir: 'up' | 'down' | 'all'): Shown[] {
  const next = [...shown]
  const s = next[gap] ?? { top: 0, bottom: 0 }
  next[gap] = dir === 'up'
    ? { ...s, bottom: s.bottom + EXPAND_STEP }
    : dir === 'down' ? { ...s, top: s.top + EXPAND_STEP } : { top: Infinity, bottom: Infinity }
  return next
}

/** A row of the split table: the old side on the left, the new on the right. */
export type SplitRow = HunkRow | ExpandRow | { type: 'pair', left?: LineRow, right?: LineRow }

/** Context lines stand on both sides; a run of removed lines and the added lines after it are paired in order. */
export function splitRows (rows: DiffRow[]): SplitRow[] {
  const out: SplitRow[] = []
  for (let i = 0; i < rows.length;) {
    const r = rows[i]
    if (r.type !== 'line') { out.push(r); i++; continue }
    if (r.kind === 'context') { out.push({ type: 'pair', left: r, right: r }); i++; continue }
    const dels: LineRow[] = []
    const adds: LineRow[] = []
    while (i < rows.length && rows[i].type === 'line' && (rows[i] as LineRow).kind === 'del') dels.push(rows[i++] as LineRow)
    while (i < rows.length && rows[i].type === 'line' && (rows[i] as LineRow).kind === 'add') adds.push(rows[i++] as LineRow)
    for (let k = 0; k < Math.max(dels.length, adds.length); k++) out.push({ type: 'pair', left: dels[k], right: adds[k] })
  }
  return out
}
