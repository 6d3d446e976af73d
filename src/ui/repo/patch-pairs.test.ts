import { describe, expect, it } from 'vitest'
import { pairCommits } from './patch-pairs.js'
import { pairMark } from './patch-words.js'
import type { CommitSummary } from '../../app/types.js'

const who = { name: 'a', email: 'a@b', timestamp: 1, timezoneOffset: 0 }
const commit = (oid: string, message: string, tree = `t${oid}`): CommitSummary => ({ oid, message, parents: [], tree, author: who, committer: who })

describe('pairCommits', () => {
  it('pairs the same commit, a rewritten one by subject, and marks added and dropped ones', () => {
    const a = commit('a', 'First')
    const b1 = commit('b1', 'Second\n\nbody')
    const c = commit('c', 'Gone')
    const b2 = commit('b2', 'Second')
    const d = commit('d', 'New')
    const pairs = pairCommits([a, b1, c], [a, b2, d])
    expect(pairs.map(p => `${pairMark(p)} ${p.from?.oid ?? '-'} ${p.to?.oid ?? '-'}`)).toEqual(['= a a', '! b1 b2', '+ - d', '− c -'])
  })

  it('counts a commit rewritten to the same tree (a rebase onto the same base, a reworded message) as the same', () => {
    expect(pairCommits([commit('x', 'Fix', 'T')], [commit('y', 'Fix', 'T')]).map(pairMark)).toEqual(['='])
  })

  it('keeps a dropped commit before the one that follows it', () => {
    const pairs = pairCommits([commit('a', 'A'), commit('b', 'B')], [commit('b', 'B')])
    expect(pairs.map(p => `${pairMark(p)} ${p.from?.oid ?? '-'}`)).toEqual(['− a', '= b'])
  })
})
