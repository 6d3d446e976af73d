// commitDiff reads blobs from an object store kept per repository: a commit
// made after the store was opened (its objects unseen by it) still diffs.
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryRepoIndex } from '../repo/repo-index.js'
import { Repos } from '../repo/repos.js'
import { commitDiff } from './diff-files.js'
import type { GitFs } from '../repo/fs.js'

let dir: string
let repos: Repos
const text = (s: string): Uint8Array => new TextEncoder().encode(s)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guts-diff-files-'))
  repos = new Repos({ fs: fs as unknown as GitFs, index: new MemoryRepoIndex(), key: await generateKeyPair('Ed25519'), root: dir, author: () => ({ name: 'a', email: 'a@example.org' }) })
})
afterAll(async () => rm(dir, { recursive: true, force: true }))

describe('commitDiff', () => {
  it('diffs commits made after its object store was opened', async () => {
    const record = await repos.create({ name: 'later' })
    const first = await repos.commit(record.rid, { branch: 'main', message: 'one', changes: [{ op: 'write', path: 'a.txt', content: text('one\n') }] })
    expect((await commitDiff(repos, record.rid, first)).files[0].diff?.hunks[0].lines).toEqual([{ kind: 'add', text: 'one', newNo: 1 }])
    const second = await repos.commit(record.rid, { branch: 'main', message: 'two', changes: [{ op: 'write', path: 'a.txt', content: text('two\n') }] })
    const d = await commitDiff(repos, record.rid, second)
    expect(d.files[0].diff?.hunks[0].lines.map(l => `${l.kind} ${l.text}`)).toEqual(['del one', 'add two'])
    expect(await commitDiff(repos, record.rid, second, { ignoreWhitespace: true })).toMatchObject({ files: [{ diff: { added: 1, removed: 1 } }] })
  })
})
