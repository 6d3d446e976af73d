// READMEs, issues and comments come from untrusted peers. Their Markdown is
// bounded first (markdown-bounds.ts: nesting, tables), rendered by marked
// under a time budget and size budgets, and sanitized into inert markup
// (markdown-sanitize.ts). What does not render within those bounds comes
// back as plain text for the caller to show, and no input makes this throw.
//
// Why budgets as well as bounds: marked has more slow paths than a pre-pass
// can know. On 1 MiB inputs, before any bound, in Node: 1,020 nested lists
// 11 s, 5,000 nested `>` a RangeError, `*a*a…` and `a_a_…` over 20 s,
// 250,000 list items 2.2 s; and every element costs to sanitize and lay out
// (Chromium ~5 and ~10 µs, jsdom 60-200 µs). The time budget interrupts
// marked from inside (checkDeadline), so marked runs on the page's thread:
// a Web Worker with a timeout would bound marked too, but DOMPurify needs the
// page's DOM, the size budgets are needed anyway, and every README would
// become asynchronous and testable only in a browser.
import { Marked } from 'marked'
import { boundMarkdown } from './markdown-bounds.js'
import { sanitizeHtml } from './markdown-sanitize.js'
import type { Token } from 'marked'

// A hostile peer could send megabytes of Markdown; 1 MiB (in UTF-16 code
// units) is far beyond any real README. Past it the text is cut.
export const MAX_MARKDOWN_LENGTH = 1024 * 1024
/**
 * How much of the text is given to marked; the lines after it are plain
 * text. The largest README in node_modules here (isomorphic-git's) is 67 KB.
 */
export const MAX_RENDERED_SOURCE = 128 * 1024
/** How long marked may take, lexing and rendering; past it, plain text. */
export const MARKDOWN_TIME_BUDGET_MS = 400
/**
 * The most elements and the most HTML rendered: the blocks past either are
 * plain text. isomorphic-git's README renders to 1,360 elements.
 */
export const MAX_MARKDOWN_ELEMENTS = 4000
export const MAX_RENDERED_HTML = 128 * 1024
/**
 * The deepest element nesting rendered. Raw HTML can nest without end, and
 * sanitizing costs grow with the square of the depth in jsdom (5,000 nested
 * <div>s: 7 s); Chromium's parser stops nesting at 512 anyway. marked's own
 * deepest (32 levels of lists, then inline markup) stays well inside it.
 */
export const MAX_HTML_DEPTH = 256

/** marked ran past its time budget. */
export class MarkdownTimeoutError extends Error {
  static name = 'MarkdownTimeoutError'
  name = 'MarkdownTimeoutError'
}

let deadline = Infinity
let calls = 0

/**
 * Called by marked before each block and each inline token it reads: throws
 * once the budget is spent, which unwinds marked (it keeps no state between
 * calls). Reading the clock on every 32nd call is often enough: marked's
 * slow paths are many cheap steps, not one long one.
 */
function checkDeadline (): undefined {
  if ((++calls & 31) === 0 && performance.now() > deadline) throw new MarkdownTimeoutError('marked ran out of time')
  return undefined
}

const markdown = new Marked({
  gfm: true,
  async: false,
  renderer: {
    // GFM task lists render as <input> checkboxes, which we strip (no form
    // controls from peers); a glyph keeps the information without the element.
    checkbox ({ checked }) {
      return checked ? '☑ ' : '☐ '
    }
  },
  // they never make a token: they only give the deadline a say at every step
  extensions: [
    { name: 'guts-deadline-block', level: 'block', tokenizer: checkDeadline },
    { name: 'guts-deadline-inline', level: 'inline', tokenizer: checkDeadline }
  ]
})

export interface RenderedMarkdown {
  /** sanitized HTML of what was rendered: the whole text, its beginning, or '' */
  html: string
  /** the text after what was rendered, to be shown as plain text; '' when there is none */
  rest: string
  /** why some of the text is plain or missing, in one line; absent when all of it rendered */
  notice?: string
  /** what stopped it: a size bound, the time budget, or marked failing */
  limit?: 'size' | 'time' | 'error'
}

export interface RenderMarkdownOptions {
  /** whose DOM sanitizes; the global window by default */
  window?: Window
  /** MARKDOWN_TIME_BUDGET_MS by default */
  budgetMs?: number
}

/**
 * Renders untrusted Markdown to sanitized HTML, as far as the bounds allow.
 * Throws only when there is no DOM to sanitize with, rather than return
 * unsanitized HTML.
 */
