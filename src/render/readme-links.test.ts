import { JSDOM } from 'jsdom'
import { describe, expect, it } from 'vitest'
import { renderReadme } from './readme.js'
import { resolveRepoPath, type RepoLinks } from './readme-links.js'

const { window } = new JSDOM('')
const win = window as unknown as Window
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

// the app's own URL scheme, as src/ui/repo/links.ts builds it
const enc = (p: string): string => p.split('/').map(encodeURIComponent).join('/')
const links = (dir = '', dirs: string[] = []): RepoLinks => ({
  dir,
  blob: p => `#/r/RID/blob/main/${enc(p)}`,
  tree: p => `#/r/RID/tree/main${p === '' ? '' : '/' + enc(p)}`,
  isDir: p => dirs.includes(p)
})
const render = (md: string, l: RepoLinks = links()): Document => {
  const html = renderReadme('README.md', utf8(md), { window: win, links: l }).html
  return new JSDOM(html).window.document as unknown as Document
}
const hrefs = (doc: Document): Array<string | null> => Array.from(doc.querySelectorAll('a')).map(a => a.getAttribute('href'))

describe('README links stay in the repository', () => {
  it('sends relative links to the blob view at the same ref', () => {
    const doc = render('[docs](docs/intro.md) [sp](./a%20b.md) [q](x.md?plain=1#setup) [root](/LICENSE)')
    expect(hrefs(doc)).toEqual([
      '#/r/RID/blob/main/docs/intro.md',
      '#/r/RID/blob/main/a%20b.md',
      '#/r/RID/blob/main/x.md',
      '#/r/RID/blob/main/LICENSE'
    ])
  })

  it('sends links to a folder to the tree view', () => {
    const doc = render('[a](docs/) [b](src) [c](.) [d](./)', links('', ['src']))
    expect(hrefs(doc)).toEqual(['#/r/RID/tree/main/docs', '#/r/RID/tree/main/src', '#/r/RID/tree/main', '#/r/RID/tree/main'])
  })

  it('resolves a nested README from its own folder', () => {
    const doc = render('[up](../x) [here](y.md) [top](/z.md) ![i](img/a.png)', links('pkg/sub'))
    expect(hrefs(doc)).toEqual(['#/r/RID/blob/main/pkg/x', '#/r/RID/blob/main/pkg/sub/y.md', '#/r/RID/blob/main/z.md'])
    expect(doc.querySelector('img')?.getAttribute('data-repo-src')).toBe('pkg/sub/img/a.png')
  })

  it('keeps #anchors on the page and gives headings matching ids', () => {
    const doc = render('# Getting started\n\n## Getting started\n\n[go](#getting-started)')
    expect(hrefs(doc)).toEqual(['#/r/RID/tree/main'])
    expect(doc.querySelector('a')?.getAttribute('data-anchor')).toBe('getting-started')
    expect(Array.from(doc.querySelectorAll('h1, h2')).map(h => h.id)).toEqual(['user-content-getting-started', 'user-content-getting-started-1'])
  })

  it('leaves absolute links alone', () => {
    const doc = render('[w](https://example.com/a) [m](mailto:a@b.c) [p](//evil.example/x)')
    expect(hrefs(doc)).toEqual(['https://example.com/a', 'mailto:a@b.c', '//evil.example/x'])
    expect(Array.from(doc.querySelectorAll('a')).map(a => a.getAttribute('target'))).toEqual(['_blank', '_blank', '_blank'])
  })

  it('drops hostile links: javascript:, data:, and climbing out of the repository', () => {
    const doc = render('[j](javascript:alert(1)) [J](JaVaScRiPt&#58;alert(1)) [d](data:text/html,<script>x</script>) [out](../../etc/passwd) [o2](../x)', links('a'))
    const h = hrefs(doc)
    expect(h.slice(0, 4)).toEqual([null, null, null, null])
    expect(h[4]).toBe('#/r/RID/blob/main/x')
    expect(doc.body.innerHTML).not.toMatch(/javascript|data:text/i)
  })

  it('keeps URLs a browser would read as another host inside the app: \\\\evil, /<tab>/evil', () => {
    const doc = render('<a href="\\\\evil.example/a">b</a> <a href="/\t/evil.example">t</a> <img src="\\\\evil.example/i.png">')
    for (const h of hrefs(doc)) expect(h).toMatch(/^#\/r\/RID\/blob\/main\//)
    expect(doc.querySelector('img')?.getAttribute('src')).toBeNull()
  })

  it('drops every relative URL when the caller gives no links', () => {
    const html = renderReadme('README.md', utf8('[docs](docs/intro.md) ![l](logo.png)'), { window: win }).html
    expect(html).not.toContain('docs/intro.md')
    expect(html).not.toMatch(/\ssrc=/)
  })
})

describe('README images', () => {
  it('marks relative images for loading from the repository, with no src', () => {
    const doc = render('![logo](logo.png)\n\n<img src="docs/x.svg" alt="x">')
    const imgs = Array.from(doc.querySelectorAll('img'))
    expect(imgs.map(i => [i.getAttribute('src'), i.getAttribute('data-repo-src')])).toEqual([[null, 'logo.png'], [null, 'docs/x.svg']])
  })

  it('shows a placeholder naming the host for web images, and loads none', () => {
    const doc = render('![badge](https://img.shields.io/x.svg) <img src="//evil.example/t.gif"> ![h](http://a.example:8080/p.png)')
    expect(doc.querySelectorAll('img')).toHaveLength(0)
    const ph = Array.from(doc.querySelectorAll('span.external-image')).map(s => s.textContent)
    expect(ph).toEqual(['External image “badge” from img.shields.io, not loaded', 'External image from evil.example, not loaded', 'External image “h” from a.example:8080, not loaded'])
  })

  it('keeps safe data: images, drops others, and drops images outside the repository', () => {
    const doc = render('![a](data:image/png;base64,iVBO) <img src="data:image/svg+xml,<svg onload=alert(1)>"> ![o](../../x.png)', links('a'))
    const imgs = Array.from(doc.querySelectorAll('img'))
    expect(imgs.map(i => i.getAttribute('src'))).toEqual(['data:image/png;base64,iVBO', null, null])
    expect(imgs.map(i => i.getAttribute('data-repo-src'))).toEqual([null, null, null])
  })

  it('a peer cannot fake the placeholder or the repository marker', () => {
    const doc = render('<span class="external-image">x</span> <img data-repo-src="../../secret" src="https://t.example/p">')
    expect(doc.querySelectorAll('.external-image')).toHaveLength(1) // the one for t.example
    expect(doc.querySelector('[data-repo-src]')).toBeNull()
  })
})

describe('resolveRepoPath', () => {
  it('resolves against the folder and refuses to leave the root', () => {
    expect(resolveRepoPath('a/b', '../c')).toEqual({ path: 'a/c', folder: false })
    expect(resolveRepoPath('a', '../../c')).toBeUndefined()
    expect(resolveRepoPath('', '..')).toBeUndefined()
    expect(resolveRepoPath('a', '..')).toEqual({ path: '', folder: true })
    expect(resolveRepoPath('', 'https://x')).toBeUndefined()
    expect(resolveRepoPath('', '//x')).toBeUndefined()
  })
})
