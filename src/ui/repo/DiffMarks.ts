// Word marks over a line's HTML: the line is highlighted (hljs spans and
// escaped text, see render/highlight.ts) or just escaped; the changed words
// are character ranges of its text. A mark is closed and reopened around
// every tag it crosses, so the result stays well formed.

/** [start, end) in UTF-16 code units of the line's text */
export type CharRange = [number, number]

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, c => ESCAPES[c] ?? c)
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' }

// a tag, an entity (one character of text), or one character
const PIECE = /<[^>]*>|&[#\w]+;|[\s\S]/g

export function markWords (html: string, ranges: readonly CharRange[] | undefined, cls = 'wd'): string {
  if (ranges === undefined || ranges.length === 0) return html
  const open = `<span class="${cls}">`
  let out = ''
  let at = 0 // text offset
  let r = 0
  let inMark = false
  PIECE.lastIndex = 0
  for (let m = PIECE.exec(html); m !== null; m = PIECE.exec(html)) {
    const piece = m[0]
    if (piece.startsWith('<')) {
      out += inMark ? `</span>${piece}${open}` : piece
      continue
    }
    while (r < ranges.length && ranges[r][1] <= at) r++
    const want = r < ranges.length && ranges[r][0] <= at
    if (want !== inMark) { out += want ? open : '</span>'; inMark = want }
    out += piece
    // a surrogate pair is one piece of two code units
    at += piece.startsWith('&') ? 1 : piece.length
  }
  if (inMark) out += '</span>'
  // marks opened just before a tag and closed right after are empty: drop them
  return out.split(`${open}</span>`).join('')
}
