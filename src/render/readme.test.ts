import { JSDOM } from 'jsdom'
import { describe, expect, it } from 'vitest'
import { MAX_PLAIN_TEXT_LENGTH, MAX_PLAIN_TEXT_LINES, README_NAME, renderReadme } from './readme.js'

const { window } = new JSDOM('')
const win = window as unknown as Window
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('renderReadme', () => {
  it('renders a Markdown README, sanitized', () => {
    const v = renderReadme('README.md', utf8('# Hi\n\n<img src=x onerror=alert(1)> **bold**\n'), { window: win })
    expect(v.html).toContain('<h1 id="user-content-hi">Hi</h1>')
    expect(v.html).toContain('<strong>bold</strong>')
    expect(v.html).not.toContain('onerror')
    expect(v).toMatchObject({ text: '' })
    expect(v.notice).toBeUndefined()
  })

  it('shows any other README as text, whatever it holds', () => {
    const v = renderReadme('README', utf8('<script>alert(1)</script>\n# not a heading\n'), { window: win })
    expect(v).toEqual({ html: '', text: '<script>alert(1)</script>\n# not a heading\n' })
    expect(README_NAME.test('readme.TXT') && README_NAME.test('README.markdown') && !README_NAME.test('README.html')).toBe(true)
  })

  it('shows a README that cannot render in time as text, and does not try again', () => {
    const text = '*a* '.repeat(1000)
    const first = renderReadme('README.md', utf8(text), { key: 'blob-1', window: win, budgetMs: 0 })
    expect(first).toEqual({ html: '', text, notice: 'Shown as plain text: it took too long to render (over 0 ms).' })
    // the next time, with all the time in the world, it is not tried
    const again = renderReadme('README.md', utf8(text), { key: 'blob-1', window: win })
    expect(again).toEqual({ html: '', text, notice: 'Shown as plain text: it took too long to render before.' })
    // the same text under another blob id is tried
    expect(renderReadme('README.md', utf8(text), { key: 'blob-2', window: win }).html.startsWith('<p><em>a</em> <em>a</em>')).toBe(true)
  })

  it(`cuts the text shown to ${MAX_PLAIN_TEXT_LINES} lines and ${MAX_PLAIN_TEXT_LENGTH / 1024} KiB`, () => {
    const many = renderReadme('README.txt', utf8('line\n'.repeat(3 * MAX_PLAIN_TEXT_LINES)), { window: win })
    expect(many.text).toBe('line\n'.repeat(MAX_PLAIN_TEXT_LINES))
    expect(many.notice).toMatch(/cut short/)
    const long = renderReadme('README.txt', utf8('x'.repeat(3 * MAX_PLAIN_TEXT_LENGTH)), { window: win })
    expect(long.text).toHaveLength(MAX_PLAIN_TEXT_LENGTH)
    expect(long.notice).toMatch(/cut short/)
    // not half a surrogate pair at the cut
    const emoji = renderReadme('README.txt', utf8('a' + '😀'.repeat(MAX_PLAIN_TEXT_LENGTH)), { window: win })
    expect(emoji.text).toHaveLength(MAX_PLAIN_TEXT_LENGTH - 1)
  })

  it('decodes no more of a huge README than it can show, and says it is cut', () => {
    const bytes = new Uint8Array(64 * 1024 * 1024).fill(0x61) // 64 MiB of "a"
    const started = performance.now()
    const v = renderReadme('README.md', bytes, { window: win })
    expect(performance.now() - started).toBeLessThan(2000)
    expect(v.html).toBe('')
    expect(v.text).toHaveLength(MAX_PLAIN_TEXT_LENGTH)
    expect(v.notice).toMatch(/^Shown as plain text: it is too large .*cut short/)
  })

  it('renders what a broken UTF-8 README decodes to', () => {
    const v = renderReadme('README.md', new Uint8Array([0x23, 0x20, 0xff, 0xfe, 0x41]), { window: win })
    expect(v.html).toBe('<h1 id="user-content-a">\uFFFD\uFFFDA</h1>\n')
  })
})
