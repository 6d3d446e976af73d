// Content search must find the lines `git grep -n -I` finds, with the same
// numbers and text, on files git made: case-insensitive plain text
// (`-i -F`), case-sensitive (`-F`), and regular expressions (`-P`, Perl's,
// which ours follow for what this fixture uses).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileQuery, MAX_SEARCH_FILE_BYTES, searchFile, SearchQueryError } from './search.js'
import type { SearchQuery } from './search.js'
import { gitGrep, writeSearchFixture } from '../../test/fixtures/search-fixture.js'

let dir: string

function ours (root: string, q: SearchQuery): string[] {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean)
  const re = compileQuery(q)
  const out: string[] = []
  for (const f of files) for (const m of searchFile(f, readFileSync(join(root, f)), re)) out.push(`${m.path}:${m.line}:${m.cutStart || m.cutEnd ? '(cut)' : m.text}`)
  return out
}

/** git's lines, with long lines marked as ours shows them */
const asShown = (lines: string[]): string[] => lines.map(l => l.length > 500 ? l.replace(/^([^:]*:\d+:).*$/, '$1(cut)') : l)

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'guts-search-'))
  writeSearchFixture(dir)
})
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

describe('searchFile against git grep', () => {
  it.each(['usestate', 'useState', 'USESTATE', 'a.b', '(x)', '$1', 'line', 'e', 'ärger'])('plain, either case: %s', (text) => {
    // git matches non-ASCII case only through a regex engine: leave those to the next test
    if (/^[\x00-\x7f]*$/.test(text)) expect(ours(dir, { text })).toEqual(asShown(gitGrep(dir, ['-i', '-F', '-e', text])))
    else expect(ours(dir, { text })).toEqual(asShown(gitGrep(dir, ['-i', '-P', '-e', text])))
  })

  it.each(['useState', 'usestate', 'USESTATE'])('plain, match case: %s', (text) => {
    expect(ours(dir, { text, caseSensitive: true })).toEqual(asShown(gitGrep(dir, ['-F', '-e', text])))
  })

  it.each(['foo\\d+bar', '^  const', 'State\\b', 'n$', '^$', 'a\\+b|\\[y\\]'])('regex: %s', (text) => {
    expect(ours(dir, { text, regex: true, caseSensitive: true })).toEqual(asShown(gitGrep(dir, ['-P', '-e', text])))
  })
})

describe('searchFile', () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s)

  it('marks every match on a line, each line once', () => {
    const [m] = searchFile('a', enc('x useState useState\n'), compileQuery({ text: 'usestate' }))
    expect(m.ranges).toEqual([[2, 10], [11, 19]])
    expect(m.text).toBe('x useState useState')
    // and at most 50 on one line, however many there are
    expect(searchFile('a', enc('a'.repeat(1000)), compileQuery({ text: 'a' }))[0].ranges).toHaveLength(50)
  })

  it('shows a window of a long line, with the match in it', () => {
    const [m] = searchFile('a', enc('x'.repeat(5000) + 'needle' + 'y'.repeat(5000)), compileQuery({ text: 'needle' }))
    expect(m.cutStart && m.cutEnd).toBe(true)
    expect(m.text.length).toBeLessThanOrEqual(400)
    expect(m.text.slice(m.ranges[0][0], m.ranges[0][1])).toBe('needle')
  })

  it('skips binary files and files over 1 MiB', () => {
    const re = compileQuery({ text: 'a' })
    expect(searchFile('b', new Uint8Array([0x61, 0, 0x61]), re)).toEqual([])
    expect(searchFile('big', new Uint8Array(MAX_SEARCH_FILE_BYTES + 1).fill(0x61), re)).toEqual([])
    expect(searchFile('ok', new Uint8Array(MAX_SEARCH_FILE_BYTES).fill(0x61), re)).toHaveLength(1)
  })

  it('stops at `max` lines', () => {
    expect(searchFile('a', enc('a\n'.repeat(100)), compileQuery({ text: 'a' }), 7)).toHaveLength(7)
  })

  it('an empty match neither loops nor invents a line after the last newline', () => {
    expect(searchFile('a', enc('x\ny\n'), compileQuery({ text: 'z*', regex: true })).map(m => m.line)).toEqual([1, 2])
  })

  it('refuses an empty query and a malformed expression, by name', () => {
    expect(() => compileQuery({ text: '' })).toThrow(SearchQueryError)
    expect(() => compileQuery({ text: '(', regex: true })).toThrow(/not a valid regular expression/)
    expect(() => compileQuery({ text: '(' })).not.toThrow()
  })
})
