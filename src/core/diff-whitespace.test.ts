// diffText with ignoreWhitespace against `git diff -w` on files git made:
// the same counts (--numstat) and the same hunks (their headers).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { git } from '../../test/fixtures/git-fixture.js'
import { diffText } from './diff.js'

let dir: string
const before: Record<string, string> = {}
const after: Record<string, string> = {}

function file (name: string, a: string, b: string): void {
  before[name] = a
  after[name] = b
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'guts-diff-w-'))
  const body = Array.from({ length: 40 }, (_, i) => `  line ${i} of some code;`)
  file('reindent.ts', body.join('\n') + '\n', body.map(l => '\t' + l.trim()).join('\n') + '\n')
  file('mixed.ts', body.join('\n') + '\n', body.map((l, i) => i % 7 === 0 ? l + '   ' : i % 11 === 0 ? l.replace('of', 'OF') : l).join('\n') + '\n')
  file('inner.c', 'int f(int a,int b){\n  return a+b;\n}\n', 'int f(int a, int b) {\n  return a + b;\n}\nint g;\n')
  file('crlf.txt', 'a\r\nb\r\nc\r\n', 'a\nb\nc changed\n')
  file('eof.txt', 'x\ny\nz', 'x\ny\nz\n')
  file('blank.txt', 'a\n\nb\n', 'a\n   \nb\n\n')
  git(dir, 'init', '-q', '-b', 'main')
  for (const [n, t] of Object.entries(before)) writeFileSync(join(dir, n), t)
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', 'before')
  for (const [n, t] of Object.entries(after)) writeFileSync(join(dir, n), t)
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', 'after')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('diffText with ignoreWhitespace', () => {
  it('counts what git diff -w --numstat counts', () => {
    const out = execFileSync('git', ['-c', 'core.autocrlf=false', 'diff', '-w', '--numstat', 'HEAD~1', 'HEAD'], { cwd: dir, encoding: 'utf8' })
    const git = new Map(out.trim().split('\n').map(l => { const [a, r, n] = l.split('\t'); return [n, { added: Number(a), removed: Number(r) }] }))
    for (const name of Object.keys(before)) {
      const d = diffText(before[name], after[name], 3, { ignoreWhitespace: true })
      expect({ name, added: d.added, removed: d.removed }).toEqual({ name, ...(git.get(name) ?? { added: 0, removed: 0 }) })
    }
    // the fixture does exercise it: without -w the counts differ
    expect(diffText(before['reindent.ts'], after['reindent.ts']).added).toBe(40)
    expect(diffText(before['reindent.ts'], after['reindent.ts'], 3, { ignoreWhitespace: true }).added).toBe(0)
  })

  it('makes the hunks git diff -w makes', () => {
    for (const name of Object.keys(before)) {
      const out = git(dir, 'diff', '-w', 'HEAD~1', 'HEAD', '--', name)
      const headers = out.split('\n').filter(l => l.startsWith('@@')).map(l => /^@@ [^@]+ @@/.exec(l)![0].replace(/ -(\d+) /, ' -$1,1 ').replace(/ \+(\d+) @@/, ' +$1,1 @@'))
      const d = diffText(before[name], after[name], 3, { ignoreWhitespace: true })
      expect({ name, headers: d.hunks.map(h => h.header) }).toEqual({ name, headers })
    }
  })

  it('shows context from the new side, as git does', () => {
    const d = diffText('a\n  b\nc\n', 'A\n\tb\nc\n', 3, { ignoreWhitespace: true })
    expect(d.hunks[0].lines.map(l => `${l.kind}:${l.text}`)).toEqual(['del:a', 'add:A', 'context:\tb', 'context:c'])
  })
})
