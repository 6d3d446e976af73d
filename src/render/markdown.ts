// READMEs, issues and comments come from untrusted peers, so their Markdown is
// rendered to HTML and then sanitized into inert markup: no script, no event
// handlers, no dangerous URLs, nothing the strict CSP would reject anyway.
import { Marked } from 'marked'
import createDOMPurify, { type Config, type DOMPurify } from 'dompurify'

// A hostile peer could send megabytes of pathological Markdown to freeze the
// tab; 1 MiB (in UTF-16 code units) is far beyond any real README.
export const MAX_MARKDOWN_LENGTH = 1024 * 1024

const markdown = new Marked({
  gfm: true,
  async: false,
  renderer: {
    // GFM task lists render as <input> checkboxes, which we strip (no form
    // controls from peers); a glyph keeps the information without the element.
    checkbox ({ checked }) {
      return checked ? '☑ ' : '☐ '
    }
  }
})

const CONFIG: Config = {
  // HTML only: SVG and MathML are where most sanitizer bypasses live.
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'form', 'input', 'button',
    'textarea', 'select', 'option', 'base', 'link', 'meta'],
  // style: CSP forbids inline styles anyway. id/name: DOM clobbering of the
  // app's own globals and elements (SANITIZE_DOM only catches known names).
  FORBID_ATTR: ['style', 'id', 'name', 'srcset', 'action', 'formaction'],
  // Only web and mail schemes; anything without a scheme (relative links,
  // #fragments) passes and the caller resolves it against the repository.
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
  ALLOW_DATA_ATTR: false,
  SANITIZE_DOM: true
}

// Inline images as data: URLs are common in READMEs; only raster types that a
// browser cannot execute are kept (DOMPurify alone would allow any data: src).
const SAFE_DATA_IMAGE = /^data:image\/(?:png|gif|jpeg|webp)[;,]/i
const EXTERNAL_LINK = /^(?:(?:https?|mailto):|\/\/)/i
const CODE_LANGUAGE_CLASS = /^language-[\w+#.-]+$/

// One sanitizer per window, built once: hooks are per instance.
const purifiers = new WeakMap<object, DOMPurify>()

function purifierFor (win: Window): DOMPurify {
  let purify = purifiers.get(win)
  if (purify !== undefined) return purify
  purify = createDOMPurify(win as unknown as Parameters<typeof createDOMPurify>[0])
  purify.addHook('afterSanitizeAttributes', node => {
    const el = node as Element
    if (typeof el.getAttribute !== 'function') return
    const src = el.getAttribute('src')
    if (src !== null) {
      const compact = src.replace(/[\s\u0000-\u001f]/g, '')
      if (/^data:/i.test(compact) && !(el.tagName === 'IMG' && SAFE_DATA_IMAGE.test(compact))) {
        el.removeAttribute('src')
      }
    }
    // Peers must not dress their markup up as the app's own UI: the only
    // classes kept are marked's code-block language markers.
    const cls = el.getAttribute('class')
    if (cls !== null && !(el.tagName === 'CODE' && CODE_LANGUAGE_CLASS.test(cls))) {
      el.removeAttribute('class')
    }
    if (el.tagName === 'A') {
      // no referrer leak, no window.opener, no SEO credit for spam links
      el.setAttribute('rel', 'noopener noreferrer nofollow')
      const href = el.getAttribute('href')
      if (href !== null && EXTERNAL_LINK.test(href.trim())) {
        el.setAttribute('target', '_blank')
      } else {
        el.removeAttribute('target')
      }
    }
  })
  purifiers.set(win, purify)
  return purify
}

export function renderMarkdown (markdownText: string, opts?: { window?: Window }): string {
  const win = opts?.window ?? (globalThis as { window?: Window }).window
  if (win === undefined) throw new Error('renderMarkdown needs a DOM window to sanitize with')
  const html = markdown.parse(truncate(markdownText), { async: false })
  return purifierFor(win).sanitize(html, CONFIG)
}

function truncate (text: string): string {
  if (text.length <= MAX_MARKDOWN_LENGTH) return text
  let end = MAX_MARKDOWN_LENGTH
  // do not leave half of a surrogate pair at the cut
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return text.slice(0, end)
}
