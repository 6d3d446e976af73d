import { describe, expect, it } from 'vitest'
import { hunkWordChanges, MAX_WORD_DIFF_LINE, wordDiff, wordTokens } from './word-diff.js'

const marked = (s: string, r: Array<[number, number]>): string[] => r.map(([a, b]) => s.slice(a, b))

describe('wordDiff', () => {
  it('tokenises on word boundaries', () => {
    expect(wordTokens('const a_b = f(x1, "ü")')).toEqual(['const', ' ', 'a_b', ' ', '=', ' ', 'f', '(', 'x1', ',', ' ', '"', 'ü', '"', ')'])
  })

  it('marks the changed words on each side', () => {
    const a = 'const answer = compute(42, options)'
    const b = 'const result = compute(43, options)'
    const w = wordDiff(a, b)!
    expect(marked(a, w.old)).toEqual(['answer', '42'])
    expect(marked(b, w.new)).toEqual(['result', '43'])
  })

  it('marks an insertion on the new side only', () => {
    const w = wordDiff('foo(a, b)', 'foo(a, extra, b)')!
    expect(w.old).toEqual([])
    expect(marked('foo(a, extra, b)', w.new)).toEqual(['extra, '])
  })

  it('joins changes separated by one space', () => {
    const b = 'say hello big world'
    expect(marked(b, wordDiff('say goodbye cruel world', b)!.new)).toEqual(['hello big'])
  })

  it('gives nothing for lines with no word in common, or too long', () => {
    expect(wordDiff('alpha beta', 'gamma delta')).toBeUndefined()
    const long = 'x '.repeat(MAX_WORD_DIFF_LINE)
    expect(wordDiff(long, long + 'y')).toBeUndefined()
  })

  it('stays within its budget: past it the middle is one change', () => {
    const a = Array.from({ length: 200 }, (_, i) => `a${i}`).join(' ')
    const b = Array.from({ length: 200 }, (_, i) => i % 2 === 0 ? `a${i}` : `b${i}`).join(' ')
    const full = wordDiff('k ' + a + ' k', 'k ' + b + ' k')!
    expect(full.old.length).toBeGreaterThan(50)
    const cut = wordDiff('k ' + a + ' k', 'k ' + b + ' k', { cells: 10 })!
    expect(cut.old).toHaveLength(1)
  })
})

describe('hunkWordChanges', () => {
  it('pairs removed and added lines in order, leaving the unpaired and context lines bare', () => {
    const lines = [
      { kind: 'context' as const, text: 'x = 1' },
      { kind: 'del' as const, text: 'let a = 1' },
      { kind: 'del' as const, text: 'let b = 2' },
      { kind: 'add' as const, text: 'let a = 10' },
      { kind: 'add' as const, text: 'let b = 20' },
      { kind: 'add' as const, text: 'let c = 3' }
    ]
    const w = hunkWordChanges(lines)
    expect(w[0]).toBeUndefined()
    expect(w[1]).toEqual([[8, 9]])
    expect(w[3]).toEqual([[8, 10]])
    expect(w[4]).toEqual([[8, 10]])
    expect(w[5]).toBeUndefined()
  })
})
