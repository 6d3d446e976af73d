// The one number sync compares per repository, and what news of one writer
// makes of it: two changes in quick succession, the second heard before the
// first is stored, must promise more than the first brings.
import { describe, expect, it } from 'vitest'
import { recordSeq, recordSeqWith } from './repo-index.js'
import type { RepoRecord } from './repo-index.js'
import type { SignedRefs } from '../core/signed-refs.js'

const doc = (signer: string, seq: number): SignedRefs => ({ rid: 'r', seq, refs: {}, signer, timestamp: 0, signature: '' })
const record = (docs: SignedRefs[], revisions = 0): RepoRecord => ({ rid: 'r', genesis: new Uint8Array(), name: '', description: '', defaultBranch: 'main', signedRefs: docs[0], namespaces: docs, identity: Array.from({ length: revisions }) as RepoRecord['identity'], updated: 0 })

describe('recordSeqWith', () => {
  it('adds how far a writer\'s news is ahead of its held document', () => {
    const r = record([doc('a', 3), doc('b', 1)], 1)
    expect(recordSeq(r)).toBe(5)
    expect(recordSeqWith(r, doc('a', 4))).toBe(6)
    // the second of two changes, heard before the first is stored
    expect(recordSeqWith(r, doc('a', 5))).toBe(7)
    // a new writer counts in full
    expect(recordSeqWith(r, doc('c', 2))).toBe(7)
    // old news changes nothing
    expect(recordSeqWith(r, doc('a', 2))).toBe(5)
  })
})
