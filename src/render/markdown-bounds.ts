// A cheap, linear pass over untrusted Markdown before marked sees it, so
// that nesting and tables cannot cost more than they are worth.
//
// Nesting: marked lexes the contents of every block quote and list item
// again, one level down, and recurses to do it: 1,020 lists nested by
// indentation (1 MiB) took it 11 s in Node, and 5,000 nested `>` overflowed
// its stack (RangeError). How deep a line can be nested is bounded by what
// stands in front of its text: each `>` or list marker opens at most one
// level, and each level reached through indentation needs at least two more
// columns (a list item's content starts after its marker and a space). A
// line whose prefix could reach deeper than MAX_NESTING keeps its prefix up
// to that depth: extra indentation is dropped, and the first marker past it
// is escaped with a backslash, which makes it and the rest of the line text.
//
// Tables: marked pads every row to the header's width, in one call that
// nothing can interrupt: a 1,000-column header over 350,000 one-cell rows
// (1 MiB) asks for 350 million cells. A table keeps MAX_TABLE_CELLS cells: a
// blank line ends it there, and the rows after it are text. A header wider
// than that makes no table at all (its delimiter row is escaped).
//
// Nothing is removed but whitespace, and fenced code is left alone. This is
// a bound, not a parser: it overestimates (a `>` in an indented code block
// counts as a level), which only shows on pathological lines; where it
// misreads a fence, marked may still see deep nesting, and the time budget
// in markdown.ts catches that.

/** The deepest block nesting (block quotes and list items) given to marked. */
export const MAX_NESTING = 32
/** The most cells (header included) a table keeps. */
export const MAX_TABLE_CELLS = 2000

const TAB = 9
const SPACE = 32
const GT = 62
const PIPE = 124
const COLON = 58
const DASH = 45
const STAR = 42
const UNDERSCORE = 95
const BACKSLASH = '\\'

/**
 * `text` with CR and CRLF line ends made LF (as marked would), every line
 * nested at most `MAX_NESTING` levels deep and every table cut to
 * `MAX_TABLE_CELLS` cells.
 */
export function boundMarkdown (text: string, opts: { maxNesting?: number, maxTableCells?: number } = {}): string {
  const src = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
  const budget = 2 * (opts.maxNesting ?? MAX_NESTING) // in half levels: a column of indentation is one, a marker two
  const maxCells = opts.maxTableCells ?? MAX_TABLE_CELLS
  const out: string[] = []
  let copied = 0 // src[0, copied) is in out already
  const replaceLine = (start: number, end: number, line: string): void => {
    out.push(src.slice(copied, start), line)
    copied = end
  }
  let fence: { char: string, length: number } | undefined
  /** rows the table being read may still take */
  let tableRows: number | undefined
  let prevBlank = true
  for (let start = 0; start < src.length;) {
    let end = src.indexOf('\n', start)
    if (end < 0) end = src.length
    const prefix = scanPrefix(src, start, end)
    const blank = isBlank(src, prefix.end, end)
    if (fence !== undefined) {
      if (closesFence(src, prefix.quoteEnd, end, fence)) fence = undefined
    } else if (prefix.cost > budget) {
      // (a fence or a table row after the cut is text now)
      replaceLine(start, end, flatten(src, start, prefix, end, budget))
      tableRows = undefined
    } else if (tableRows !== undefined && !blank) {
      if (tableRows-- === 0) {
        // the table ends here; this row and the rest are a paragraph
        replaceLine(start, start, '\n')
        tableRows = undefined
      }
    } else {
      tableRows = undefined
      // four columns in, it would be indented code: better to bound lines
      // in a fence than to leave unbounded ones that are not in one
      fence = prefix.lead <= 3 ? opensFence(src, prefix.end, end) : undefined
      const columns = fence === undefined && !prevBlank ? delimiterRowColumns(src, prefix.quoteEnd, end) : 0
      if (columns > 0) {
        if (2 * columns > maxCells) replaceLine(prefix.quoteEnd, prefix.quoteEnd, BACKSLASH) // no table at all
        else tableRows = Math.floor(maxCells / columns) - 1
      }
    }
    prevBlank = blank
    start = end + 1
  }
  if (copied === 0) return src
  out.push(src.slice(copied))
  return out.join('')
}

