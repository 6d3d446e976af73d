// The RepoIndex contract (src/repo/repo-index.ts says it in words) as plain
// async checks, with no test framework in them: repo-index-contract.ts
// registers them as Vitest tests in Node (memory, fake-indexeddb, files), and
// e2e/repo-index-idb.spec.ts runs the same checks as Playwright tests against
// the app's IdbRepoIndex on Chromium's real IndexedDB.
import assert from 'node:assert/strict'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { createGenesis, encodeGenesis, ridOf } from '../../src/core/genesis.js'
import { signRefs } from '../../src/core/signed-refs.js'
import type { RepoIndex, RepoRecord } from '../../src/repo/repo-index.js'
import type { PrivateKey } from '@libp2p/interface'

/** One index on storage of its own, made fresh for each check. */
export interface IndexUnderTest {
  index: RepoIndex
  /** a second, fresh instance on the same storage; absent where nothing persists (memory) */
  reopen?: () => Promise<RepoIndex>
  close?: () => Promise<void>
}

export type IndexFactory = () => Promise<IndexUnderTest>

export interface ContractCheck {
  name: string
  /** needs `reopen` */
  persistent?: boolean
  run: (t: IndexUnderTest) => Promise<void>
}

// ---- records that every peer would accept: real genesis, real signatures

let keyPromise: Promise<PrivateKey> | undefined
const key = async (): Promise<PrivateKey> => { keyPromise ??= generateKeyPair('Ed25519'); return keyPromise }
let counter = 0
const oid = (i: number): string => (i.toString(16).padStart(8, '0')).repeat(5)

export interface RecordInit {
  name?: string
  description?: string
  defaultBranch?: string
  refs?: Record<string, string>
  seq?: number
  updated?: number
  signer?: PrivateKey
}

/** A new repository's record; `of` gives another version (seq, refs) of the same repository. */
export async function makeRecord (init: RecordInit = {}): Promise<RepoRecord> {
  const signer = init.signer ?? await key()
  const n = ++counter
  const genesis = createGenesis({
    name: init.name ?? `repo ${n}`,
    description: init.description ?? `the ${n}th`,
    defaultBranch: init.defaultBranch ?? 'main',
    delegates: [peerIdFromPrivateKey(signer).toString()],
    created: 1_700_000_000_000 + n
  })
  const bytes = encodeGenesis(genesis)
  const rid = await ridOf(bytes)
  const signedRefs = await signRefs(signer, { rid, seq: init.seq ?? 1, refs: init.refs ?? { [`refs/heads/${genesis.defaultBranch}`]: oid(n) }, timestamp: 1_700_000_000_000 + n })
  return { rid, genesis: bytes, name: genesis.name, description: genesis.description, defaultBranch: genesis.defaultBranch, signedRefs, updated: init.updated ?? 1_700_000_000_000 + n }
}

/** The same repository with newly signed refs. */
export async function nextVersion (r: RepoRecord, refs: Record<string, string> = { ...r.signedRefs.refs, 'refs/heads/next': oid(r.signedRefs.seq + 1000) }, signer?: PrivateKey): Promise<RepoRecord> {
  const signedRefs = await signRefs(signer ?? await key(), { rid: r.rid, seq: r.signedRefs.seq + 1, refs, timestamp: r.signedRefs.timestamp + 1 })
  return { ...r, genesis: r.genesis.slice(), signedRefs, updated: r.updated + 1 }
}

/** A RID no index here holds. */
export async function unknownRid (): Promise<string> {
  return (await makeRecord()).rid
}

export function manyRefs (count: number, nameLength = 0): Record<string, string> {
  const refs: Record<string, string> = {}
  const pad = nameLength > 0 ? `-${'x'.repeat(nameLength)}` : ''
  for (let i = 0; i < count; i++) refs[`refs/heads/branch-${String(i).padStart(5, '0')}${pad}`] = oid(i)
  return refs
}

function assertOwnBuffer (g: Uint8Array, what: string): void {
  assert.ok(g instanceof Uint8Array, `${what}: the genesis is not a Uint8Array`)
  assert.equal(Object.getPrototypeOf(g), Uint8Array.prototype, `${what}: the genesis is a ${g.constructor.name}, not a plain Uint8Array`)
  assert.equal(g.byteOffset, 0, `${what}: the genesis is a view at offset ${g.byteOffset} into a larger buffer`)
  assert.equal(g.buffer.byteLength, g.byteLength, `${what}: the genesis (${g.byteLength} bytes) keeps a buffer of ${g.buffer.byteLength} bytes`)
}

