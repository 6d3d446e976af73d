// Collaborative objects' refs in a settled record: never canonical (whether
// the delegates agree or not), yet every writer's are in the git refs a
// record stands for, under refs/namespaces/<peer>/refs/cobs/…
import fs from 'node:fs'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { git } from '../../test/fixtures/git-fixture.js'
import { createGenesis, encodeGenesis, ridOf } from '../core/genesis.js'
import { identityOfGenesis } from '../core/identity.js'
import { cobRefOf } from '../core/ref-names.js'
import { signRefs } from '../core/signed-refs.js'
import { refsOf } from './repo-index.js'
import { gitRefsOf, settleRecord } from './settle-record.js'
import type { Identity } from '../core/identity.js'
import type { SignedRefs } from '../core/signed-refs.js'
import type { GitFs } from './fs.js'
import type { RepoRecord } from './repo-index.js'
import type { PrivateKey } from '@libp2p/interface'

const oid = (n: number): string => n.toString(16).padStart(40, '0')
/** a filesystem that fails every read: proves a record settles without opening the store */
const NO_FS = new Proxy({}, { get: () => { throw new Error('the store was read') } }) as unknown as GitFs

let a: PrivateKey
let b: PrivateKey
let writer: PrivateKey
let identity: Identity
let genesis: Uint8Array
let dir: string
let first: string
let second: string

beforeAll(async () => {
  [a, b, writer] = await Promise.all([generateKeyPair('Ed25519'), generateKeyPair('Ed25519'), generateKeyPair('Ed25519')])
  const g = createGenesis({ name: 'cobs', delegates: [a, b].map(k => peerIdFromPrivateKey(k).toString()), created: 1 })
  genesis = encodeGenesis(g)
  identity = identityOfGenesis(await ridOf(genesis), g)
  // two commits on one line, made by git
  dir = mkdtempSync(join(tmpdir(), 'guts-settle-cobs-'))
  git(dir, 'init', '-q', '-b', 'main')
  writeFileSync(join(dir, 'a.txt'), 'a\n')
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', 'one')
  first = git(dir, 'rev-parse', 'HEAD').trim()
  writeFileSync(join(dir, 'a.txt'), 'b\n')
  git(dir, 'commit', '-q', '-am', 'two')
  second = git(dir, 'rev-parse', 'HEAD').trim()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const issue = (n: number): string => cobRefOf('guts.issue', oid(n))
const doc = async (key: PrivateKey, refs: Record<string, string>): Promise<SignedRefs> => signRefs(key, { rid: identity.rid, seq: 1, refs, timestamp: 1 })
const record = (namespaces: SignedRefs[]): RepoRecord => ({ rid: identity.rid, genesis, name: 'cobs', description: '', defaultBranch: 'main', signedRefs: namespaces[0], namespaces, updated: 1 })

describe('settleRecord with collaborative objects\' refs', () => {
  it('one delegate: its cob refs are not canonical', async () => {
    const one = { ...identity, delegates: [identity.delegates[0]] }
    const settled = await settleRecord(NO_FS, '/nowhere', record([await doc(a, { 'refs/heads/main': first, [issue(1)]: oid(1) })]), one)
    expect(refsOf(settled)).toEqual({ 'refs/heads/main': first })
  })

  it('delegates that agree on code but not on issues still agree: no store is read, no cob ref is canonical', async () => {
    const settled = await settleRecord(NO_FS, '/nowhere', record([
      await doc(a, { 'refs/heads/main': first, [issue(1)]: oid(1) }),
      await doc(b, { 'refs/heads/main': first, [issue(2)]: oid(2), [issue(1)]: oid(3) })
    ]), identity)
    expect(refsOf(settled)).toEqual({ 'refs/heads/main': first })
    expect(settled.diverged).toEqual([])
  })

  it('delegates that differ on code: the canonical refs are computed from their code alone', async () => {
    const settled = await settleRecord(fs as unknown as GitFs, join(dir, '.git'), record([
      await doc(a, { 'refs/heads/main': first, [issue(1)]: oid(1) }),
      await doc(b, { 'refs/heads/main': second, [issue(1)]: oid(2) })
    ]), { ...identity, threshold: 2 })
    // the newest commit both have
    expect(refsOf(settled)).toEqual({ 'refs/heads/main': first })
  })

  it('a delegate with only cob refs moves no canonical ref', async () => {
    const settled = await settleRecord(fs as unknown as GitFs, join(dir, '.git'), record([
      await doc(a, { 'refs/heads/main': first }),
      await doc(b, { [issue(1)]: oid(1) })
    ]), { ...identity, threshold: 1 })
    // b has no main: a's is the only one, and b's issue is nowhere in the canonical refs
    expect(Object.keys(refsOf(settled))).toEqual(['refs/heads/main'])
  })

  it('gitRefsOf puts every writer\'s cob refs under its namespace, never at the top', async () => {
    const da = await doc(a, { 'refs/heads/main': first, [issue(1)]: oid(1) })
    const dw = await doc(writer, { [issue(1)]: oid(4), [cobRefOf('guts.patch', oid(5))]: oid(5) })
    const settled = await settleRecord(NO_FS, '/nowhere', record([da, dw].sort((x, y) => x.signer < y.signer ? -1 : 1)), { ...identity, delegates: [da.signer] })
    const refs = gitRefsOf(settled)
    expect(refs).toEqual({
      'refs/heads/main': first,
      [`refs/namespaces/${da.signer}/refs/heads/main`]: first,
      [`refs/namespaces/${da.signer}/${issue(1)}`]: oid(1),
      [`refs/namespaces/${dw.signer}/${issue(1)}`]: oid(4),
      [`refs/namespaces/${dw.signer}/refs/cobs/guts.patch/${oid(5)}`]: oid(5)
    })
    // a record from before canonical refs were kept: its delegate document's code only
    const { refs: _, ...old } = settled
    expect(Object.keys(gitRefsOf({ ...old, signedRefs: da })).filter(r => !r.startsWith('refs/namespaces/'))).toEqual(['refs/heads/main'])
  })
})
