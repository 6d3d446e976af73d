import { describe, expect, it } from 'vitest'
import { pairRenames } from './tree-diff.js'

describe('pairRenames', () => {
  it('pairs a deleted and an added file with the same content', () => {
    expect(pairRenames([
      { status: 'deleted', path: 'a.ts', oldOid: '1'.repeat(40) },
      { status: 'added', path: 'b.ts', newOid: '1'.repeat(40) },
      { status: 'added', path: 'c.ts', newOid: '2'.repeat(40) }
    ])).toEqual([
      { status: 'renamed', path: 'b.ts', oldPath: 'a.ts', oldOid: '1'.repeat(40), newOid: '1'.repeat(40) },
      { status: 'added', path: 'c.ts', newOid: '2'.repeat(40) }
    ])
  })
  it('never pairs empty files, as git does not', () => {
    const empty = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'
    expect(pairRenames([
      { status: 'deleted', path: 'x', oldOid: empty },
      { status: 'added', path: 'y', newOid: empty }
    ]).map(d => d.status)).toEqual(['deleted', 'added'])
  })
  it('uses each deleted file once', () => {
    const r = pairRenames([
      { status: 'deleted', path: 'a', oldOid: '1'.repeat(40) },
      { status: 'added', path: 'b', newOid: '1'.repeat(40) },
      { status: 'added', path: 'c', newOid: '1'.repeat(40) }
    ])
    expect(r.map(d => d.status)).toEqual(['renamed', 'added'])
  })
})
