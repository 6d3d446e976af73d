// Searching file contents, as `git grep -n -I` does: each line that holds
// the query once, with its number, binary files skipped. Plain text by
// default (case-insensitive unless asked), or a regular expression.
// Pure, over (path, bytes): the worker and the tests feed it.
import { isBinary } from './diff.js'

export interface SearchQuery {
  text: string
  /** match upper and lower case as typed (default: either) */
  caseSensitive?: boolean
  /** `text` is a JavaScript regular expression (default: plain text) */
  regex?: boolean
}

export interface LineMatch {
  path: string
  /** 1-based, as git grep -n */
  line: number
  /** the line, or a window of it around the first match when it is long */
  text: string
  /** [start, end) of each match in `text` */
  ranges: Array<[number, number]>
  /** `text` starts after the line's start / ends before its end */
  cutStart: boolean
  cutEnd: boolean
}

/** files larger than this are not searched (a generated bundle or a data file, never what a person looks for) */
export const MAX_SEARCH_FILE_BYTES = 1 << 20
/** lines longer than this are shown as a window around their first match */
const MAX_LINE_CHARS = 400
const WINDOW_BEFORE = 80
/** matches marked on one line; past it, the rest of the line is not searched */
const MAX_RANGES = 50

export class SearchQueryError extends Error { static name = 'SearchQueryError'; name = 'SearchQueryError' }

/** A query ready to run: plain text runs over a whole file at once, an expression line by line (as git: `^`, `$` and `.` see only the line, and `\r` is a character like any). */
export interface CompiledQuery { re: RegExp, perLine: boolean }

/** SearchQueryError for an empty query or a malformed expression. */
export function compileQuery (q: SearchQuery): CompiledQuery {
  if (q.text === '') throw new SearchQueryError('nothing to search for')
  const source = q.regex === true ? q.text : q.text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  try {
    return { re: new RegExp(source, `gu${q.caseSensitive === true ? '' : 'i'}`), perLine: q.regex === true }
  } catch (err: any) {
    throw new SearchQueryError(`not a valid regular expression: ${String(err.message).replace(/^Invalid regular expression: /, '')}`)
  }
}

/** Why a file is not searched, or undefined when it is. */
export function skipReason (bytes: Uint8Array): 'large' | 'binary' | undefined {
  if (bytes.length > MAX_SEARCH_FILE_BYTES) return 'large'
  if (isBinary(bytes)) return 'binary'
  return undefined
}

const decoder = new TextDecoder()

/** The lines of one file that match, at most `max`; none for a binary or large file. */
export function searchFile (path: string, bytes: Uint8Array, q: CompiledQuery, max = Infinity): LineMatch[] {
  if (max <= 0 || skipReason(bytes) != null) return []
  const text = decoder.decode(bytes)
  return q.perLine ? searchLines(path, text, q.re, max) : searchWhole(path, text, q.re, max)
}

/** Plain text: one pass over the whole text, not one per line (a plain query never spans a newline, never matches empty). */
function searchWhole (path: string, text: string, re: RegExp, max: number): LineMatch[] {
  const out: LineMatch[] = []
  re.lastIndex = 0
  let lineNo = 1
  let counted = 0 // lineNo is the number of the line holding `counted`
  let current: { start: number, end: number, ranges: Array<[number, number]> } | undefined
  for (let m = re.exec(text); m != null; m = re.exec(text)) {
    const at = m.index
    if (current != null && at < current.end) {
      current.ranges.push([at, at + m[0].length])
      if (current.ranges.length >= MAX_RANGES) re.lastIndex = current.end
      continue
    }
    if (current != null) out.push(lineMatch(path, lineNo, text, current.start, current.end, current.ranges))
    current = undefined
    if (out.length >= max) return out
    for (let i = text.indexOf('\n', counted); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) lineNo++
    counted = at
    const start = text.lastIndexOf('\n', at - 1) + 1
    let end = text.indexOf('\n', at)
    if (end < 0) end = text.length
    current = { start, end, ranges: [[at, at + m[0].length]] }
  }
  if (current != null) out.push(lineMatch(path, lineNo, text, current.start, current.end, current.ranges))
  return out
}

/** An expression: each line on its own, as git grep runs it. */
function searchLines (path: string, text: string, re: RegExp, max: number): LineMatch[] {
  const out: LineMatch[] = []
  let lineNo = 0
  for (let start = 0; start < text.length && out.length < max;) {
    lineNo++
    let end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    const line = text.slice(start, end)
    const ranges: Array<[number, number]> = []
    re.lastIndex = 0
    for (let m = re.exec(line); m != null; m = re.exec(line)) {
      if (m[0].length === 0) re.lastIndex = m.index + 1 // step on, or an empty match loops
      ranges.push([start + m.index, start + m.index + m[0].length])
      if (re.lastIndex > line.length || ranges.length >= MAX_RANGES) break
    }
    if (ranges.length > 0) out.push(lineMatch(path, lineNo, text, start, end, ranges))
    start = end + 1
  }
  return out
}

function lineMatch (path: string, line: number, text: string, start: number, end: number, abs: Array<[number, number]>): LineMatch {
  // a CRLF file: the CR is not part of the line shown
  if (end > start && text.charCodeAt(end - 1) === 0x0d) end--
  let from = start
  let to = end
  if (end - start > MAX_LINE_CHARS) {
    from = Math.max(start, abs[0][0] - WINDOW_BEFORE)
    to = Math.min(end, from + MAX_LINE_CHARS)
  }
  const ranges: Array<[number, number]> = []
  for (const [a, b] of abs) {
    if (a >= to) break
    if (b > from) ranges.push([Math.max(a, from) - from, Math.min(b, to) - from])
  }
  return { path, line, text: text.slice(from, to), ranges, cutStart: from > start, cutEnd: to < end }
}
