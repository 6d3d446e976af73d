// Counts in words: "1 ref", not "1 refs"; thousands grouped.
import { describe, expect, it } from 'vitest'
import { formatCount, plural } from './format.js'

describe('plural', () => {
  it('says one thing in the singular, and none or many in the plural', () => {
    expect(plural(1, 'ref')).toBe('1 ref')
    expect(plural(0, 'ref')).toBe('0 refs')
    expect(plural(2, 'line')).toBe('2 lines')
  })
  it('takes the plural it is given for words that do not just take an s', () => {
    expect(plural(1, 'branch', 'branches')).toBe('1 branch')
    expect(plural(3, 'branch', 'branches')).toBe('3 branches')
    expect(plural(2, 'entry', 'entries')).toBe('2 entries')
  })
  it('groups thousands, whatever the locale', () => {
    expect(plural(15005, 'commit')).toBe('15,005 commits')
    expect(formatCount(73599)).toBe('73,599')
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(formatCount(999)).toBe('999')
  })
})
