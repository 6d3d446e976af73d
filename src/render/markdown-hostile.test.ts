// Pathological Markdown, each input up to 1 MiB: before the bounds and
// budgets, some of these froze the tab for seconds (1,020 nested lists:
// 11 s in Node), overflowed marked's stack (5,000 nested `>`: RangeError,
// which hid the whole directory listing), or ran for longer than anyone
// waits (`*a*a…`, `a_a_…`: over 20 s). Each must now render, or fall back
// to plain text, quickly, without throwing, and sanitized.
import { JSDOM } from 'jsdom'
import { beforeAll, describe, expect, it } from 'vitest'
import { MAX_MARKDOWN_LENGTH, renderMarkdown } from './markdown.js'

const { window } = new JSDOM('')
const MiB = 1024 * 1024
const XSS = '<img src=x onerror=alert(1)> [x](javascript:alert(1)) <script>alert(1)</script>'

/** `unit` repeated to about 1 MiB */
const fill = (unit: string, size = MiB - 64): string => unit.repeat(Math.floor(size / unit.length))
/** lines from `line(i)` up to about 1 MiB, or `n` of them */
function lines (n: number, line: (i: number) => string, size = MiB - 64): string {
  const out: string[] = []
  let length = 0
  for (let i = 0; i < n; i++) {
    const l = line(i) + '\n'
    if (length + l.length > size) break
    out.push(l)
    length += l.length
  }
  return out.join('')
}

const HOSTILE: Record<string, () => string> = {
  '1,020 nested lists, each item with an XSS payload': () => lines(1020, i => ' '.repeat(2 * i) + `- item ${i} ${XSS}`),
  '5,000 nested >': () => '>'.repeat(5000) + ' deep ' + XSS + '\n',
  '1 MiB of >': () => fill('>') + ' deep\n',
  'lists nested on one line (+ + + …)': () => fill('+ ') + 'x\n',
  'quotes and lists nested on one line (> - > - …)': () => fill('> - ') + 'x\n',
  'quotes nested line by line': () => lines(100_000, i => '>'.repeat(i) + ' q'),
  'nested lists with CR line ends': () => lines(1020, i => ' '.repeat(2 * i) + `- item ${i}`).replace(/\n/g, '\r'),
  'brackets [[[[': () => fill('['),
  'brackets [[[[…]]]]': () => fill('[', MiB / 2 - 32) + fill(']', MiB / 2 - 32),
  'unclosed links [a](': () => fill('[a]('),
  'images ![![![': () => fill('!['),
  'links and emphasis [*[*[*': () => fill('[*'),
  'emphasis *_*_': () => fill('*_'),
  'emphasis *a*a': () => fill('*a'),
  'underscores inside words a_a_a': () => fill('a_'),
  'emphasis runs *****a*****': () => fill('*', MiB / 2 - 32) + 'a' + fill('*', MiB / 2 - 32),
  'a 1 MiB backtick run': () => fill('`'),
  'backtick runs growing (` `` ``` …)': () => { let s = ''; for (let i = 1; s.length + i + 1 < MiB - 64; i++) s += '`'.repeat(i) + 'a'; return s },
  'a 1 MiB table row': () => '| a | b |\n|---|---|\n' + fill('| x ', MiB - 100) + '|\n',
  'a 1 MiB table header': () => fill('|a', MiB / 2 - 32) + '|\n' + fill('|-', MiB / 2 - 32) + '|\n|x|\n',
  'a 1,000-column table over 350,000 one-cell rows': () => '|' + 'a|'.repeat(1000) + '\n|' + '-|'.repeat(1000) + '\n' + lines(1_000_000, () => '|x', MiB - 4100),
  'many reference definitions and references': () => lines(100_000, i => `[r${i}]: https://example.com/${i} "t"`, MiB / 2) + lines(100_000, i => `[x][r${i}] `, MiB / 2 - 64),
  'one reference used 250,000 times': () => '[r]: https://example.com\n' + fill('[r] '),
  '5,000 nested <div>': () => '<div>'.repeat(5000) + XSS,
  '5,000 nested <div> between stray end tags': () => '<div></b>'.repeat(5000) + XSS,
  '1 MiB of <div>': () => fill('<div>'),
  '250,000 list items': () => lines(1_000_000, () => '- a'),
  '250,000 setext headings': () => lines(1_000_000, i => i % 2 === 0 ? 'a' : '='),
  'a 1 MiB thematic break (- - - …)': () => fill('- '),
  'one tag with 500,000 attributes': () => '<a ' + fill('x ', MiB - 100) + '>',
  'many unclosed fences': () => fill('```\n'),
  'over 1 MiB of nested lists': () => lines(2000, i => ' '.repeat(2 * i) + '- item', 2 * MiB),
  // a fence that markdown-bounds.ts sees and marked does not (it is inside an
  // HTML block), so the nesting after it is not bounded: the time budget is
  'a ``` in an HTML block, then 1,020 nested lists': () => '<div>\n```\n</div>\n\n' + lines(1020, i => ' '.repeat(2 * i) + `- item ${i}`),
  'a ``` in an HTML block, then 5,000 nested >': () => '<div>\n```\n\n' + '>'.repeat(5000) + ' x\n'
}

