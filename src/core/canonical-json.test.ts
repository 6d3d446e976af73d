import { describe, expect, it } from 'vitest'
import { canonicalBytes, canonicalJson } from './canonical-json.js'

describe('canonicalJson', () => {
  it('sorts keys and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, false, null, 'x'], c: { z: 0, y: -3 } }))
      .toBe('{"a":[true,false,null,"x"],"b":1,"c":{"y":-3,"z":0}}')
  })

  it('sorts keys by UTF-16 code units, not by locale or code point', () => {
    // U+FF21 sorts after U+1F600's high surrogate (U+D83D) by code unit, before it by code point
    expect(canonicalJson({ '\uff21': 1, '😀': 2, B: 3, a: 4, '': 5 }))
      .toBe('{"":5,"B":3,"a":4,"😀":2,"Ａ":1}')
  })

  it('gives the same text whatever the insertion order', () => {
    expect(canonicalJson({ x: 1, y: { p: 1, q: 2 } })).toBe(canonicalJson({ y: { q: 2, p: 1 }, x: 1 }))
  })

  it('escapes strings like JSON.stringify', () => {
    expect(canonicalJson('a"b\\c\n\u0001')).toBe('"a\\"b\\\\c\\n\\u0001"')
    expect(canonicalJson('\ud800')).toBe('"\\ud800"')
  })

  it('encodes safe integers at the limits, and -0 as 0', () => {
    expect(canonicalJson([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, -0])).toBe('[9007199254740991,-9007199254740991,0]')
  })

  it('accepts objects without a prototype', () => {
    const o = Object.create(null) as Record<string, unknown>
    o.k = 'v'
    expect(canonicalJson(o)).toBe('{"k":"v"}')
  })

  it.each([
    ['a float', 1.5],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['an unsafe integer', 2 ** 53],
    ['undefined', undefined],
    ['undefined in an object', { a: undefined }],
    ['undefined in an array', [undefined]],
    ['a sparse array', [1, , 2]], // eslint-disable-line no-sparse-arrays
    ['a bigint', 1n],
    ['a function', () => 1],
    ['a symbol', Symbol('x')],
    ['a Date', new Date(0)],
    ['a Map', new Map()],
    ['a Uint8Array', new Uint8Array(1)],
    ['a class instance', new (class X { a = 1 })()]
  ])('throws TypeError on %s', (_why, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError)
  })

  it('throws TypeError on a cycle but not on a shared subtree', () => {
    const shared = { a: 1 }
    expect(canonicalJson([shared, shared])).toBe('[{"a":1},{"a":1}]')
    const cyc: Record<string, unknown> = {}
    cyc.self = cyc
    expect(() => canonicalJson(cyc)).toThrow(TypeError)
  })
})

describe('canonicalBytes', () => {
  it('is the UTF-8 of the canonical text', () => {
    expect(canonicalBytes({ é: 'ü' })).toEqual(new Uint8Array([0x7b, 0x22, 0xc3, 0xa9, 0x22, 0x3a, 0x22, 0xc3, 0xbc, 0x22, 0x7d]))
  })
})
