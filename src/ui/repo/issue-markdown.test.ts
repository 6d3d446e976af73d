// Issue bodies come from any peer: each XSS payload here must come out with
// nothing that runs (no script, no handler, no javascript:/data: URL, no
// frame or style), through the very function the issue page calls.
import { JSDOM } from 'jsdom'
import { describe, expect, it } from 'vitest'
import { renderIssueMarkdown } from './issue-markdown.js'

const { window } = new JSDOM('')
const win = window as unknown as Window
const links = { dir: '', blob: (p: string) => `#/r/rid/blob/main/${p}`, tree: (p: string) => `#/r/rid/tree/main/${p}` }

const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=1</script>',
  '[x](javascript:window.__xss=1)',
  '[x](JaVaScRiPt:window.__xss=1)',
  '[x](java&#x09;script:alert(1))',
  '<a href="javascript:alert(1)">a</a>',
  '<iframe src="https://evil.example"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
  '![i](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '<style>body{display:none}</style>',
  '<div style="background:url(javascript:alert(1))">s</div>',
  '<svg><script>alert(1)</script></svg>',
  '<svg onload=alert(1)></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>b</button></form>',
  '<details open ontoggle=alert(1)>d</details>',
  '<base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<a href="#" onclick="alert(1)">c</a>',
  '<input autofocus onfocus=alert(1)>'
]

/** every way the rendered HTML could run something, found by parsing it */
function executableParts (html: string): string[] {
  const doc = new JSDOM(`<body>${html}</body>`).window.document
  const found: string[] = []
  for (const el of Array.from(doc.body.querySelectorAll('*'))) {
    const tag = el.tagName.toLowerCase()
    if (['script', 'iframe', 'frame', 'object', 'embed', 'style', 'base', 'meta', 'form', 'input', 'link'].includes(tag)) found.push(`<${tag}>`)
    for (const a of Array.from(el.attributes)) {
      if (/^on/i.test(a.name) || a.name === 'style' || a.name === 'srcdoc') found.push(`${tag}[${a.name}]`)
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(a.name) && /^\s*(javascript|data|vbscript):/i.test(a.value.replace(/[\s\u0000-\u001f]/g, ''))) found.push(`${tag}[${a.name}=${a.value}]`)
    }
  }
  return found
}

describe('renderIssueMarkdown', () => {
  it('renders Markdown as a README is: headings, emphasis, code, repository links', () => {
    const v = renderIssueMarkdown('# Steps\n\n**bold** `code` [the file](src/a.ts)\n', { window: win, links })
    expect(v.html).toContain('<strong>bold</strong>')
    expect(v.html).toContain('<code>code</code>')
    expect(v.html).toContain('href="#/r/rid/blob/main/src/a.ts"')
  })

  for (const payload of PAYLOADS) {
    it(`leaves nothing executable of ${payload}`, () => {
      const v = renderIssueMarkdown(`Before\n\n${payload}\n\nafter ${payload}`, { window: win, links })
      expect(executableParts(v.html)).toEqual([])
      expect(v.html).not.toMatch(/window\.__xss=1<\/script>|onerror=|javascript:/i)
    })
  }

  it('leaves nothing executable when all of them come at once', () => {
    const v = renderIssueMarkdown(PAYLOADS.join('\n\n'), { window: win, links })
    expect(v.html).not.toBe('')
    expect(executableParts(v.html)).toEqual([])
  })

  it('the check itself finds what it must refuse', () => {
    expect(executableParts('<img src=x onerror=alert(1)><a href="javascript:x">a</a><script></script>')).toEqual(['img[onerror]', 'a[href=javascript:x]', '<script>'])
  })
})