export function renderMarkdown (markdownText: string, opts: RenderMarkdownOptions = {}): RenderedMarkdown {
  const win = opts.window ?? (globalThis as { window?: Window }).window
  if (win === undefined) throw new Error('renderMarkdown needs a DOM window to sanitize with')
  const text = truncate(markdownText, MAX_MARKDOWN_LENGTH)
  const budgetMs = opts.budgetMs ?? MARKDOWN_TIME_BUDGET_MS
  const over1MiB = text.length < markdownText.length ? ' (and only its first 1 MiB is shown)' : ''
  try {
    deadline = performance.now() + budgetMs
    const head = text.length <= MAX_RENDERED_SOURCE ? text : text.slice(0, lineEndBefore(text, MAX_RENDERED_SOURCE))
    const source = boundMarkdown(head)
    const tokens = markdown.lexer(source)
    const { html, rendered, stop } = renderTokens(tokens)
    const rest = (rendered < tokens.length ? source.slice(rawLength(tokens, rendered)) : '') + text.slice(head.length)
    // (over 1 MiB is over MAX_RENDERED_SOURCE too)
    const limit = stop ?? (head.length < text.length ? 'size' : undefined)
    const why = limit === 'time' ? `it took too long to render (over ${budgetMs} ms)` : 'it is too large to render in full'
    const notice = rendered === 0
      ? `Shown as plain text: ${why}${over1MiB}.`
      : `Rendered in part: ${why}; the rest is plain text${over1MiB}.`
    return { html: sanitizeHtml(html, win), rest, ...(limit !== undefined && { notice, limit }) }
  } catch (err: any) {
    const timedOut = err instanceof MarkdownTimeoutError
    const why = timedOut
      ? `it took too long to render (over ${budgetMs} ms)`
      : `it could not be rendered (${String(err?.name ?? 'Error')})`
    return { html: '', rest: text, notice: `Shown as plain text: ${why}${over1MiB}.`, limit: timedOut ? 'time' : 'error' }
  } finally {
    deadline = Infinity
  }
}

/** Renders top-level blocks until the time or one of the size budgets runs out. */
function renderTokens (tokens: Token[]): { html: string, rendered: number, stop?: 'size' | 'time' } {
  let html = ''
  const shape: HtmlShape = { elements: 0, open: [], deepest: 0 }
  for (let i = 0; i < tokens.length; i++) {
    if (performance.now() > deadline) return { html, rendered: i, stop: 'time' }
    const part = markdown.parser([tokens[i]])
    measureHtml(part, shape)
    if (shape.elements > MAX_MARKDOWN_ELEMENTS || shape.deepest > MAX_HTML_DEPTH || html.length + part.length > MAX_RENDERED_HTML) {
      return { html, rendered: i, stop: 'size' }
    }
    html += part
  }
  return { html, rendered: tokens.length }
}

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr'])
/** elements that a sibling of the same name closes (HTML's implied end tags, roughly) */
const SIBLINGS_CLOSE = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option'])

interface HtmlShape { elements: number, open: string[], deepest: number }

/**
 * Adds the start tags in `html` to `shape.elements`, and follows which
 * elements are open (one left open by a block may close in a later one),
 * as an HTML parser would, roughly: an end tag closes the latest element of
 * its name and those inside it, and is ignored when none is open (so stray
 * end tags cannot hide depth). marked escapes every `<` that is not a tag;
 * a `<` in an attribute or a comment can only overestimate.
 */
function measureHtml (html: string, shape: HtmlShape): void {
  for (let i = html.indexOf('<'); i >= 0; i = html.indexOf('<', i + 1)) {
    const closing = html.charCodeAt(i + 1) === 47 // </
    const start = closing ? i + 2 : i + 1
    if (!isLetter(html.charCodeAt(start))) continue
    let end = start + 1
    while (end < html.length && isTagNameChar(html.charCodeAt(end))) end++
    const name = html.slice(start, end).toLowerCase()
    if (closing) {
      const at = shape.open.lastIndexOf(name)
      if (at >= 0) shape.open.length = at
      continue
    }
    shape.elements++
    if (VOID_ELEMENTS.has(name)) continue
    if (SIBLINGS_CLOSE.has(name) && shape.open.at(-1) === name) shape.open.pop()
    shape.open.push(name)
    if (shape.open.length > shape.deepest) shape.deepest = shape.open.length
  }
}

const isLetter = (c: number): boolean => (c | 0x20) >= 97 && (c | 0x20) <= 122
const isTagNameChar = (c: number): boolean => isLetter(c) || (c >= 48 && c <= 57) || c === 45

/** The length of the source the first `count` tokens came from (their raw texts follow each other). */
function rawLength (tokens: Token[], count: number): number {
  let n = 0
  for (let i = 0; i < count; i++) n += tokens[i].raw.length
  return n
}

/** Where to cut `text` to at most `max` code units: after the last line end before, if there is one. */
function lineEndBefore (text: string, max: number): number {
  const nl = text.lastIndexOf('\n', max - 1)
  return nl >= 0 ? nl + 1 : truncate(text, max).length
}

function truncate (text: string, max: number): string {
  if (text.length <= max) return text
  let end = max
  // do not leave half of a surrogate pair at the cut
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return text.slice(0, end)
}
