// GitHub's alerts: a blockquote whose first line is `[!NOTE]`, `[!TIP]`,
// `[!IMPORTANT]`, `[!WARNING]` or `[!CAUTION]` becomes a titled box. Runs on
// sanitized HTML; the classes it adds cannot come from a peer (the sanitizer
// strips every class but code-language ones).

const KINDS: Record<string, string> = { NOTE: 'Note', TIP: 'Tip', IMPORTANT: 'Important', WARNING: 'Warning', CAUTION: 'Caution' }
const MARKER = /^\s*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?:\n|$)/i

/** Turns `root`'s alert blockquotes (top level or nested) into alert boxes, in place. */
export function renderAlerts (root: DocumentFragment | Element): void {
  for (const quote of Array.from(root.querySelectorAll('blockquote'))) {
    const first = quote.firstElementChild
    if (first?.tagName !== 'P') continue
    const head = first.firstChild
    if (head?.nodeType !== 3) continue // a text node
    const m = MARKER.exec(head.textContent ?? '')
    // `[!NOTE] text` on one line is a plain quote, as on GitHub
    if (m === null) continue
    const kind = m[1].toUpperCase()
    head.textContent = (head.textContent ?? '').slice(m[0].length)
    if (head.textContent === '' && head.nextSibling?.nodeName === 'BR') head.nextSibling.remove()
    if (first.textContent?.trim() === '' && first.children.length === 0) first.remove()
    const doc = root.ownerDocument
    const box = doc.createElement('div')
    box.setAttribute('class', `markdown-alert markdown-alert-${kind.toLowerCase()}`)
    const title = doc.createElement('p')
    title.setAttribute('class', 'markdown-alert-title')
    title.textContent = KINDS[kind]
    box.append(title, ...Array.from(quote.childNodes))
    quote.replaceWith(box)
  }
}
