import { describe, expect, it } from 'vitest'
import { MAX_HIGHLIGHT_LENGTH, highlightLines, languageFor } from './highlight.js'

const OPEN = /<span class="hljs-[^"]*">/g
const CLOSE = /<\/span>/g

// Only hljs spans and escaped text may appear: strip the spans, no '<' is left.
function expectOnlySpansAndText (lines: string[]): void {
  for (const line of lines) {
    expect(line.replace(OPEN, '').replace(CLOSE, '')).not.toMatch(/[<>]/)
  }
}

// Every line is balanced on its own, and never closes more than it opened.
function expectBalanced (line: string): void {
  let depth = 0
  for (const m of line.matchAll(/<span class="hljs-[^"]*">|<\/span>/g)) {
    depth += m[0] === '</span>' ? -1 : 1
    expect(depth).toBeGreaterThanOrEqual(0)
  }
  expect(depth).toBe(0)
}

const text = (html: string): string => html.replace(OPEN, '').replace(CLOSE, '')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&')

describe('languageFor', () => {
  it.each([
    ['src/main.ts', 'typescript'], ['App.tsx', 'typescript'], ['a.mjs', 'javascript'], ['a.cjs', 'javascript'],
    ['x.jsx', 'javascript'], ['package.json', 'json'], ['README.md', 'markdown'], ['a.css', 'css'],
    ['a.scss', 'scss'], ['index.html', 'xml'], ['icon.svg', 'xml'], ['run.sh', 'bash'], ['x.zsh', 'bash'],
    ['a.py', 'python'], ['a.rb', 'ruby'], ['main.go', 'go'], ['lib.rs', 'rust'], ['A.java', 'java'],
    ['a.kt', 'kotlin'], ['a.c', 'c'], ['a.h', 'c'], ['a.cpp', 'cpp'], ['a.cc', 'cpp'], ['a.hpp', 'cpp'],
    ['a.cs', 'csharp'], ['a.php', 'php'], ['a.swift', 'swift'], ['ci.yaml', 'yaml'], ['ci.yml', 'yaml'],
    ['Cargo.toml', 'ini'], ['setup.ini', 'ini'], ['q.sql', 'sql'], ['Dockerfile', 'dockerfile'],
    ['docker/Dockerfile.dev', 'dockerfile'], ['Makefile', 'makefile'], ['x.diff', 'diff'], ['x.patch', 'diff'],
    ['a.lua', 'lua'], ['a.R', 'r'], ['a.pl', 'perl'], ['A.scala', 'scala'], ['MAIN.PY', 'python'],
    ['home/.bashrc', 'bash']
  ])('%s is %s', (path, lang) => {
    expect(languageFor(path)).toBe(lang)
  })

  it.each(['LICENSE', 'notes.txt', 'a.unknownext', '.gitignore', 'x.constructor', 'constructor', 'dir.ts/file', ''])(
    '%s is unknown', path => {
      expect(languageFor(path)).toBeUndefined()
    })
})

describe('highlightLines', () => {
  it('keeps spans balanced per line across a multi-line block comment', async () => {
    const code = [
      'const a: number = 1 /* starts here',
      '  still <b>comment</b> & more',
      '  ends */ + 2',
      'const s = `template',
      'line ${a}`',
      'export function f (x: string): void {}',
      ''
    ].join('\n')
    const lines = await highlightLines(code, 'x.ts')
    expect(lines).toHaveLength(6)
    lines.forEach(expectBalanced)
    expectOnlySpansAndText(lines)
    // the middle of the comment is still inside a comment span
    expect(lines[1]).toMatch(/^<span class="hljs-comment">.*<\/span>$/)
    expect(lines[0]).toContain('<span class="hljs-keyword">const</span>')
    // highlighting changes markup, never the text
    expect(lines.map(text)).toEqual(code.split('\n').slice(0, 6))
  })

  it('escapes text of unknown file types and adds no spans', async () => {
    const lines = await highlightLines('<script>alert("x" & \'y\')</script>\nplain', 'notes.unknownext')
    expect(lines).toEqual(['&lt;script&gt;alert(&quot;x&quot; &amp; &#x27;y&#x27;)&lt;/script&gt;', 'plain'])
  })

  it('escapes markup inside highlighted code', async () => {
    const lines = await highlightLines('<div onclick="x()"><script>alert(1)</script></div>\n', 'page.html')
    expect(lines).toHaveLength(1)
    expectOnlySpansAndText(lines)
    expect(text(lines[0])).toBe('<div onclick="x()"><script>alert(1)</script></div>')
  })

  it('gives one string per source line', async () => {
    const code = 'a = 1\n\nb = """doc\nstring"""\n\n# end'
    for (const path of ['x.py', 'x.unknownext']) {
      const lines = await highlightLines(code, path)
      expect(lines).toHaveLength(6)
      expect(lines.map(text)).toEqual(code.split('\n'))
    }
    expect(await highlightLines('', 'x.ts')).toEqual([])
    expect(await highlightLines('\n', 'x.ts')).toEqual([''])
    expect(await highlightLines('x', 'x.ts')).toHaveLength(1)
    expect(await highlightLines('x\n', 'x.ts')).toHaveLength(1)
  })

  it('drops the \\r of CRLF line endings', async () => {
    const code = 'let a = 1\r\n/* one\r\ntwo */\r\nlet b = "\r"\r\n'
    const lines = await highlightLines(code, 'x.js')
    expect(lines).toHaveLength(4)
    expect(lines.slice(0, 3).every(l => !l.includes('\r'))).toBe(true)
    lines.forEach(expectBalanced)
    expectOnlySpansAndText(lines)
    expect(lines.map(text)).toEqual(['let a = 1', '/* one', 'two */', 'let b = "\r"'])
  })

  it('loads languages outside the common bundle on demand', async () => {
    const lines = await highlightLines('object Main {\n  /* a\n  b */ def x = 1\n}\n', 'Main.scala')
    expect(lines).toHaveLength(4)
    expect(lines.join('')).toContain('hljs-keyword')
    lines.forEach(expectBalanced)
    expectOnlySpansAndText(lines)
  })

  it('drops non-hljs spans (embedded languages) but keeps their text', async () => {
    const code = '<script>\nlet a = "<b>"\n</script>\n<style>\np { color: red }\n</style>'
    const lines = await highlightLines(code, 'x.html')
    expect(lines.join('')).not.toContain('language-')
    lines.forEach(expectBalanced)
    expectOnlySpansAndText(lines)
    expect(lines.map(text)).toEqual(code.split('\n'))
  })

  it('does not highlight huge files', async () => {
    const line = 'const x = 1 // filler\n'
    const code = line.repeat(Math.ceil(MAX_HIGHLIGHT_LENGTH / line.length) + 1)
    const lines = await highlightLines(code, 'big.ts')
    expect(lines).toHaveLength(code.split('\n').length - 1)
    expect(lines[0]).toBe('const x = 1 // filler')
  })
})