function isBlank (src: string, i: number, end: number): boolean {
  for (; i < end; i++) {
    const c = src.charCodeAt(i)
    if (c !== SPACE && c !== TAB) return false
  }
  return true
}

/**
 * How many columns a table delimiter row (`| --- | :-: |`) at `i` has, 0 if
 * the line is not one: cells of `-` with an optional `:` at either end,
 * between `|`, and a `|` or `:` somewhere (else it is a setext underline).
 */
function delimiterRowColumns (src: string, i: number, end: number): number {
  let columns = 0
  let pipes = 0
  let colon = false
  let state = 0 // in a cell: 0 nothing yet, 1 a leading `:`, 2 dashes, 3 after them
  for (; i < end; i++) {
    const c = src.charCodeAt(i)
    if (c === SPACE || c === TAB) {
      if (state === 1) return 0
      if (state === 2) state = 3
    } else if (c === PIPE) {
      if (state === 1) return 0
      if (state >= 2) columns++
      pipes++
      state = 0
    } else if (c === COLON) {
      colon = true
      if (state === 0) state = 1
      else if (state === 2) state = 3
      else return 0
    } else if (c === DASH) {
      if (state === 3) return 0
      state = 2
    } else {
      return 0
    }
  }
  if (state === 1) return 0
  if (state >= 2) columns++
  return columns > 0 && (pipes > 0 || colon) ? columns : 0
}

interface Prefix {
  /** where the line's text starts, after its container markers and indentation */
  end: number
  /** how many `>` and list markers it holds */
  markers: number
  /** where a prefix of only `>` and whitespace ends: a fence inside quotes closes after it */
  quoteEnd: number
  /** how deep the prefix could nest, in half levels */
  cost: number
  /** columns of whitespace after the last marker (or from the line start) */
  lead: number
}

/** Walks a line's container prefix: indentation, `>` markers and list markers. */
function scanPrefix (src: string, start: number, end: number): Prefix {
  let i = start
  let col = 0
  let cost = 0
  let markers = 0
  let lead = 0
  let quoteEnd = -1
  const rule = thematicBreakTail(src, start, end)
  let ruleLeft = -1 // rule characters from i to the line end, once i is in the tail
  while (i < end) {
    const c = src.charCodeAt(i)
    if (rule !== undefined && i >= rule.from) {
      if (ruleLeft < 0) ruleLeft = count(src, i, end, rule.char)
      // `- - -` is a thematic break, not three list items
      if (c === rule.char && ruleLeft >= 3) break
      if (c === rule.char) ruleLeft--
    }
    if (c === SPACE || c === TAB) {
      const w = c === TAB ? 4 - (col % 4) : 1
      col += w
      cost += w
      lead += w
      i++
    } else if (c === GT) {
      cost += 2
      markers++
      lead = 0
      col++
      i++
      // the one space after `>` belongs to the marker
      if (i < end && src.charCodeAt(i) === SPACE) { col++; i++ }
    } else {
      const m = listMarkerLength(src, i, end)
      if (m === 0) break
      if (quoteEnd < 0) quoteEnd = i
      cost += 2
      markers++
      lead = 0
      col += m
      i += m
      // up to four spaces after a list marker are its separator: the item's
      // content starts after them
      for (let s = 0; s < 4 && i < end && src.charCodeAt(i) === SPACE; s++) { col++; i++ }
    }
  }
  return { end: i, markers, quoteEnd: quoteEnd < 0 ? i : quoteEnd, cost, lead }
}

/**
 * Where the line ends in only one of `-`, `*`, `_` and whitespace: from any
 * such character there with three or more of them left, the rest of the line
 * is a thematic break.
 */
