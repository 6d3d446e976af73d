// A directory's README, ready to show: Markdown rendered as far as the
// bounds allow (markdown.ts), any other README as text. Nothing a peer puts
// in it makes this throw: at worst the UI shows the text itself, escaped.
import { renderAlerts } from './markdown-alerts.js'
import { MAX_MARKDOWN_LENGTH, renderMarkdown } from './markdown.js'
import { rewriteRepoUrls, type RepoLinks } from './readme-links.js'
import { renderShortcodes } from './markdown-shortcodes.js'

/** The file names that count as a directory's README. */
export const README_NAME = /^readme(\.(md|markdown|txt))?$/i
const MARKDOWN_NAME = /\.(md|markdown|mdown|mkd)$/i // as blob-kind.ts MARKDOWN_FILE: GitHub's

/**
 * The most plain text shown. A browser lays out a <pre> at ~5 µs a line
 * (Chromium here: 512k short lines took 2.2 s, 10k lines 41 ms); the whole
 * file stays one click away, on its own page.
 */
export const MAX_PLAIN_TEXT_LINES = 5000
export const MAX_PLAIN_TEXT_LENGTH = 256 * 1024

export interface ReadmeView {
  /** sanitized HTML of what was rendered, '' for none */
  html: string
  /** text to show as it is (escaped), after the HTML; '' for none */
  text: string
  /** why some of it is plain text or missing, in one line */
  notice?: string
}

/**
 * READMEs whose Markdown ran out of time or failed, by blob id: shown as
 * text at once the next time (a new commit re-renders the same README)
 * rather than spend the time budget again.
 */
const plainNextTime = new Set<string>()
const MAX_REMEMBERED = 256

/**
 * Renders a README. `key` (the blob id) names its content, so a README that
 * was too slow is not tried again; `window` and `budgetMs` go to
 * renderMarkdown.
 *
 * @example
 * const view = renderReadme('README.md', bytes, { key: oid })
 * // view.html (sanitized), then view.notice, then view.text in a <pre>
 */
export function renderReadme (name: string, bytes: Uint8Array, opts: { key?: string, window?: Window, budgetMs?: number, links?: RepoLinks } = {}): ReadmeView {
  const { text, cut } = decodeCapped(bytes)
  const view = (html: string, rest: string, notice?: string): ReadmeView => {
    const plain = capPlainText(rest)
    const short = plain.length < rest.length || cut ? 'The text is cut short: open the file to see all of it.' : undefined
    const notices = [notice, short].filter(n => n !== undefined).join(' ')
    return { html, text: plain, ...(notices !== '' && { notice: notices }) }
  }
  if (!MARKDOWN_NAME.test(name)) return view('', text)
  if (opts.key !== undefined && plainNextTime.has(opts.key)) {
    return view('', text, 'Shown as plain text: it took too long to render before.')
  }
  const r = renderMarkdown(text, { window: opts.window, budgetMs: opts.budgetMs })
  if ((r.limit === 'time' || r.limit === 'error') && opts.key !== undefined) remember(opts.key)
  return view(r.html === '' ? '' : finish(r.html, opts.window, opts.links), r.rest, r.notice)
}

/**
 * Alerts, :shortcodes: and repository links, on the sanitized HTML. Without `links` every
 * relative URL is dropped rather than left to resolve against the app's page.
 */
function finish (html: string, win: Window | undefined, links: RepoLinks = NO_LINKS): string {
  const doc = (win ?? (globalThis as { window?: Window }).window)?.document
  if (doc === undefined) return html
  // worked on inside a <template>, whose document is inert: no image in it
  // loads (one moved into the page's document would) and nothing runs
  const t = doc.createElement('template')
  t.innerHTML = html
  renderAlerts(t.content)
  renderShortcodes(t.content)
  rewriteRepoUrls(t.content, links)
  return t.innerHTML
}

const NO_LINKS: RepoLinks = { dir: '', blob: () => '#', tree: () => '#' }

/** The text of `bytes` as UTF-8, at most MAX_MARKDOWN_LENGTH code units, decoding no more bytes than that can take. */
function decodeCapped (bytes: Uint8Array): { text: string, cut: boolean } {
  // a UTF-16 code unit takes at most 3 bytes of UTF-8
  const maxBytes = 3 * MAX_MARKDOWN_LENGTH
  const text = new TextDecoder().decode(bytes.length > maxBytes ? bytes.subarray(0, maxBytes) : bytes)
  if (text.length <= MAX_MARKDOWN_LENGTH) return { text, cut: bytes.length > maxBytes }
  return { text: text.slice(0, safeEnd(text, MAX_MARKDOWN_LENGTH)), cut: true }
}

/** `text` cut to MAX_PLAIN_TEXT_LINES lines and MAX_PLAIN_TEXT_LENGTH code units. */
function capPlainText (text: string): string {
  const end = Math.min(text.length, MAX_PLAIN_TEXT_LENGTH)
  let at = -1
  for (let lines = 0; lines < MAX_PLAIN_TEXT_LINES; lines++) {
    at = text.indexOf('\n', at + 1)
    if (at < 0 || at >= end) return text.slice(0, safeEnd(text, end))
  }
  return text.slice(0, at + 1)
}

/** `end`, or one less where it would split a surrogate pair. */
function safeEnd (text: string, end: number): number {
  const last = text.charCodeAt(end - 1)
  return end < text.length && last >= 0xd800 && last <= 0xdbff ? end - 1 : end
}

function remember (key: string): void {
  if (plainNextTime.size >= MAX_REMEMBERED) plainNextTime.delete(plainNextTime.values().next().value!)
  plainNextTime.add(key)
}
