import { describe, expect, it } from 'vitest'
import { JSDOM } from 'jsdom'
import { MAX_MARKDOWN_LENGTH, MAX_RENDERED_SOURCE, renderMarkdown } from './markdown.js'

const { window } = new JSDOM('')
const render = (md: string): string => {
  const r = renderMarkdown(md, { window: window as unknown as Window })
  expect(r.rest).toBe('')
  return r.html
}
const parse = (html: string): DocumentFragment => {
  const t = window.document.createElement('template')
  t.innerHTML = html
  return t.content as unknown as DocumentFragment
}

const XSS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[x](javascript:alert(1))',
  '<a href="javascript:alert(1)">x</a>',
  '<svg onload=alert(1)>',
  '<iframe src="https://evil">',
  '<style>body{}</style>',
  '<div style="x">',
  '<form action=x><input></form>',
  '[x](JaVaScRiPt:alert(1))',
  '<a href="&#106;avascript:alert(1)">',
  '![x](data:text/html;base64,PHNjcmlwdD4=)',
  '<math><mi xlink:href="javascript:alert(1)">',
  '<details open ontoggle=alert(1)>',
  // a few more of the usual suspects
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href=" java\tscript:alert(1)">x</a>',
  '[x](data:text/html,<script>alert(1)</script>)',
  '<img src="DATA:text/html,x">',
  '<object data="x.swf"></object><embed src="x">',
  '<a href="x" target="_self" onclick="alert(1)">x</a>',
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<img id="location" name="cookie" src="y">',
  '<body onload=alert(1)>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="https://evil/">',
  '<video><source onerror=alert(1)></video>',
  '- [ ] task\n- [x] done'
]

describe('renderMarkdown sanitizes', () => {
  it.each(XSS)('%s', payload => {
    const html = render(payload)
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/\son\w+\s*=/i)
    expect(html).not.toMatch(/javascript:/i)
    expect(html).not.toMatch(/vbscript:/i)
    expect(html).not.toMatch(/<(?:iframe|object|embed|form|input|style|svg|math|meta|base|body)\b/i)
    const frag = parse(html)
    for (const el of Array.from(frag.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) {
        expect(attr.name).not.toMatch(/^(?:on|style$|id$|name$|xlink:)/i)
        if (attr.name === 'href' || attr.name === 'src') {
          expect(attr.value.replace(/\s/g, '')).not.toMatch(/^(?:javascript|vbscript|data):/i)
        }
      }
    }
  })

  it('keeps raster data: images but no other data: URLs', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo='
    expect(render(`![dot](${png})`)).toContain(`src="${png}"`)
    expect(render('<img src="data:image/svg+xml,<svg onload=alert(1)>">')).not.toContain('data:')
  })

  it('strips id, name, style and foreign classes', () => {
    const html = render('<p id="x" name="y" style="color:red" class="app-button">hi</p>')
    expect(html).toBe('<p>hi</p>')
  })

  it('renders task list checkboxes as glyphs, not inputs', () => {
    const html = render('- [ ] todo\n- [x] done')
    expect(html).toContain('☐ todo')
    expect(html).toContain('☑ done')
  })

  it('throws without a window rather than returning unsanitized HTML', () => {
    expect(() => renderMarkdown('# hi')).toThrow(/window/)
  })

  it('cuts input over 1 MiB, and says so', () => {
    const r = renderMarkdown('a'.repeat(MAX_MARKDOWN_LENGTH + 1000), { window: window as unknown as Window })
    // one paragraph too large to render: all of it is plain text
    expect(r.html).toBe('')
    expect(r.rest).toHaveLength(MAX_MARKDOWN_LENGTH)
    expect(r.notice).toMatch(/plain text.*first 1 MiB/)
  })

  it('renders the lines past MAX_RENDERED_SOURCE as plain text', () => {
    const line = 'word '.repeat(15) + '\n\n'
    const md = line.repeat(Math.ceil(MAX_RENDERED_SOURCE / line.length) + 10)
    const r = renderMarkdown(md, { window: window as unknown as Window })
    expect(r.limit).toBe('size')
    expect(r.notice).toMatch(/^Rendered in part/)
    const paragraphs = parse(r.html).querySelectorAll('p').length
    expect(paragraphs).toBeGreaterThan(1000)
    // every line is either rendered or in the rest, none twice
    expect(paragraphs + r.rest.split('\n\n').filter(l => l !== '').length).toBe(md.split('\n\n').filter(l => l !== '').length)
  })

  it('keeps sloppy raw HTML whose end tags HTML lets one leave out', () => {
    const items = '<li>item\n'.repeat(1000)
    const r = renderMarkdown(`<ul>\n${items}</ul>\n\n<p>one\n<p>two\n`, { window: window as unknown as Window })
    expect(r.rest).toBe('')
    expect(parse(r.html).querySelectorAll('ul > li')).toHaveLength(1000)
  })

  it('renders nothing but says why when marked runs out of time', () => {
    const r = renderMarkdown('*a '.repeat(2000), { window: window as unknown as Window, budgetMs: 0 })
    expect(r).toEqual({ html: '', rest: '*a '.repeat(2000), notice: 'Shown as plain text: it took too long to render (over 0 ms).', limit: 'time' })
  })
})

describe('renderMarkdown keeps structure', () => {
  it('renders headings without ids', () => {
    const html = render('# Title\n\n## Sub *emph*')
    expect(html).toContain('<h1>Title</h1>')
    expect(html).toContain('<h2>Sub <em>emph</em></h2>')
    expect(html).not.toContain('id=')
  })

  it('renders GFM tables', () => {
    const frag = parse(render('| a | b |\n|---|:-:|\n| 1 | 2 |\n'))
    expect(frag.querySelectorAll('table thead th')).toHaveLength(2)
    expect(frag.querySelector('table tbody td')?.textContent).toBe('1')
  })

  it('renders fenced code with its language class and escaped content', () => {
    const html = render('```ts\nconst a = 1 < 2 && "<b>"\n```')
    const code = parse(html).querySelector('pre > code')
    expect(code?.getAttribute('class')).toBe('language-ts')
    expect(code?.textContent).toBe('const a = 1 < 2 && "<b>"\n')
    expect(html).not.toContain('<b>')
  })

  it('opens scheme links in a new tab with a safe rel', () => {
    const a = parse(render('[site](https://example.com/x)')).querySelector('a')
    expect(a?.getAttribute('href')).toBe('https://example.com/x')
    expect(a?.getAttribute('target')).toBe('_blank')
    expect(a?.getAttribute('rel')).toBe('noopener noreferrer nofollow')
    const mail = parse(render('<mailto:me@example.com>')).querySelector('a')
    expect(mail?.getAttribute('target')).toBe('_blank')
  })

  it('autolinks bare URLs', () => {
    const a = parse(render('see https://example.com today')).querySelector('a')
    expect(a?.getAttribute('href')).toBe('https://example.com')
    expect(a?.getAttribute('target')).toBe('_blank')
  })

  it('keeps relative links and images as they are', () => {
    const frag = parse(render('[doc](docs/guide.md) [top](#intro) ![logo](img/logo.png)'))
    const links = Array.from(frag.querySelectorAll('a'))
    expect(links.map(a => a.getAttribute('href'))).toEqual(['docs/guide.md', '#intro'])
    expect(links.every(a => !a.hasAttribute('target'))).toBe(true)
    expect(links.every(a => a.getAttribute('rel') === 'noopener noreferrer nofollow')).toBe(true)
    expect(frag.querySelector('img')?.getAttribute('src')).toBe('img/logo.png')
  })
})
