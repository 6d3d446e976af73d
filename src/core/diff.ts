// Line diffs for the commit and merge-request views. Pure: no DOM, no I/O,
// so it runs the same in the tab, in a worker and under Node tests.
import { changedLines, splitLines } from './xdiff.js'

// git decides "binary" by looking for a NUL byte in the first 8000 bytes
// (buffer_is_binary in xdiff-interface.c); matching it means Guts and git
// agree on which files get a text diff.
const BINARY_SNIFF_BYTES = 8000

export function isBinary (bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, BINARY_SNIFF_BYTES)
  for (let i = 0; i < end; i++) {
    if (bytes[i] === 0) return true
  }
  return false
}

export interface DiffLine { kind: 'context' | 'add' | 'del', text: string, oldNo?: number, newNo?: number }
/** `oldStart`/`newStart`: the 1-based line number the hunk starts at on each side (as in its header, 0 for an empty side) */
export interface Hunk { header: string, lines: DiffLine[], oldStart: number, oldCount: number, newStart: number, newCount: number }
export interface TextDiff { hunks: Hunk[], added: number, removed: number }

export interface DiffTextOptions {
  /**
   * As `git diff -w`: lines that differ only in whitespace are equal.
   * Context lines then show the new side's text, as git shows them.
   */
  ignoreWhitespace?: boolean
}

// git's isspace (sane_ctype's GIT_SPACE): space, tab, LF, CR; not VT or FF
const GIT_SPACE = /[ \t\n\r]+/g

/**
 * A unified diff with git's line counts: the lines marked changed are the
 * ones git's xdiff marks (see xdiff.ts), and far-apart changes are split into
 * hunks as git splits them (more than 2 × context unchanged lines between).
 */
export function diffText (oldText: string, newText: string, context = 3, opts: DiffTextOptions = {}): TextDiff {
  const a = splitLines(oldText)
  const b = splitLines(newText)
  // xdiff compares lines through their hash and recmatch; with -w both skip
  // every space, the newline included, so the lines without them compare the same
  const key = (l: string): string => l.replace(GIT_SPACE, '')
  const { removed: del, added: add } = opts.ignoreWhitespace === true ? changedLines(a.map(key), b.map(key)) : changedLines(a, b)
  // change blocks as [start in a, end in a, start in b, end in b]
  const blocks: Array<[number, number, number, number]> = []
  for (let i = 0, j = 0; i < a.length || j < b.length;) {
    if ((i < a.length && del[i] === 1) || (j < b.length && add[j] === 1)) {
      const i0 = i
      const j0 = j
      while (i < a.length && del[i] === 1) i++
      while (j < b.length && add[j] === 1) j++
      blocks.push([i0, i, j0, j])
    } else { i++; j++ }
  }
  const hunks: Hunk[] = []
  let removed = 0
  let added = 0
  for (let k = 0; k < blocks.length;) {
    let last = k
    while (last + 1 < blocks.length && blocks[last + 1][0] - blocks[last][1] <= 2 * context) last++
    const s1 = Math.max(0, blocks[k][0] - context)
    const s2 = blocks[k][2] - (blocks[k][0] - s1)
    const e1 = Math.min(a.length, blocks[last][1] + context)
    const e2 = blocks[last][3] + (e1 - blocks[last][1])
    const lines: DiffLine[] = []
    let i = s1
    let j = s2
    for (let m = k; m <= last; m++) {
      const [i0, i1, , j1] = blocks[m]
      for (; i < i0; i++, j++) lines.push({ kind: 'context', text: bare(b[j]), oldNo: i + 1, newNo: j + 1 })
      for (; i < i1; i++) { lines.push({ kind: 'del', text: bare(a[i]), oldNo: i + 1 }); removed++ }
      for (; j < j1; j++) { lines.push({ kind: 'add', text: bare(b[j]), newNo: j + 1 }); added++ }
    }
    // (git's xemit.c emits context from the new side)
    for (; i < e1; i++, j++) lines.push({ kind: 'context', text: bare(b[j]), oldNo: i + 1, newNo: j + 1 })
    // unified diff says 0 for an empty side's start, so '@@ -0,0 +1,3 @@' reads right
    const c1 = e1 - s1
    const c2 = e2 - s2
    const oldStart = c1 === 0 ? s1 : s1 + 1
    const newStart = c2 === 0 ? s2 : s2 + 1
    hunks.push({ header: `@@ -${oldStart},${c1} +${newStart},${c2} @@`, lines, oldStart, oldCount: c1, newStart, newCount: c2 })
    k = last + 1
  }
  return { hunks, added, removed }
}

/** A line as shown: without its newline, nor the '\r' of CRLF (the diff itself compared them). */
function bare (line: string): string {
  const s = line.endsWith('\n') ? line.slice(0, -1) : line
  return s.endsWith('\r') ? s.slice(0, -1) : s
}
