// Line diffs for the commit and merge-request views. Pure: no DOM, no I/O,
// so it runs the same in the tab, in a worker and under Node tests.
import { structuredPatch } from 'diff'

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
export interface Hunk { header: string, lines: DiffLine[] }
export interface TextDiff { hunks: Hunk[], added: number, removed: number }

export function diffText (oldText: string, newText: string, context = 3): TextDiff {
  const patch = structuredPatch('a', 'b', oldText, newText, undefined, undefined, { context })
  const hunks: Hunk[] = []
  let added = 0
  let removed = 0
  for (const h of patch.hunks) {
    // jsdiff reports start 1 for an empty side; unified diff (and git) says 0
    // there, so '@@ -0,0 +1,3 @@' reads right for an added file.
    const oldStart = h.oldLines === 0 ? h.oldStart - 1 : h.oldStart
    const newStart = h.newLines === 0 ? h.newStart - 1 : h.newStart
    const header = `@@ -${oldStart},${h.oldLines} +${newStart},${h.newLines} @@`
    const lines: DiffLine[] = []
    let oldNo = h.oldStart
    let newNo = h.newStart
    for (const raw of h.lines) {
      const sign = raw[0]
      // jsdiff keeps the '\r' of CRLF files in the line; it is noise on screen
      // (the diff itself was computed with it, so EOL changes still show up).
      const text = stripCr(raw.slice(1))
      if (sign === ' ') {
        lines.push({ kind: 'context', text, oldNo: oldNo++, newNo: newNo++ })
      } else if (sign === '-') {
        lines.push({ kind: 'del', text, oldNo: oldNo++ })
        removed++
      } else if (sign === '+') {
        lines.push({ kind: 'add', text, newNo: newNo++ })
        added++
      }
      // '\' is "\ No newline at end of file": a marker, not a line of the file.
    }
    hunks.push({ header, lines })
  }
  return { hunks, added, removed }
}

function stripCr (s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s
}
