// The commit rendering is isomorphic-git's (what Repos wrote before commits
// were signed), and the split into payload and signature is git's.
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import git from 'isomorphic-git'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderCommit, signedCommit, splitSignedCommit, verifyCommit } from './signed-commit.js'
import type { CommitFields } from './signed-commit.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guts-render-'))
  await git.init({ fs, gitdir: dir, bare: true })
})
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

const who = (timezoneOffset: number): CommitFields['author'] => ({ name: 'Ada Lövelace', email: 'ada@example.org', timestamp: 1_700_000_000, timezoneOffset })
const tree = '4b825dc642cb6eb9a060e54bf8d69288fbee4904'
const enc = new TextEncoder()
const dec = new TextDecoder()

describe('renderCommit', () => {
  it.each([
    [0, 'm\n', []],
    [-0, 'm', []],
    [-330, '\n\nTitle\r\n\r\nBody\n\n\n', [tree]],
    [480, 'x', [tree, '0123456789abcdef0123456789abcdef01234567']],
    [-765, 'ünïcode ✓\n', []]
  ] as Array<[number, string, string[]]>)('equals isomorphic-git for zone %d and message %j', async (zone, message, parent) => {
    const c: CommitFields = { tree, parent, author: who(zone), committer: { ...who(zone), name: 'C' }, message }
    const oid = await git.writeCommit({ fs, gitdir: dir, commit: c })
    const { object } = await git.readObject({ fs, gitdir: dir, oid, format: 'content' })
    expect(renderCommit(c)).toBe(dec.decode(object as Uint8Array))
  })
})

describe('signedCommit and splitSignedCommit', () => {
  it('sign the unsigned rendering, and split back to exactly it', async () => {
    const c: CommitFields = { tree, parent: [], author: who(-60), committer: who(-60), message: 'Title\n\ngpgsig not a header\n' }
    const bytes = await signedCommit(await generateKeyPair('Ed25519'), c)
    const split = splitSignedCommit(bytes)!
    expect(dec.decode(split.payload)).toBe(renderCommit(c))
    expect(dec.decode(split.signature)).toMatch(/^-----BEGIN SSH SIGNATURE-----\n[^]+\n-----END SSH SIGNATURE-----\n$/)
    expect((await verifyCommit(bytes)).state).toBe('valid')
    expect(splitSignedCommit(enc.encode(renderCommit(c)))).toBeUndefined()
  })

  it('keeps gpgsig-sha256 in the payload and says an OpenPGP signature cannot be checked here', async () => {
    const pgp = enc.encode(`tree ${tree}\nauthor a <a> 1 +0000\ncommitter a <a> 1 +0000\ngpgsig-sha256 x\n y\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n abc\n -----END PGP SIGNATURE-----\n\nm\n`)
    expect(dec.decode(splitSignedCommit(pgp)!.payload)).toBe(`tree ${tree}\nauthor a <a> 1 +0000\ncommitter a <a> 1 +0000\ngpgsig-sha256 x\n y\n\nm\n`)
    expect(await verifyCommit(pgp)).toMatchObject({ state: 'unsupported' })
  })
})
