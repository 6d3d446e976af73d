// Lines of a patch's diff picked for a comment, and where the inline
// comments fall in a file's diff: pure, so the Files tab only draws. A
// deleted line is named on the old side, every other line on the new
// side (CodeLocation's `old` / `new`), as the handle expects.
import type { CodeLocation, DiffLine, InlineComment, TextDiff } from '../../app/types.js'

export type LineSide = 'old' | 'new'
export interface LineRef { path: string, side: LineSide, line: number }
/** what is picked: `anchor` the line clicked first, `head` the line shift-clicked last */
export interface LineSelection { path: string, side: LineSide, anchor: number, head: number }

/** the side a diff line is named on, and its number there */
export const sideOf = (kind: DiffLine['kind']): LineSide => kind === 'del' ? 'old' : 'new'
export const lineRef = (path: string, l: Pick<DiffLine, 'kind' | 'oldNo' | 'newNo'>): LineRef | undefined => {
  const side = sideOf(l.kind)
  const line = side === 'old' ? l.oldNo : l.newNo
  return line == null ? undefined : { path, side, line }
}

/**
 * A click on a line's "+": a new selection of that line; with shift, the
 * selection grows from its first line to this one when both are in the same
 * file and on the same side (else it starts again here).
 */
export function selectLine (prev: LineSelection | undefined, at: LineRef, extend: boolean): LineSelection {
  if (extend && prev != null && prev.path === at.path && prev.side === at.side) return { ...prev, head: at.line }
  return { path: at.path, side: at.side, anchor: at.line, head: at.line }
}

export const selectionRange = (s: LineSelection): [number, number] => [Math.min(s.anchor, s.head), Math.max(s.anchor, s.head)]
export const isSelected = (s: LineSelection | undefined, at: LineRef): boolean => {
  if (s == null || s.path !== at.path || s.side !== at.side) return false
  const [a, b] = selectionRange(s)
  return at.line >= a && at.line <= b
}

/** The location sent with the comment (the handle adds the hunk's hash). */
export function selectionLocation (s: LineSelection, commit: string): CodeLocation {
  return { commit, path: s.path, [s.side]: selectionRange(s) }
}

/** The side and range a location names: the new side's when it names both. */
export function locationRange (loc: CodeLocation): { side: LineSide, range: [number, number] } | undefined {
  if (loc.new != null) return { side: 'new', range: loc.new }
  if (loc.old != null) return { side: 'old', range: loc.old }
  return undefined
}

/** "src/a.ts:12", "src/a.ts:12–14", "src/a.ts:−7" for a deleted line */
export function locationWords (loc: CodeLocation): string {
  const r = locationRange(loc)
  if (r == null) return loc.path
  const sign = r.side === 'old' ? '−' : ''
  const [a, b] = r.range
  return `${loc.path}:${sign}${a}${b !== a ? `–${sign}${b}` : ''}`
}

/** "line 12", "lines 12–14" (and "deleted" for the old side), for the comment form's heading */
export function selectionWords (s: LineSelection): string {
  const [a, b] = selectionRange(s)
  return `${a === b ? `line ${a}` : `lines ${a}–${b}`}${s.side === 'old' ? ' (deleted)' : ''}`
}

/** key of a line in a file: its side and number */
export const lineKey = (side: LineSide, line: number): string => `${side}:${line}`

export interface PlacedComments {
  /** by the line they end on (lineKey), the threads that show under it */
  at: Map<string, InlineComment[]>
  /** threads whose lines this diff does not show (outside its hunks), and outdated ones */
  elsewhere: InlineComment[]
}

/**
 * One file's inline comments placed in its diff: under the line each ends on
 * when that line is in a hunk; the rest (and every outdated one) in a list
 * above the file, so none is lost from sight.
 */
export function placeComments (comments: readonly InlineComment[], path: string, diff: TextDiff | undefined): PlacedComments {
  const shown = new Set<string>()
  for (const h of diff?.hunks ?? []) {
    for (const l of h.lines) {
      const r = lineRef(path, l)
      if (r != null) shown.add(lineKey(r.side, r.line))
    }
  }
  const at = new Map<string, InlineComment[]>()
  const elsewhere: InlineComment[] = []
  for (const c of comments) {
    if (c.location.path !== path) continue
    const r = locationRange(c.location)
    const key = r == null ? undefined : lineKey(r.side, r.range[1])
    if (c.status === 'outdated' || key == null || !shown.has(key)) { elsewhere.push(c); continue }
    at.set(key, [...(at.get(key) ?? []), c])
  }
  return { at, elsewhere }
}

/** The lines a location names in a diff (at most `max`, the last ones), for an excerpt beside the comment. */
export function excerptLines (diff: TextDiff | undefined, loc: CodeLocation, max = 4): DiffLine[] {
  const r = locationRange(loc)
  if (diff == null || r == null) return []
  const [a, b] = r.range
  const out: DiffLine[] = []
  for (const h of diff.hunks) {
    for (const l of h.lines) {
      const no = r.side === 'old' ? (l.kind === 'add' ? undefined : l.oldNo) : (l.kind === 'del' ? undefined : l.newNo)
      if (no != null && no >= a && no <= b && sideOf(l.kind) === r.side) out.push(l)
    }
  }
  return out.slice(-max)
}
