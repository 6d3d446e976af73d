import { describe, expect, it } from 'vitest'
import { cleanLabel, labelHue, statusWords, whoWords } from './issue-words.js'

describe('issue words', () => {
  it('give a label one hue from its name alone', () => {
    expect(labelHue('bug')).toBe(labelHue('bug'))
    expect(labelHue('bug')).not.toBe(labelHue('docs'))
    for (const n of ['', 'a', 'good first issue', 'ü'.repeat(100)]) expect(labelHue(n)).toBeGreaterThanOrEqual(0)
    expect(new Set(['bug', 'docs', 'perf', 'ui', 'help wanted', 'question'].map(labelHue)).size).toBe(6)
  })

  it('say who, what status, what label', () => {
    const peer = '12D3KooWDfpB52ERAFBGYM1XdF62GejTDhFnXsAS8SXVsVNzq2ES'
    expect(whoWords(peer, peer)).toBe('you')
    expect(whoWords(peer, undefined)).toBe('12D3…Nzq2ES')
    expect(statusWords({ status: 'closed', reason: 'duplicate' })).toBe('Closed as a duplicate')
    expect(statusWords({ status: 'open' })).toBe('Open')
    expect(cleanLabel('  good   first\tissue ')).toBe('good first issue')
  })
})
