import { describe, expect, it } from 'vitest'
import { formatLineRange, inLineRange, parseLineRange, pickLine } from './line-range.js'

describe('parseLineRange', () => {
  it('reads one line and a range, as written or as GitHub writes it', () => {
    expect(parseLineRange('10')).toEqual({ start: 10, end: 10 })
    expect(parseLineRange('10-20')).toEqual({ start: 10, end: 20 })
    expect(parseLineRange('L10-L20')).toEqual({ start: 10, end: 20 })
    expect(parseLineRange('l7')).toEqual({ start: 7, end: 7 })
    expect(parseLineRange(' 3-4 ')).toEqual({ start: 3, end: 4 })
  })
  it('puts reversed ends in order', () => {
    expect(parseLineRange('20-10')).toEqual({ start: 10, end: 20 })
  })
  it('clamps to the file, and drops a range wholly past its end', () => {
    expect(parseLineRange('5-999', 8)).toEqual({ start: 5, end: 8 })
    expect(parseLineRange('0-3', 8)).toEqual({ start: 1, end: 3 })
    expect(parseLineRange('8', 8)).toEqual({ start: 8, end: 8 })
    expect(parseLineRange('9', 8)).toBeUndefined()
    expect(parseLineRange('9-20', 8)).toBeUndefined()
    expect(parseLineRange('1', 0)).toBeUndefined()
  })
  it('ignores what is not a range', () => {
    for (const bad of [null, undefined, '', '0', '0-0', 'abc', '-3', '3-', '3--4', '1-2-3', '1.5', '1e3', '0x10', '１２', 'L', '10-L', '3,4', '1234567890', '+5', '5 - 6']) {
      expect(parseLineRange(bad), String(bad)).toBeUndefined()
    }
  })
})

describe('formatLineRange', () => {
  it('writes one line as a number and a range with a dash, and reads back the same', () => {
    expect(formatLineRange({ start: 4, end: 4 })).toBe('4')
    expect(formatLineRange({ start: 4, end: 9 })).toBe('4-9')
    for (const r of [{ start: 1, end: 1 }, { start: 2, end: 30 }]) expect(parseLineRange(formatLineRange(r))).toEqual(r)
  })
})

describe('pickLine', () => {
  it('a click picks one line; a shift-click extends from the start of the range, either way', () => {
    expect(pickLine(undefined, 3, false)).toEqual({ start: 3, end: 3 })
    expect(pickLine(undefined, 3, true)).toEqual({ start: 3, end: 3 })
    expect(pickLine({ start: 3, end: 3 }, 5, true)).toEqual({ start: 3, end: 5 })
    expect(pickLine({ start: 3, end: 5 }, 1, true)).toEqual({ start: 1, end: 3 })
    expect(pickLine({ start: 3, end: 5 }, 9, false)).toEqual({ start: 9, end: 9 })
  })
  it('inLineRange', () => {
    expect(inLineRange({ start: 3, end: 5 }, 3)).toBe(true)
    expect(inLineRange({ start: 3, end: 5 }, 5)).toBe(true)
    expect(inLineRange({ start: 3, end: 5 }, 6)).toBe(false)
    expect(inLineRange(undefined, 1)).toBe(false)
  })
})
