import { describe, expect, it } from 'vitest'
import { relativeTime } from './time.js'

const now = Date.UTC(2025, 5, 15, 12, 0, 0)
const s = 1000
const m = 60 * s
const h = 60 * m
const d = 24 * h

describe('relativeTime', () => {
  it.each([
    [0, 'just now'],
    [44 * s, 'just now'],
    [45 * s, '1 minute ago'],
    [90 * s, '1 minute ago'],
    [3 * m, '3 minutes ago'],
    [59 * m, '59 minutes ago'],
    [h, '1 hour ago'],
    [h + 59 * m, '1 hour ago'],
    [5 * h, '5 hours ago'],
    [23 * h, '23 hours ago'],
    [d, 'yesterday'],
    [47 * h, 'yesterday'],
    [2 * d, '2 days ago'],
    [5 * d, '5 days ago'],
    [30 * d, '30 days ago'],
    [31 * d, '1 month ago'],
    [65 * d, '2 months ago'],
    [364 * d, '11 months ago'],
    [366 * d, '1 year ago'],
    [3 * 366 * d, '3 years ago']
  ])('%i ms ago is %s', (ago, label) => {
    expect(relativeTime(now - ago, now)).toBe(label)
  })

  it('calls far-future times "in the future", tolerating small clock skew', () => {
    expect(relativeTime(now + 10 * s, now)).toBe('just now')
    expect(relativeTime(now + 5 * m, now)).toBe('in the future')
    expect(relativeTime(now + 400 * d, now)).toBe('in the future')
  })

  it('does not throw on nonsense input', () => {
    expect(relativeTime(Number.NaN, now)).toBe('unknown time')
    expect(relativeTime(-Infinity, now)).toBe('unknown time')
  })
})
