// A repository whose writers hold more distinct tips than one pack request
// may want (MAX_WANTS, 10,000): easily reached with issues, since every
// writer's tip of every issue it took part in is a tip of its own. Three
// namespaces of 5,000 + 5,000 + 50 issue refs are all within the caps, yet
// today a fresh clone cannot get them: requestPack sends the first
// MAX_WANTS wants only, and acceptReceived then finds tips missing.
// `it.fails` records that; once fetches want in rounds (or MAX_WANTS covers
// the caps), this flips and `.fails` goes.
import { generateKeyPair } from '@libp2p/crypto/keys'
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cobRefOf } from '../../src/core/ref-names.js'
import { signRefs } from '../../src/core/signed-refs.js'
import { MAX_WANTS } from '../../src/sync/pack/constants.js'
import { identityOfRecord, namespaceOf, namespacesOf } from '../../src/repo/repo-index.js'
import { gitRefsOf, settleRecord } from '../../src/repo/settle-record.js'
import { keyOf } from './cob-publish.js'
import { connect, createPeer } from './sync-peer.js'
import type { SignedRefs } from '../../src/core/signed-refs.js'
import type { TestPeer } from './sync-peer.js'

/** `n` root changes made by git fast-import (one pack), their ids in order */
function manyChanges (gitdir: string, n: number): string[] {
  let script = 'blob\nmark :1\ndata 34\n{"type":"guts.issue","version":1}\n\n'
  for (let i = 0; i < n; i++) {
    const msg = `Issue ${i}\n`
    script += `commit refs/guts-tmp/${i}\nmark :${i + 2}\ncommitter C <c@guts.invalid> ${1_750_000_000 + i} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}M 100644 :1 manifest\n\n`
  }
  execFileSync('git', ['--git-dir', gitdir, 'fast-import', '--quiet'], { input: script })
  const out = execFileSync('git', ['--git-dir', gitdir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/guts-tmp/'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const byIndex = new Map(out.trim().split('\n').map(l => { const [ref, oid] = l.split(' '); return [Number(ref.slice('refs/guts-tmp/'.length)), oid] }))
  execFileSync('git', ['--git-dir', gitdir, 'update-ref', '--stdin'], { input: [...byIndex.keys()].map(i => `delete refs/guts-tmp/${i}\n`).join('') })
  return Array.from({ length: n }, (_, i) => byIndex.get(i)!)
}

describe('more issue tips than one pack request wants', () => {
  let a: TestPeer
  let b: TestPeer
  let c: TestPeer
  let rid: string
  let changes: string[]

  beforeAll(async () => {
    [a, b, c] = await Promise.all([createPeer('a'), createPeer('b'), createPeer('c')])
    rid = (await a.repos.create({ name: 'busy' })).rid
    await connect(b, a)
    await b.sync.clone(rid)
    changes = manyChanges(b.repos.gitdir(rid), 10_050)
    b.repos.dropCache(rid)
    // three writers' namespaces, each within the caps, signed by their keys
    const refsOf = (from: number, to: number): Record<string, string> => Object.fromEntries(changes.slice(from, to).map(id => [cobRefOf('guts.issue', id), id]))
    const docs: SignedRefs[] = [
      await signRefs(keyOf(b.repos), { rid, seq: 1, refs: refsOf(0, 5_000), timestamp: 1 }),
      await signRefs(await generateKeyPair('Ed25519'), { rid, seq: 1, refs: refsOf(5_000, 10_000), timestamp: 1 }),
      await signRefs(await generateKeyPair('Ed25519'), { rid, seq: 1, refs: refsOf(10_000, 10_050), timestamp: 1 })
    ]
    const record = await b.repos.get(rid)
    const next = await settleRecord(b.repos.fs, b.repos.gitdir(rid), { ...record, namespaces: [...namespacesOf(record), ...docs], updated: Date.now() }, await identityOfRecord(record))
    await b.repos.index.put(next)
    await b.repos.mirrorRefs(rid, next.defaultBranch, gitRefsOf(record), gitRefsOf(next))
  }, 120_000)
  afterAll(async () => {
    for (const p of [a, b, c]) { await p.sync.stop(); await p.node.stop() }
  })

  it.fails('a fresh clone gets every writer\'s issue tips', async () => {
    expect(changes.length).toBeGreaterThan(MAX_WANTS)
    await connect(c, b)
    await c.sync.clone(rid)
    const record = await c.repos.get(rid)
    expect(namespacesOf(record)).toHaveLength(4)
    expect(Object.keys(namespaceOf(record, b.repos.peerId)?.refs ?? {})).toHaveLength(5_000)
  }, 120_000)
})
