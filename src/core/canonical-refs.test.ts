import { describe, expect, it } from 'vitest'
import { canonicalRefs } from './canonical-refs.js'
import type { AncestryOracle } from './canonical-refs.js'

/**
 * A commit graph as parent lists; ancestry and merge bases as git defines
 * them (the best common ancestor: one no other common ancestor descends from).
 */
function graph (parents: Record<string, string[]>): AncestryOracle & { calls: number } {
  const ancestors = (c: string): Set<string> => {
    const seen = new Set<string>()
    const stack = [c]
    while (stack.length > 0) {
      const x = stack.pop()!
      if (seen.has(x)) continue
      seen.add(x)
      stack.push(...(parents[x] ?? []))
    }
    return seen
  }
  const g = {
    calls: 0,
    isAncestor: async (a: string, b: string) => { g.calls++; return ancestors(b).has(a) },
    mergeBase: async (a: string, b: string) => {
      g.calls++
      const inB = ancestors(b)
      const common = [...ancestors(a)].filter(x => inB.has(x))
      return common.find(c => !common.some(d => d !== c && ancestors(d).has(c)))
    }
  }
  return g
}

// o - x - y - a1 - a2
//      \   \
//       \   b1
//        c1
const history = graph({ x: ['o'], y: ['x'], a1: ['y'], a2: ['a1'], b1: ['y'], c1: ['x'] })
const main = 'refs/heads/main'

describe('canonical refs', () => {
  it('with one delegate, are its refs, asking nothing about ancestry', async () => {
    const g = graph({})
    const r = await canonicalRefs(new Map([['A', { [main]: 'a2', 'refs/tags/v1': 'x' }]]), 1, g)
    expect(r).toEqual({ refs: { [main]: 'a2', 'refs/tags/v1': 'x' }, diverged: [] })
    expect(g.calls).toBe(0)
  })

  it('threshold 1: the newest tip when one delegate is only behind the other', async () => {
    const r = await canonicalRefs(new Map([['A', { [main]: 'a2' }], ['B', { [main]: 'y' }]]), 1, history)
    expect(r).toEqual({ refs: { [main]: 'a2' }, diverged: [] })
  })

  it('threshold 2: the newest commit both delegates have', async () => {
    const r = await canonicalRefs(new Map([['A', { [main]: 'a2' }], ['B', { [main]: 'a1' }]]), 2, history)
    expect(r.refs[main]).toBe('a1')
    expect(r.diverged).toEqual([])
  })

  it('delegates that diverged: the branch stays where both lines meet, and says so', async () => {
    const r = await canonicalRefs(new Map([['A', { [main]: 'a2' }], ['B', { [main]: 'b1' }]]), 1, history)
    expect(r.refs[main]).toBe('y')
    expect(r.diverged).toEqual([{ ref: main, tips: { A: 'a2', B: 'b1' }, heads: ['a2', 'b1'], chosen: 'y' }])
    // below the threshold too
    const r2 = await canonicalRefs(new Map([['A', { [main]: 'a2' }], ['B', { [main]: 'b1' }]]), 2, history)
    expect(r2.refs[main]).toBe('y')
    expect(r2.diverged[0].heads).toEqual(['a2', 'b1'])
  })

  it('threshold 2 of 3: the newest commit two delegates share, past the one all three share', async () => {
    const r = await canonicalRefs(new Map([['A', { [main]: 'a2' }], ['B', { [main]: 'b1' }], ['C', { [main]: 'c1' }]]), 2, history)
    expect(r.refs[main]).toBe('y')
    const all3 = await canonicalRefs(new Map([['A', { [main]: 'a2' }], ['B', { [main]: 'b1' }], ['C', { [main]: 'c1' }]]), 3, history)
    expect(all3.refs[main]).toBe('x')
  })

  it('a branch fewer delegates than the threshold have is not canonical', async () => {
    const r = await canonicalRefs(new Map<string, Record<string, string>>([['A', { [main]: 'a2', 'refs/heads/topic': 'b1' }], ['B', { [main]: 'a2' }]]), 2, history)
    expect(r.refs).toEqual({ [main]: 'a2' })
  })

  it('tags: canonical where the threshold of delegates name the same id; a conflict with no quorum names none', async () => {
    const tag = 'refs/tags/v1'
    const agree = await canonicalRefs(new Map([['A', { [tag]: 'x' }], ['B', { [tag]: 'x' }], ['C', { [tag]: 'y' }]]), 2, history)
    expect(agree.refs[tag]).toBe('x')
    expect(agree.diverged).toEqual([{ ref: tag, tips: { A: 'x', B: 'x', C: 'y' }, heads: ['x', 'y'], chosen: 'x' }])
    const conflict = await canonicalRefs(new Map([['A', { [tag]: 'x' }], ['B', { [tag]: 'y' }]]), 1, history)
    expect(conflict.refs[tag]).toBeUndefined()
    expect(conflict.diverged[0]).toEqual({ ref: tag, tips: { A: 'x', B: 'y' }, heads: ['x', 'y'] })
  })
})