/** The record as put, every field compared exactly. */
function assertSame (got: RepoRecord | undefined, want: RepoRecord, what = 'the record'): void {
  assert.ok(got != null, `${what} is missing`)
  assertOwnBuffer(got.genesis, what)
  assert.deepStrictEqual(got, { ...want, genesis: new Uint8Array(want.genesis) }, `${what} differs from what was put`)
}

async function assertRefused (p: Promise<unknown>, what: string): Promise<void> {
  await assert.rejects(p, (err: Error) => {
    assert.equal(err.name, 'InvalidRecordError', `${what}: refused with ${err.name}: ${err.message}`)
    assert.ok(!err.message.includes('\n'), `${what}: the error is not one line`)
    return true
  }, `${what} was stored`)
}

const INVALID_RIDS = ['', 'x', 'not-a-rid', '../pending', '../../etc/passwd', '/tmp/x', 'a/b', '.', '..', '__proto__', 'constructor', 'hasOwnProperty', 'bafkrei', 'BAFKREIAAAA', `${'b'.repeat(300)}`, 'bafkrei\u0000', 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG']

export const repoIndexChecks: ContractCheck[] = [
  {
    name: 'an empty index lists nothing and holds no rid',
    run: async ({ index }) => {
      assert.deepStrictEqual(await index.list(), [])
      assert.equal(await index.get(await unknownRid()), undefined)
    }
  },
  {
    name: 'put then get and list give back every field exactly',
    run: async ({ index }) => {
      const r = await makeRecord({ refs: { 'refs/heads/main': oid(1), 'refs/tags/v1.0': oid(2), 'refs/heads/feature/deep/name': oid(3) }, updated: 1_700_000_000_123.5 })
      await index.put(r)
      assertSame(await index.get(r.rid), r, 'get')
      const listed = await index.list()
      assert.equal(listed.length, 1)
      assertSame(listed[0], r, 'list')
    }
  },
  {
    name: 'unicode names, descriptions, branches and ref names come back as they went in, not normalised',
    run: async ({ index }) => {
      const nfc = 'caf\u00e9'
      const nfd = 'cafe\u0301'
      const records = [
        await makeRecord({ name: nfc, description: 'NFC', defaultBranch: nfc }),
        await makeRecord({ name: nfd, description: 'NFD', defaultBranch: nfd }),
        await makeRecord({ name: '日本語のリポジトリ 🦀', description: 'مرحبا بالعالم — עברית — 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 — "quotes" \\ back\\slash', defaultBranch: 'ветка', refs: { 'refs/heads/ветка': oid(1), 'refs/tags/🏷️': oid(2), [`refs/heads/${nfd}`]: oid(3), [`refs/heads/${nfc}`]: oid(4) } })
      ]
      for (const r of records) await index.put(r)
      for (const r of records) assertSame(await index.get(r.rid), r, r.description)
      const got = await index.get(records[1].rid)
      assert.equal(got?.name, nfd)
      assert.notEqual(got?.name, nfc)
      assert.deepStrictEqual(Object.keys((await index.get(records[2].rid))!.signedRefs.refs), Object.keys(records[2].signedRefs.refs))
    }
  },
  {
    name: 'a genesis handed in as a view into a larger buffer comes back as exactly its bytes, in a buffer of its own',
    run: async ({ index }) => {
      const r = await makeRecord()
      // as it arrives off the wire: a subarray of the whole message
      const message = new Uint8Array(64 * 1024).fill(0xee)
      message.set(r.genesis, 1000)
      const view = message.subarray(1000, 1000 + r.genesis.length)
      await index.put({ ...r, genesis: view })
      assertSame(await index.get(r.rid), r)
      assertSame((await index.list())[0], r, 'list')
    }
  },
  {
    name: 'a record is copied when put is called: changing it, or what get returned, afterwards changes nothing stored',
    run: async ({ index }) => {
      const r = await makeRecord()
      const want = structuredClone(r)
      const mine = structuredClone(r)
      const putting = index.put(mine)
      mine.name = 'changed'
      mine.genesis[0] = 0
      mine.signedRefs.refs['refs/heads/main'] = oid(999)
      mine.signedRefs.seq = 77
      mine.updated = 0
      await putting
      const got = await index.get(r.rid)
      assertSame(got, want)
      got!.signedRefs.refs['refs/heads/evil'] = oid(5)
      got!.genesis[1] = 0
      assertSame(await index.get(r.rid), want, 'after changing what get returned')
      const listed = await index.list()
      listed[0].signedRefs.seq = 99
      assertSame(await index.get(r.rid), want, 'after changing what list returned')
    }
  },
  {
    name: 'fields outside RepoRecord are not kept',
    run: async ({ index }) => {
      const r = await makeRecord()
      await index.put({ ...r, extra: 'not part of a record', owner: { x: 1 } } as unknown as RepoRecord)
      assertSame(await index.get(r.rid), r)
    }
  },
  {
    name: 'a put replaces the record of its rid: one record per rid, the last put',
    run: async ({ index }) => {
      const v1 = await makeRecord()
      const v2 = await nextVersion(v1)
      const other = await makeRecord()
      await index.put(v1)
      await index.put(other)
      await index.put(v2)
      assertSame(await index.get(v1.rid), v2)
      const listed = await index.list()
      assert.equal(listed.length, 2)
      assert.equal(listed.filter(r => r.rid === v1.rid).length, 1)
      // replacing with an older one is the caller's choice: the index does not judge sequence numbers
      await index.put(v1)
      assertSame(await index.get(v1.rid), v1, 'after putting the older version back')
    }
  },
  {
    name: 'list returns every record in ascending rid order, whatever order they were put in',
    run: async ({ index }) => {
      const records = await Promise.all(Array.from({ length: 24 }, async (_, i) => makeRecord({ updated: 1000 + (i * 7919) % 24 })))
      for (const r of [...records].reverse()) await index.put(r)
      const listed = await index.list()
      const want = [...records].sort((a, b) => a.rid < b.rid ? -1 : a.rid > b.rid ? 1 : 0)
      assert.deepStrictEqual(listed.map(r => r.rid), want.map(r => r.rid))
      for (let i = 0; i < want.length; i++) assertSame(listed[i], want[i], `list[${i}]`)
    }
  },
  {
    name: 'delete removes one record; deleting a missing or invalid rid does nothing',
    run: async ({ index }) => {
      const a = await makeRecord()
      const b = await makeRecord()
      await index.put(a)
      await index.put(b)
      await index.delete(a.rid)
      assert.equal(await index.get(a.rid), undefined)
      await index.delete(a.rid)
      await index.delete(await unknownRid())
      for (const rid of INVALID_RIDS) await index.delete(rid)
      assert.deepStrictEqual((await index.list()).map(r => r.rid), [b.rid])
      assertSame(await index.get(b.rid), b)
    }
  },
  {
    name: 'get of an unknown or invalid rid is undefined',
    run: async ({ index }) => {
      const r = await makeRecord()
      await index.put(r)
      assert.equal(await index.get(await unknownRid()), undefined)
      for (const rid of [...INVALID_RIDS, r.rid.toUpperCase(), `${r.rid} `, ` ${r.rid}`, `${r.rid}.json`, r.rid.slice(0, -1)]) {
        assert.equal(await index.get(rid), undefined, `get(${JSON.stringify(rid)})`)
      }
    }
  },
  {
    name: 'put refuses, with a one-line InvalidRecordError, a record no peer would accept, and stores nothing',
    run: async ({ index }) => {
      const good = await makeRecord()
      const other = await makeRecord()
      const stranger = await generateKeyPair('Ed25519')
      const forged = { ...good, signedRefs: { ...good.signedRefs, refs: { 'refs/heads/main': oid(666) } } }
      const bad: Array<[string, RepoRecord]> = [
        ['a rid that is not a RID', { ...good, rid: '../evil' }],
        ['an empty rid', { ...good, rid: '' }],
        ['a genesis that hashes to another rid', { ...good, genesis: other.genesis }],
        ['a genesis that is not canonical JSON', { ...good, genesis: new TextEncoder().encode(' ' + new TextDecoder().decode(good.genesis)) }],
        ['a genesis that is not bytes', { ...good, genesis: Array.from(good.genesis) as unknown as Uint8Array }],
        ['a name other than the genesis\'s', { ...good, name: 'renamed' }],
        ['a description other than the genesis\'s', { ...good, description: 'other' }],
        ['a default branch other than the genesis\'s', { ...good, defaultBranch: 'trunk' }],
        ['signed refs of another repository', { ...good, signedRefs: other.signedRefs }],
        ['refs changed after signing', forged],
        ['refs signed by a non-delegate', await nextVersion(good, undefined, stranger)],
        ['signed refs with an extra field', { ...good, signedRefs: { ...good.signedRefs, extra: 1 } as unknown as RepoRecord['signedRefs'] }],
        ['no "updated" time', { ...good, updated: Number.NaN }],
        ['no signed refs', { ...good, signedRefs: undefined as unknown as RepoRecord['signedRefs'] }]
      ]
      for (const [what, r] of bad) await assertRefused(index.put(r), what)
      assert.deepStrictEqual(await index.list(), [])
      // nor does a refused put disturb the record it would have replaced
      await index.put(good)
      for (const [what, r] of bad) await assertRefused(index.put(r), `${what}, over a good record`)
      assertSame(await index.get(good.rid), good)
      assert.equal((await index.list()).length, 1)
    }
  },
  {
    name: 'concurrent puts of different records all land',
    run: async ({ index }) => {
      const records = await Promise.all(Array.from({ length: 40 }, async () => makeRecord()))
      await Promise.all(records.map(async r => index.put(r)))
      assert.equal((await index.list()).length, records.length)
      for (const r of records) assertSame(await index.get(r.rid), r)
    }
  },
  {
    name: 'calls take effect in call order: concurrent puts of one rid leave the last, a delete after a put deletes',
    run: async ({ index }) => {
      let v = await makeRecord()
      const versions = [v]
      for (let i = 0; i < 5; i++) versions.push(v = await nextVersion(v))
      // none awaited before the next is called
      const calls = versions.map(async r => index.put(r))
      const seen = index.get(v.rid)
      await Promise.all(calls)
      assertSame(await seen, versions.at(-1)!, 'a get called after the puts')
      assertSame(await index.get(v.rid), versions.at(-1)!)

      const a = await makeRecord()
      const p1 = index.put(a)
      const d1 = index.delete(a.rid)
      const g1 = index.get(a.rid)
      const l1 = index.list()
      await Promise.all([p1, d1])
      assert.equal(await g1, undefined, 'a get called after put then delete')
      assert.deepStrictEqual((await l1).map(r => r.rid), [v.rid], 'a list called after put then delete')

      const d2 = index.delete(a.rid)
      const p2 = index.put(a)
      await Promise.all([d2, p2])
      assertSame(await index.get(a.rid), a, 'after delete then put')
    }
  },
  {
    name: 'signed refs of 10,000 refs round-trip exactly',
    run: async ({ index }) => {
      const r = await makeRecord({ refs: manyRefs(10_000) })
      await index.put(r)
      const got = await index.get(r.rid)
      assertSame(got, r)
      assert.deepStrictEqual(Object.keys(got!.signedRefs.refs), Object.keys(r.signedRefs.refs), 'ref order')
      assert.equal((await index.list())[0].signedRefs.signature, r.signedRefs.signature)
    }
  },
  {
    name: 'signed refs larger than peers accept (1 MiB) are refused',
    run: async ({ index }) => {
      // 10,000 refs of ~150-byte names: ~1.9 MB of signed refs
      const r = await makeRecord({ refs: manyRefs(10_000, 130) })
      await assertRefused(index.put(r), 'signed refs of 1.9 MB')
      assert.equal(await index.get(r.rid), undefined)
    }
  },
  {
    name: 'a fresh instance on the same storage reads what was written, overwritten and deleted',
    persistent: true,
    run: async (t) => {
      const kept = await makeRecord({ name: 'kept ✓', refs: manyRefs(100) })
      const replaced = await makeRecord()
      const replacedV2 = await nextVersion(replaced)
      const gone = await makeRecord()
      for (const r of [kept, replaced, gone]) await t.index.put(r)
      await t.index.put(replacedV2)
      await t.index.delete(gone.rid)
      const fresh = await t.reopen!()
      assertSame(await fresh.get(kept.rid), kept, 'kept')
      assertSame(await fresh.get(replaced.rid), replacedV2, 'replaced')
      assert.equal(await fresh.get(gone.rid), undefined, 'deleted')
      assert.deepStrictEqual((await fresh.list()).map(r => r.rid), [kept.rid, replaced.rid].sort())
      // and what the fresh one writes, the first one reads
      const late = await makeRecord()
      await fresh.put(late)
      assertSame(await t.index.get(late.rid), late, 'written by the fresh instance')
    }
  }
]
