import { describe, expect, it } from 'vitest'
import { safeFileName } from './file-name.js'

describe('safeFileName', () => {
  it('keeps names in every script (a Japanese name made "---mixed")', () => {
    expect(safeFileName('日本語 mixed')).toBe('日本語-mixed')
    expect(safeFileName('עברית')).toBe('עברית')
    expect(safeFileName('café-au-lait')).toBe('café-au-lait')
  })

  it('takes out separators, control characters and leading dots', () => {
    expect(safeFileName('../../etc/passwd')).toBe('etc-passwd')
    expect(safeFileName('a/b\\c:d*e?f"g<h>i|j\u0000k')).toBe('a-b-c-d-e-f-g-h-i-j-k')
    expect(safeFileName('.hidden')).toBe('hidden')
  })

  it('is never empty', () => {
    expect(safeFileName('///')).toBe('repository')
    expect(safeFileName('')).toBe('repository')
  })
})