function thematicBreakTail (src: string, start: number, end: number): { from: number, char: number } | undefined {
  let i = end
  while (i > start && (src.charCodeAt(i - 1) === SPACE || src.charCodeAt(i - 1) === TAB)) i--
  if (i === start) return undefined
  const char = src.charCodeAt(i - 1)
  if (char !== DASH && char !== STAR && char !== UNDERSCORE) return undefined
  while (i > start) {
    const c = src.charCodeAt(i - 1)
    if (c !== char && c !== SPACE && c !== TAB) break
    i--
  }
  return { from: i, char }
}

function count (src: string, i: number, end: number, char: number): number {
  let n = 0
  for (; i < end; i++) if (src.charCodeAt(i) === char) n++
  return n
}

/** The length of a list marker (`-`, `+`, `*`, `1.`, `1)`) at `i` that is followed by whitespace or the line end; 0 if there is none. */
function listMarkerLength (src: string, i: number, end: number): number {
  const c = src.charCodeAt(i)
  let n = 0
  if (c === 45 || c === 43 || c === 42) { // - + *
    n = 1
  } else {
    while (n < 9 && i + n < end && isDigit(src.charCodeAt(i + n))) n++
    if (n === 0) return 0
    const d = src.charCodeAt(i + n)
    if (i + n >= end || (d !== 46 && d !== 41)) return 0 // . )
    n++
  }
  if (i + n < end) {
    const after = src.charCodeAt(i + n)
    if (after !== SPACE && after !== TAB) return 0
  }
  return n
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57

/**
 * The line src[start, end) with its prefix cut to `budget` half levels. The
 * markers come first: indentation keeps what room they leave, and the first
 * marker past the budget is escaped, after which the rest of the line is
 * copied as it is.
 */
function flatten (src: string, start: number, prefix: Prefix, end: number, budget: number): string {
  let out = ''
  let i = start
  let col = 0
  let cost = 0
  let room = Math.max(0, budget - 2 * prefix.markers) // for indentation
  while (i < prefix.end) {
    const c = src.charCodeAt(i)
    if (c === SPACE || c === TAB) {
      const w = c === TAB ? 4 - (col % 4) : 1
      if (w <= room) { out += src[i]; col += w; cost += w; room -= w }
      i++
      continue
    }
    const m = c === GT ? 1 : listMarkerLength(src, i, end)
    if (cost + 2 > budget) {
      // `\>`, `\-`, `\+`, `\*`; an ordered marker escapes its `.` or `)`
      // (a backslash before a digit would show)
      const escaped = c === GT || m === 1 ? BACKSLASH + src.slice(i, i + m) : src.slice(i, i + m - 1) + BACKSLASH + src[i + m - 1]
      return out + escaped + src.slice(i + m, end)
    }
    cost += 2
    out += src.slice(i, i + m)
    col += m
    i += m
    const sep = c === GT ? 1 : 4
    for (let s = 0; s < sep && i < prefix.end && src.charCodeAt(i) === SPACE; s++) { out += ' '; col++; i++ }
  }
  return out + src.slice(i, end)
}

/** A fenced code block opening at `i` (``` or ~~~, three or more), if any. */
function opensFence (src: string, i: number, end: number): { char: string, length: number } | undefined {
  const c = src[i]
  if (c !== '`' && c !== '~') return undefined
  let n = 0
  while (i + n < end && src[i + n] === c) n++
  if (n < 3) return undefined
  // a backtick fence's info string may not hold a backtick (it would be inline code)
  if (c === '`' && src.slice(i + n, end).includes('`')) return undefined
  return { char: c, length: n }
}

/** Whether the line from `i` closes `fence`: its character, at least as many, then only whitespace. */
function closesFence (src: string, i: number, end: number, fence: { char: string, length: number }): boolean {
  while (i < end && (src.charCodeAt(i) === SPACE || src.charCodeAt(i) === TAB)) i++
  let n = 0
  while (i + n < end && src[i + n] === fence.char) n++
  if (n < fence.length) return false
  return src.slice(i + n, end).trim() === ''
}