// (DOMParser: jsdom's innerHTML takes seconds for a few thousand siblings)
const parse = (html: string): HTMLElement => new window.DOMParser().parseFromString(html, 'text/html').body as unknown as HTMLElement

/** The same checks as markdown.test.ts: nothing that runs, loads or dresses up as the app. */
function expectInert (html: string): void {
  expect(html).not.toMatch(/<script/i)
  expect(html).not.toMatch(/\son\w+\s*=/i)
  expect(html).not.toMatch(/javascript:/i)
  expect(html).not.toMatch(/<(?:iframe|object|embed|form|input|style|svg|math|meta|base|body)\b/i)
  for (const el of Array.from(parse(html).querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      expect(attr.name).not.toMatch(/^(?:on|style$|id$|name$|xlink:)/i)
      if (attr.name === 'href' || attr.name === 'src') expect(attr.value.replace(/\s/g, '')).not.toMatch(/^(?:javascript|vbscript|data):/i)
    }
  }
}

describe('renderMarkdown on hostile input', () => {
  // the time bound is for the work, not for compiling marked and DOMPurify on first use
  beforeAll(() => {
    renderMarkdown(lines(200, i => `${' '.repeat(i % 8)}- item *${i}* [link](https://example.com/${i}) \`code\` <b>b</b> ${XSS}`) + '\n| a | b |\n|---|---|\n| 1 | 2 |\n', { window: window as unknown as Window })
  })

  it.each(Object.keys(HOSTILE))('%s', name => {
    const md = HOSTILE[name]()
    const started = performance.now()
    const r = renderMarkdown(md, { window: window as unknown as Window })
    const ms = performance.now() - started
    // generous: well under a second on an idle machine, and two cores here are shared
    expect(ms).toBeLessThan(2000)
    expectInert(r.html)
    // what was not rendered comes back as text, with a reason
    expect(r.html.length + r.rest.length).toBeGreaterThan(0)
    expect(r.rest.length).toBeLessThanOrEqual(MAX_MARKDOWN_LENGTH)
    if (r.rest !== '') expect(r.notice).toMatch(/plain text/)
  })

  it('renders the first levels of deep nesting, flattening the rest', () => {
    const r = renderMarkdown(HOSTILE['1,020 nested lists, each item with an XSS payload'](), { window: window as unknown as Window })
    const body = parse(r.html)
    let depth = 0
    for (let ul = body.querySelector('ul'); ul !== null; ul = ul.querySelector(':scope > li > ul')) depth++
    expect(depth).toBe(32)
    expect(body.querySelectorAll('li').length).toBeGreaterThan(100)
    expect(body.querySelector('img')?.getAttribute('src')).toBe('x')
  })

  it('renders 5,000 nested `>` as 32 nested quotes around the rest as text', () => {
    const r = renderMarkdown(HOSTILE['5,000 nested >'](), { window: window as unknown as Window })
    expect(r.rest).toBe('')
    expect(r.html.match(/<blockquote>/g)).toHaveLength(32)
    expect(r.html).toContain('&gt;'.repeat(5000 - 32) + ' deep')
  })
})
