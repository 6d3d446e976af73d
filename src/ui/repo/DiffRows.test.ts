import { describe, expect, it } from 'vitest'
import { diffText } from '../../core/diff.js'
import { diffRows, expand, splitRows } from './DiffRows.js'
import type { DiffRow, LineRow, Shown } from './DiffRows.js'

const file = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`)
const old = file.join('\n') + '\n'
const neu = file.map((l, i) => i === 49 ? 'changed' : l).join('\n') + '\n'
const lines = (rows: DiffRow[]): LineRow[] => rows.filter((r): r is LineRow => r.type === 'line')

describe('diffRows', () => {
  const { hunks } = diffText(old, neu)

  it('offers more above and below a hunk, and the end of the file only once it is read', () => {
    const rows = diffRows(hunks, [], undefined, true)
    expect(rows.filter(r => r.type === 'expand')).toEqual([
      { type: 'expand', gap: 0, hidden: 46, up: true, down: false },
      { type: 'expand', gap: 1, hidden: undefined, up: false, down: true }
    ])
    expect(diffRows(hunks, [], neu.split('\n').slice(0, -1), true).at(-1)).toEqual({ type: 'expand', gap: 1, hidden: 47, up: false, down: true })
    expect(diffRows(hunks, [], undefined, false).some(r => r.type === 'expand')).toBe(false)
  })

  it('shows 20 more lines per click with both sides\' numbers, then nothing more to expand', () => {
    const newLines = neu.split('\n').slice(0, -1)
    let shown: Shown[] = expand([], 0, 'up')
    let rows = diffRows(hunks, shown, newLines, true)
    const first = lines(rows)
    expect(first).toHaveLength(20 + 8)
    expect(first[0]).toMatchObject({ kind: 'context', text: 'line 27', oldNo: 27, newNo: 27, at: -1 })
    shown = expand(expand(expand(shown, 0, 'up'), 0, 'up'), 1, 'down')
    rows = diffRows(hunks, shown, newLines, true)
    expect(rows[0]).toMatchObject({ type: 'line', text: 'line 1' })
    expect(rows.filter(r => r.type === 'expand')).toEqual([{ type: 'expand', gap: 1, hidden: 27, up: false, down: true }])
    expect(lines(rows).at(-1)).toMatchObject({ text: 'line 73', newNo: 73 })
  })

  it('numbers the old side of expanded lines past a change of length', () => {
    const grown = file.map((l, i) => i === 9 ? `${l}\nextra\nextra` : l).join('\n') + '\n'
    const d = diffText(old, grown)
    const rows = diffRows(d.hunks, expand([], 1, 'down'), grown.split('\n').slice(0, -1), true)
    expect(lines(rows).at(-1)).toMatchObject({ text: 'line 33', oldNo: 33, newNo: 35 })
  })
})

describe('splitRows', () => {
  it('pairs removed lines with the added lines after them, context on both sides', () => {
    const d = diffText('a\nb\nc\nd\n', 'a\nB\nC\nX\nd\n')
    const pairs = splitRows(diffRows(d.hunks, [], undefined, false)).filter(r => r.type === 'pair')
    expect(pairs.map(p => p.type === 'pair' ? `${p.left?.text ?? '-'}|${p.right?.text ?? '-'}` : '')).toEqual(['a|a', 'b|B', 'c|C', '-|X', 'd|d'])
  })
})
