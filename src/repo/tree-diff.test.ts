import { describe, expect, it } from 'vitest'
import { detectRenames } from './rename-detect.js'
import type { FileDelta } from './tree-diff.js'

const noBlobs = async (): Promise<Uint8Array> => { throw new Error('exact renames read no blobs') }
const exact = async (deltas: FileDelta[]): Promise<FileDelta[]> => detectRenames(deltas, noBlobs, { minScore: 60000 })

describe('exact renames', () => {
  it('pairs a deleted and an added file with the same content', async () => {
    expect(await exact([
      { status: 'deleted', path: 'a.ts', oldOid: '1'.repeat(40) },
      { status: 'added', path: 'b.ts', newOid: '1'.repeat(40) },
      { status: 'added', path: 'c.ts', newOid: '2'.repeat(40) }
    ])).toEqual([
      { status: 'renamed', path: 'b.ts', oldPath: 'a.ts', oldOid: '1'.repeat(40), newOid: '1'.repeat(40), similarity: 100 },
      { status: 'added', path: 'c.ts', newOid: '2'.repeat(40) }
    ])
  })
  it('pairs empty files too, as git diff does (only merges skip them)', async () => {
    const empty = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'
    expect((await exact([
      { status: 'deleted', path: 'x', oldOid: empty },
      { status: 'added', path: 'y', newOid: empty }
    ])).map(d => d.status)).toEqual(['renamed'])
  })
  it('uses each deleted file once', async () => {
    const r = await exact([
      { status: 'deleted', path: 'a', oldOid: '1'.repeat(40) },
      { status: 'added', path: 'b', newOid: '1'.repeat(40) },
      { status: 'added', path: 'c', newOid: '1'.repeat(40) }
    ])
    expect(r.map(d => d.status)).toEqual(['renamed', 'added'])
  })
  it('does not pair a symlink with a file of the same content', async () => {
    const r = await exact([
      { status: 'deleted', path: 'a', oldOid: '1'.repeat(40), oldMode: '120000' },
      { status: 'added', path: 'b', newOid: '1'.repeat(40), newMode: '100644' }
    ])
    expect(r.map(d => d.status)).toEqual(['deleted', 'added'])
  })
})

describe('similarity renames', () => {
  const text = (n: number, tag: string): Uint8Array => new TextEncoder().encode(Array.from({ length: n }, (_, i) => `line ${i}${i % 10 === 0 ? tag : ''}\n`).join(''))
  const blobs = new Map([['1'.repeat(40), text(100, '')], ['2'.repeat(40), text(100, ' changed')]])
  const read = async (oid: string): Promise<Uint8Array> => blobs.get(oid)!
  const deltas: FileDelta[] = [
    { status: 'deleted', path: 'old.txt', oldOid: '1'.repeat(40), oldMode: '100644' },
    { status: 'added', path: 'new.txt', newOid: '2'.repeat(40), newMode: '100644' }
  ]
  it('pairs a file renamed with a small edit, with its score, and hands back what it read', async () => {
    const seen = new Map<string, Uint8Array>()
    const r = await detectRenames(deltas, read, { blobs: seen })
    expect(r).toMatchObject([{ status: 'renamed', path: 'new.txt', oldPath: 'old.txt' }])
    expect(r[0].similarity).toBeGreaterThan(80)
    expect([...seen.keys()].sort()).toEqual(['1'.repeat(40), '2'.repeat(40)])
  })
  it('gives up on similarity past its byte budget, keeping delete + add', async () => {
    const r = await detectRenames(deltas, read, { maxScoredBytes: 100 })
    expect(r.map(d => d.status)).toEqual(['added', 'deleted'])
  })
})
