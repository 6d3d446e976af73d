import { describe, expect, it } from 'vitest'
import { commitIdent, identPart } from './ident.js'

describe('identPart', () => {
  it.each([
    ['Ada Lovelace', 'Ada Lovelace'],
    ['  Ada Lovelace  ', 'Ada Lovelace'],
    ['A <b', 'A b'],
    ['A <b>', 'A b'],
    ['<ada@example.org>', 'ada@example.org'],
    ['Ada\nLovelace', 'AdaLovelace'],
    ['Ada\n', 'Ada'],
    ['Ada\r\n', 'Ada'],
    ['Ada\tLovelace', 'AdaLovelace'],
    ['Ada\u0000Lovelace', 'AdaLovelace'],
    ['Ada\u007f', 'Ada'],
    ['Ada \u0085', 'Ada'],
    ['"Ada", ', 'Ada'],
    ["'Ada'", 'Ada'],
    [':;Ada;:', 'Ada'],
    ['\\Ada\\', 'Ada'],
    ['O\'Brien, Jr.', 'O\'Brien, Jr.'],
    ['a\\b', 'a\\b'],
    ['Zoë 日本 🚀', 'Zoë 日本 🚀'],
    ['Ada >x', 'Ada x'],
    ['Ada <', 'Ada'],
    ['<>', ''],
    [' \n ', '']
  ])('%j → %j', (input, want) => {
    expect(identPart(input)).toBe(want)
  })
})

describe('commitIdent', () => {
  const fallback = { name: 'Anonymous', email: 'abc@guts.invalid' }
  it('cleans both parts', () => {
    expect(commitIdent({ name: 'A <b\n', email: ' <a@b.org>\n' }, fallback)).toEqual({ name: 'A b', email: 'a@b.org' })
  })
  it('falls back for a part left empty, name and email apart', () => {
    expect(commitIdent({ name: '<>', email: 'a@b.org' }, fallback)).toEqual({ name: 'Anonymous', email: 'a@b.org' })
    expect(commitIdent({ name: 'Ada', email: '\n' }, fallback)).toEqual({ name: 'Ada', email: 'abc@guts.invalid' })
  })
})
