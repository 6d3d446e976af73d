// The lines a file view's URL picks: `?L=10` or `?L=10-20` in the hash
// route's query (the fragment is the route, so GitHub's `#L10-L20` has to
// live there). Whatever a pasted or hand-edited URL holds, reading it never
// throws: a range that makes no sense is no range.

export interface LineRange {
  /** first line, from 1 */
  start: number
  /** last line, inclusive, >= start */
  end: number
}

// `L` prefixes are taken as GitHub writes them (`L10-L20`); nine digits are
// more lines than any file the view shows, and keep Number() exact
const RANGE = /^L?(\d{1,9})(?:-L?(\d{1,9}))?$/i

/**
 * The range `value` names, ends in either order, clamped to `lineCount`
 * lines when it is given; undefined when it names none (empty, not a
 * number, line 0, or wholly past the end of the file).
 *
 * @example
 * parseLineRange('20-10')        // { start: 10, end: 20 }
 * parseLineRange('5-999', 8)     // { start: 5, end: 8 }
 * parseLineRange('12', 8)        // undefined
 */
export function parseLineRange (value: string | null | undefined, lineCount?: number): LineRange | undefined {
  const m = RANGE.exec((value ?? '').trim())
  if (m === null) return undefined
  const a = Number(m[1])
  const b = m[2] === undefined ? a : Number(m[2])
  let start = Math.min(a, b)
  let end = Math.max(a, b)
  if (start < 1) start = 1
  if (end < 1) return undefined
  if (lineCount !== undefined) {
    if (start > lineCount) return undefined
    end = Math.min(end, lineCount)
  }
  return { start, end }
}

/** How a range is written in the URL: `10` for one line, `10-20` for more. */
export function formatLineRange (r: LineRange): string {
  return r.start === r.end ? String(r.start) : `${r.start}-${r.end}`
}

/**
 * The range after a click on line `line`: that line alone, or with `extend`
 * (shift-click) from the start of the current range to it, whichever way.
 */
export function pickLine (current: LineRange | undefined, line: number, extend: boolean): LineRange {
  if (!extend || current === undefined) return { start: line, end: line }
  return { start: Math.min(current.start, line), end: Math.max(current.start, line) }
}

export const inLineRange = (r: LineRange | undefined, line: number): boolean => r !== undefined && line >= r.start && line <= r.end
