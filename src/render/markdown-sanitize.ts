// Rendered Markdown from untrusted peers is sanitized into inert markup: no
// script, no event handlers, no dangerous URLs, nothing the strict CSP would
// reject anyway. DOMPurify needs a DOM: the page's, or jsdom's in tests.
import createDOMPurify, { type Config, type DOMPurify } from 'dompurify'

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

/** `html` made inert, with the DOM of `win`. */
export function sanitizeHtml (html: string, win: Window): string {
  return purifierFor(win).sanitize(html, CONFIG)
}
