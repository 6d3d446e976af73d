// Which words changed inside a changed line: the commit and compare views
// mark them within a removed line and the added line that replaced it.
// Pure: no DOM, no I/O.
import type { DiffLine } from './diff.js'

/** [start, end) in UTF-16 code units of the line's text */
export type WordRange = [number, number]
export interface WordChanges { old: WordRange[], new: WordRange[] }

/** Longer lines (minified code, data) get no word marks: they would be noise, and costly. */
export const MAX_WORD_DIFF_LINE = 1000
/** The most token pairs compared for one line pair, after the common ends are trimmed; past it the middle is one change. */
export const MAX_WORD_DIFF_CELLS = 250_000
/** The most token pairs compared for one hunk's lines, all pairs together; the pairs after it get no word marks. */
export const MAX_HUNK_WORD_CELLS = 2_000_000

// a word (letters, digits, _), a run of spaces, or any other one character
const TOKEN = /[\p{L}\p{N}_]+|\s+|[\s\S]/gu

export function wordTokens (line: string): string[] {
  return line.match(TOKEN) ?? []
}

/**
 * The changed ranges of each line, comparing word by word (a longest common
 * subsequence of tokens). Undefined when the lines are too long, or have no
 * word in common (then the whole line is the change, and marks say nothing).
 */
export function wordDiff (a: string, b: string, budget = { cells: MAX_WORD_DIFF_CELLS }): WordChanges | undefined {
  if (a.length > MAX_WORD_DIFF_LINE || b.length > MAX_WORD_DIFF_LINE) return undefined
  const x = wordTokens(a)
  const y = wordTokens(b)
  let pre = 0
  while (pre < x.length && pre < y.length && x[pre] === y[pre]) pre++
  let suf = 0
  while (suf < x.length - pre && suf < y.length - pre && x[x.length - 1 - suf] === y[y.length - 1 - suf]) suf++
  const n = x.length - pre - suf
  const m = y.length - pre - suf
  const keepX = new Uint8Array(x.length)
  const keepY = new Uint8Array(y.length)
  for (let i = 0; i < pre; i++) { keepX[i] = 1; keepY[i] = 1 }
  for (let i = 0; i < suf; i++) { keepX[x.length - 1 - i] = 1; keepY[y.length - 1 - i] = 1 }
  if (n > 0 && m > 0 && n * m <= Math.min(budget.cells, MAX_WORD_DIFF_CELLS)) {
    budget.cells -= n * m
    lcs(x, y, pre, n, m, keepX, keepY)
  }
  if (!sharesAWord(x, keepX)) return undefined
  return { old: ranges(x, keepX), new: ranges(y, keepY) }
}

/** Marks in keepX / keepY the tokens of a longest common subsequence of x[pre, pre+n) and y[pre, pre+m). */
function lcs (x: string[], y: string[], pre: number, n: number, m: number, keepX: Uint8Array, keepY: Uint8Array): void {
  // suffix table: len[i][j] = LCS of x[pre+i..] and y[pre+j..]
  const w = m + 1
  const len = new Uint16Array((n + 1) * w)
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[i * w + j] = x[pre + i] === y[pre + j] ? len[(i + 1) * w + j + 1] + 1 : Math.max(len[(i + 1) * w + j], len[i * w + j + 1])
    }
  }
  for (let i = 0, j = 0; i < n && j < m;) {
    if (x[pre + i] === y[pre + j]) { keepX[pre + i] = 1; keepY[pre + j] = 1; i++; j++ } else if (len[(i + 1) * w + j] >= len[i * w + j + 1]) i++
    else j++
  }
}

function sharesAWord (tokens: string[], keep: Uint8Array): boolean {
  for (let i = 0; i < tokens.length; i++) if (keep[i] === 1 && /[^\s]/.test(tokens[i])) return true
  return false
}

/** Runs of tokens not kept, as character ranges; a space between two changes joins them. */
function ranges (tokens: string[], keep: Uint8Array): WordRange[] {
  const out: WordRange[] = []
  let at = 0
  for (let i = 0; i < tokens.length; i++) {
    const end = at + tokens[i].length
    if (keep[i] === 0) {
      const last = out.at(-1)
      if (last !== undefined && last[1] === at) last[1] = end
      else out.push([at, end])
    } else if (/^\s+$/.test(tokens[i]) && out.at(-1)?.[1] === at && keep[i + 1] === 0) {
      out.at(-1)![1] = end
    }
    at = end
  }
  return out
}

/**
 * The word changes of each line of a hunk, by index (undefined for lines
 * without): in each run of removed lines followed by added lines, the k-th
 * removed line is paired with the k-th added one.
 */
export function hunkWordChanges (lines: ReadonlyArray<Pick<DiffLine, 'kind' | 'text'>>, cells = MAX_HUNK_WORD_CELLS): Array<WordRange[] | undefined> {
  const out: Array<WordRange[] | undefined> = new Array(lines.length).fill(undefined)
  const budget = { cells }
  for (let i = 0; i < lines.length;) {
    if (lines[i].kind !== 'del') { i++; continue }
    const d0 = i
    while (i < lines.length && lines[i].kind === 'del') i++
    const a0 = i
    while (i < lines.length && lines[i].kind === 'add') i++
    const pairs = Math.min(a0 - d0, i - a0)
    for (let k = 0; k < pairs && budget.cells > 0; k++) {
      const w = wordDiff(lines[d0 + k].text, lines[a0 + k].text, budget)
      if (w === undefined) continue
      out[d0 + k] = w.old
      out[a0 + k] = w.new
    }
  }
  return out
}
