import { describe, expect, it } from 'vitest'
import { isWellFormed } from './text.js'

describe('isWellFormed', () => {
  it('accepts ordinary text and surrogate pairs', () => {
    expect(isWellFormed('')).toBe(true)
    expect(isWellFormed('abc é 分支 😀😀')).toBe(true)
  })
  it.each([
    ['a lone high surrogate', 'a\ud800'],
    ['a lone high surrogate before text', '\ud800a'],
    ['a lone low surrogate', '\udc00'],
    ['a reversed pair', '\ude00\ud83d'],
    ['a pair followed by a lone surrogate', '😀\ud83d']
  ])('rejects %s', (_why, s) => {
    expect(isWellFormed(s)).toBe(false)
  })
})
