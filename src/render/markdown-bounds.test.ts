import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { boundMarkdown, MAX_NESTING, MAX_TABLE_CELLS } from './markdown-bounds.js'

const nestedLists = (n: number): string => Array.from({ length: n }, (_, i) => ' '.repeat(2 * i) + `- item ${i}\n`).join('')
const leading = (line: string): number => /^ */.exec(line)![0].length

describe('boundMarkdown: nesting', () => {
  it('leaves the first MAX_NESTING levels of a nested list alone and flattens the rest', () => {
    const lines = boundMarkdown(nestedLists(1020)).split('\n')
    expect(lines.slice(0, MAX_NESTING)).toEqual(nestedLists(MAX_NESTING).split('\n').slice(0, MAX_NESTING))
    for (const line of lines.slice(MAX_NESTING, -1)) {
      expect(leading(line)).toBe(2 * (MAX_NESTING - 1))
      expect(line).toMatch(/^ *- item \d+$/)
    }
  })

  it('escapes the first `>` past MAX_NESTING, which makes the rest text', () => {
    const out = boundMarkdown('>'.repeat(5000) + ' deep\n')
    expect(out).toBe('>'.repeat(MAX_NESTING) + '\\' + '>'.repeat(5000 - MAX_NESTING) + ' deep\n')
  })

  it('escapes list markers on one line: bullets before, ordered markers after their digits', () => {
    expect(boundMarkdown('+ '.repeat(100) + 'x')).toBe('+ '.repeat(MAX_NESTING) + '\\+ ' + '+ '.repeat(100 - MAX_NESTING - 1) + 'x')
    expect(boundMarkdown('12. '.repeat(100) + 'x')).toBe('12. '.repeat(MAX_NESTING) + '12\\. ' + '12. '.repeat(100 - MAX_NESTING - 1) + 'x')
    expect(boundMarkdown('> - '.repeat(100) + 'x')).toBe('> - '.repeat(MAX_NESTING / 2) + '\\> - ' + '> - '.repeat(100 - MAX_NESTING / 2 - 1) + 'x')
  })

  it('counts indentation inside block quotes, and tabs to their tab stop', () => {
    const out = boundMarkdown('> ' + ' '.repeat(200) + '- x\n' + '\t'.repeat(100) + '- y\n')
    const [quoted, tabbed] = out.split('\n')
    expect(quoted).toBe('> ' + ' '.repeat(2 * MAX_NESTING - 2 - 2) + '- x')
    expect(tabbed).toBe('\t'.repeat(Math.floor((2 * MAX_NESTING - 2) / 4)) + '- y')
  })

  it('does not take a thematic break for list markers', () => {
    for (const rule of ['- '.repeat(1000), '* '.repeat(1000), '-'.repeat(1000), '> ' + '- '.repeat(1000)]) {
      expect(boundMarkdown(rule)).toBe(rule)
    }
  })

  it('leaves fenced code alone, and bounds what follows it', () => {
    const deep = '>'.repeat(100)
    const md = '```\n' + deep + '\n' + ' '.repeat(300) + 'x\n```\n' + deep + '\n~~~~\n' + deep + '\n~~~\n' + deep + '\n~~~~\n' + deep + '\n'
    const bounded = '>'.repeat(MAX_NESTING) + '\\' + '>'.repeat(100 - MAX_NESTING)
    expect(boundMarkdown(md)).toBe('```\n' + deep + '\n' + ' '.repeat(300) + 'x\n```\n' + bounded + '\n~~~~\n' + deep + '\n~~~\n' + deep + '\n~~~~\n' + bounded + '\n')
  })

  it('takes a ``` indented four columns for indented code, not a fence', () => {
    const deep = '>'.repeat(100)
    expect(boundMarkdown('    ```\n' + deep + '\n')).toBe('    ```\n' + '>'.repeat(MAX_NESTING) + '\\' + '>'.repeat(100 - MAX_NESTING) + '\n')
    expect(boundMarkdown('- a\n\n  ```\n' + deep + '\n  ```\n')).toBe('- a\n\n  ```\n' + deep + '\n  ```\n')
  })

  it('makes CR and CRLF line ends LF, so that each line is bounded as marked sees it', () => {
    const out = boundMarkdown(nestedLists(100).replace(/\n/g, '\r'))
    expect(out).not.toContain('\r')
    expect(Math.max(...out.split('\n').map(leading))).toBe(2 * (MAX_NESTING - 1))
    expect(boundMarkdown('a\r\nb\rc')).toBe('a\nb\nc')
  })

  it('changes nothing in real READMEs', () => {
    for (const pkg of ['isomorphic-git', 'dompurify', 'marked', 'libp2p', 'micromatch', 'terser']) {
      const md = readFileSync(new URL(`../../node_modules/${pkg}/README.md`, import.meta.url), 'utf8').replace(/\r\n?/g, '\n')
      expect(boundMarkdown(md)).toBe(md)
    }
  })
})

describe('boundMarkdown: tables', () => {
  const table = (columns: number, rows: number): string =>
    '|' + ' h |'.repeat(columns) + '\n|' + '---|'.repeat(columns) + '\n' + ('|' + ' x |'.repeat(columns) + '\n').repeat(rows)

  it('ends a table with a blank line once it holds MAX_TABLE_CELLS cells', () => {
    const columns = 100
    const keep = MAX_TABLE_CELLS / columns - 1 // rows besides the header
    const lines = boundMarkdown(table(columns, 1000) + '\nafter\n').split('\n')
    expect(lines[2 + keep]).toBe('')
    expect(lines.slice(2, 2 + keep).every(l => l.startsWith('| x |'))).toBe(true)
    expect(lines.slice(3 + keep, -3).every(l => l.startsWith('| x |'))).toBe(true)
    expect(lines.slice(-3)).toEqual(['', 'after', ''])
  })

  it('makes no table of a header wider than that (its delimiter row escaped)', () => {
    const out = boundMarkdown(table(MAX_TABLE_CELLS, 1))
    expect(out.split('\n')[1]).toMatch(/^\\\|---\|/)
  })

  it('leaves tables inside the budget, and delimiter-like lines that are not tables, alone', () => {
    for (const md of [table(10, 100), '| a |\n|:-:|\n', 'a\n---\n', '\n|---|---|\n', '- a\n- b\n']) {
      expect(boundMarkdown(md)).toBe(md)
    }
  })
})
