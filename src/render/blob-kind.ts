// How the file view shows a file: rendered Markdown, highlighted source,
// or, for a binary or one too big to lay out without freezing the tab, a
// notice with its size and ways to open it raw or download it.

/** From this size on a file is not laid out: a table row a line, far past this, stalls the tab for seconds. */
export const MAX_SHOWN_BYTES = 1024 * 1024
/** Past this many lines a file is not laid out. */
export const MAX_SHOWN_LINES = 20_000

/** The extensions GitHub renders as Markdown. */
export const MARKDOWN_FILE = /\.(md|markdown|mdown|mkd)$/i

export type BlobKind = 'binary' | 'large' | 'markdown' | 'source'

/**
 * Lines as the source view numbers them: a final newline ends the last line
 * rather than start one ('a\nb\n' is 2, '' is 0). Counts no further than
 * `stopAfter`, so a huge file costs no more than the limit.
 */
export function countLines (bytes: Uint8Array, stopAfter = Infinity): number {
  let n = 0
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) {
    if (++n > stopAfter) return n
  }
  return bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? n + 1 : n
}

/** What the view does with a file at `path` holding `bytes`. */
export function blobKind (path: string, bytes: Uint8Array, binary: boolean): BlobKind {
  if (binary) return 'binary'
  if (bytes.length >= MAX_SHOWN_BYTES || countLines(bytes, MAX_SHOWN_LINES) > MAX_SHOWN_LINES) return 'large'
  return MARKDOWN_FILE.test(path) ? 'markdown' : 'source'
}
