// Links and images in a rendered README point into the repository, as on a
// forge: a relative href would otherwise resolve against the app's own page
// and land on its home. This runs on HTML that is already sanitized, and
// only rewrites or removes what the sanitizer let through; the classes and
// data- attributes it adds cannot come from a peer (the sanitizer strips them).

/** How the app spells its own URLs; the caller's (src/ui/repo/links.ts). */
export interface RepoLinks {
  /** the folder the README is in, '' for the root */
  dir: string
  blob: (path: string) => string
  tree: (path: string) => string
  /** whether a repository path is a folder, when the caller knows (a trailing '/' always means one) */
  isDir?: (path: string) => boolean
}

/** A URL with a scheme, or protocol-relative: it leaves the repository. */
const ABSOLUTE = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i
const WEB_IMAGE = /^(?:https?:)?\/\//i

/**
 * The repository path `url` names from the folder `dir`, without query or
 * fragment; undefined when it climbs above the root (`../../x` from `a/`),
 * or is absolute. A leading '/' is the repository root, as on GitHub.
 */
export function resolveRepoPath (dir: string, url: string): { path: string, folder: boolean } | undefined {
  if (ABSOLUTE.test(url)) return undefined
  let rel = url.replace(/[?#].*$/s, '')
  try { rel = decodeURIComponent(rel) } catch { /* kept as written: a literal % */ }
  const parts = rel.startsWith('/') ? [] : dir.split('/').filter(Boolean)
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') {
      if (parts.length === 0) return undefined
      parts.pop()
    } else {
      parts.push(seg)
    }
  }
  const path = parts.join('/')
  return { path, folder: path === '' || /\/\.{0,2}$|^\.{1,2}$/.test(rel) || rel === '' }
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to '-'. */
export function slugify (text: string): string {
  return text.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')
}

/** Anchors a rendered heading can be reached by, prefixed so they cannot clobber the app's ids. */
export const ANCHOR_PREFIX = 'user-content-'

/**
 * Rewrites `root`'s links and images in place:
 * - `#x` → the same page, `data-anchor="x"` (the UI scrolls to the heading with id user-content-x);
 * - relative and root-relative links → the app's blob or tree URL, fragment dropped;
 * - relative images → `data-repo-src` with the repository path, no src (the UI loads the bytes);
 * - web images (http, https, //) → a placeholder naming the host, never loaded;
 * - anything that climbs out of the repository → no href / no image.
 * Absolute links (https:, mailto:) stay; other schemes never got past the sanitizer.
 */
export function rewriteRepoUrls (root: DocumentFragment | Element, links: RepoLinks): void {
  const doc = root.ownerDocument
  const seen = new Map<string, number>()
  for (const h of Array.from(root.querySelectorAll('h1, h2, h3, h4, h5, h6'))) {
    const base = slugify(h.textContent ?? '')
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    h.setAttribute('id', ANCHOR_PREFIX + (n === 0 ? base : `${base}-${n}`))
  }
  for (const a of Array.from(root.querySelectorAll('a[href]'))) {
    const href = (a.getAttribute('href') ?? '').trim()
    if (ABSOLUTE.test(href)) continue
    if (href.startsWith('#')) {
      let anchor = href.slice(1)
      try { anchor = decodeURIComponent(anchor) } catch { /* as written */ }
      a.setAttribute('href', links.tree(links.dir))
      a.setAttribute('data-anchor', anchor)
      continue
    }
    const to = resolveRepoPath(links.dir, href)
    if (to === undefined) {
      a.removeAttribute('href')
      continue
    }
    const folder = to.folder || (links.isDir?.(to.path) ?? false)
    a.setAttribute('href', folder ? links.tree(to.path) : links.blob(to.path))
  }
  for (const img of Array.from(root.querySelectorAll('img[src]'))) {
    const src = (img.getAttribute('src') ?? '').trim()
    if (/^data:/i.test(src)) continue // only safe raster types got past the sanitizer
    if (WEB_IMAGE.test(src)) {
      img.replaceWith(externalImagePlaceholder(doc, src, img.getAttribute('alt') ?? ''))
      continue
    }
    img.removeAttribute('src')
    const to = ABSOLUTE.test(src) ? undefined : resolveRepoPath(links.dir, src)
    if (to !== undefined && !to.folder) img.setAttribute('data-repo-src', to.path)
  }
}

function externalImagePlaceholder (doc: Document, src: string, alt: string): Element {
  let host = '?'
  try { host = new URL(src, 'https://invalid.example').host } catch { /* unreadable URL: host unknown */ }
  const span = doc.createElement('span')
  span.setAttribute('class', 'external-image')
  span.setAttribute('title', `Not loaded: loading it would tell ${host} that you read this repository`)
  span.textContent = `External image${alt !== '' ? ` “${alt}”` : ''} from ${host}, not loaded`
  return span
}
