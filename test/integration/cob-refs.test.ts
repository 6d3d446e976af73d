// Collaborative objects' refs between real libp2p nodes (@libp2p/memory,
// Noise, yamux): B, no delegate, opens an issue (a change commit by hand,
// see cob-publish.ts) and publishes a namespace holding only its cob ref;
// C receives B's namespace and the change, keeps the canonical refs code
// only, and counts B as a contributor, not a fork. B then forks and commits
// without losing its issue's ref. A namespace over the cob cap is refused,
// with nothing stored and the sender scored.
import { generateKeyPair } from '@libp2p/crypto/keys'
import git from 'isomorphic-git'
import fs from 'node:fs'
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writersQueries } from '../../src/app/writers-queries.js'
import { cobRefOf, isCobRef } from '../../src/core/ref-names.js'
import { signRefs } from '../../src/core/signed-refs.js'
import { namespaceOf, namespacesOf, recordSeq, refsOf } from '../../src/repo/repo-index.js'
import { repoWriters } from '../../src/repo/repo-writers.js'
import { REFS2_PROTOCOL, handleRefs2 } from '../../src/sync/refs/refs2.js'
import { publishRefs, writeChange } from './cob-publish.js'
import { connect, createNode, createPeer, objectFiles } from './sync-peer.js'
import type { RefsAnswer2 } from '../../src/sync/refs/refs2.js'
import type { TestNode, TestPeer } from './sync-peer.js'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const main = 'refs/heads/main'
const run = (...args: string[]): { status: number | null, stdout: string, stderr: string } => spawnSync('git', args, { encoding: 'utf8' })

describe('collaborative objects\' refs between three peers', () => {
  let a: TestPeer
  let b: TestPeer
  let c: TestPeer
  let rid: string
  let change: string
  let issueRef: string

  beforeAll(async () => {
    [a, b, c] = await Promise.all([createPeer('a'), createPeer('b'), createPeer('c')])
    const repo = await a.repos.create({ name: 'issues' })
    rid = repo.rid
    await a.repos.commit(rid, { branch: 'main', message: 'two', changes: [{ op: 'write', path: 'a.txt', content: text('a\n') }] })
    await connect(b, a)
    await b.sync.clone(rid)
    change = await writeChange(b.repos, rid, 'It breaks on Tuesdays')
    issueRef = cobRefOf('guts.issue', change)
    await publishRefs(b.repos, rid, { [issueRef]: change })
  })
  afterAll(async () => {
    for (const p of [a, b, c]) { await p.sync.stop(); await p.node.stop() }
  })

  it('B\'s namespace holds only its issue\'s ref, and B is no writer of code', async () => {
    const record = await b.repos.get(rid)
    expect(namespaceOf(record, b.repos.peerId)?.refs).toEqual({ [issueRef]: change })
    expect(refsOf(record)).toEqual(refsOf(await a.repos.get(rid)))
    const q = writersQueries(b.repos, () => {})
    expect(q.canWrite(record)).toBe(false)
    expect(q.hasFork(record)).toBe(false)
    await expect(b.repos.commit(rid, { branch: 'main', message: 'no', changes: [{ op: 'write', path: 'x', content: text('x') }] })).rejects.toThrow(/fork it to make changes/)
    await expect(b.repos.createBranch(rid, 'x', refsOf(record)[main])).rejects.toThrow(/fork it to make changes/)
  })

  it('C fetches B\'s namespace and its change; the canonical refs stay code only; B is a contributor, not a fork', async () => {
    await connect(c, b)
    await c.sync.clone(rid)
    const record = await c.repos.get(rid)
    expect(namespacesOf(record).map(n => n.signer).sort()).toEqual([a.repos.peerId, b.repos.peerId].sort())
    expect(namespaceOf(record, b.repos.peerId)?.refs).toEqual({ [issueRef]: change })
    // the change commit is in C's store, whole, under B's namespace in git
    const gitdir = c.repos.gitdir(rid)
    expect((await git.readCommit({ fs, gitdir, oid: change })).commit.message).toBe('Open issue\n')
    expect(await git.resolveRef({ fs, gitdir, ref: `refs/namespaces/${b.repos.peerId}/${issueRef}` })).toBe(change)
    const fsck = run('--git-dir', gitdir, 'fsck', '--strict')
    expect(fsck.status, fsck.stderr).toBe(0)
    expect(run('--git-dir', gitdir, 'ls-tree', '--name-only', change).stdout).toBe('0\nmanifest\n')
    // nothing of it among the canonical refs, on disk or in the record
    expect(Object.keys(refsOf(record)).filter(isCobRef)).toEqual([])
    expect(refsOf(record)).toEqual(refsOf(await a.repos.get(rid)))
    expect(run('--git-dir', gitdir, 'for-each-ref', '--format=%(refname)', 'refs/cobs', 'refs/heads').stdout).toBe(`${main}\n`)
    const q = writersQueries(c.repos, () => {})
    const bView = q.writers(record).find(w => w.peer === b.repos.peerId)
    expect(bView).toMatchObject({ delegate: false, fork: false, cobs: 1, branches: 0, tags: 0, refs: {} })
    expect(q.writers(record).find(w => w.peer === a.repos.peerId)).toMatchObject({ delegate: true, fork: false, cobs: 0, branches: 1 })
    expect(q.viewOf(record, b.repos.peerId)?.refs).toEqual({})
    // the signers git verify-commit trusts for the repository include B
    expect(repoWriters(record)).toContain(b.repos.peerId)
  })

  it('B forks: the code joins its issue\'s ref, a commit keeps it, and C sees B as a fork with both', async () => {
    const forked = await b.repos.fork(rid)
    expect(namespaceOf(forked, b.repos.peerId)?.refs).toEqual({ ...refsOf(forked), [issueRef]: change })
    const q = writersQueries(b.repos, () => {})
    expect(q.hasFork(forked)).toBe(true)
    const commit = await b.repos.commit(rid, { branch: 'main', message: 'from b', changes: [{ op: 'write', path: 'b.txt', content: text('b\n') }] })
    await b.repos.createBranch(rid, 'topic', commit)
    expect(namespaceOf(await b.repos.get(rid), b.repos.peerId)?.refs).toEqual({ [main]: commit, 'refs/heads/topic': commit, [issueRef]: change })
    expect(await c.sync.fetchFrom(b.node.peerId, rid)).toBe('updated')
    const record = await c.repos.get(rid)
    expect(writersQueries(c.repos, () => {}).writers(record).find(w => w.peer === b.repos.peerId)).toMatchObject({ fork: true, cobs: 1, branches: 2, refs: { [main]: commit, 'refs/heads/topic': commit } })
    expect(refsOf(record)[main]).toBe(refsOf(await a.repos.get(rid))[main])
    // an import over the fork (its code refs replaced) keeps the issue's ref too
    const canonical = refsOf(record)[main]
    const refreshed = await b.repos.refreshWith(rid, async () => [{ name: main, oid: canonical }])
    expect(refreshed.changed).toBe(true)
    expect(namespaceOf(refreshed.record, b.repos.peerId)?.refs).toEqual({ [main]: canonical, [issueRef]: change })
    expect(await b.repos.refreshWith(rid, async () => [{ name: main, oid: canonical }])).toMatchObject({ changed: false })
  })

  it('a delegate with only an issue\'s ref commits on the canonical code and keeps its issue', async () => {
    // A's own namespace re-signed with its code and an issue; then a commit
    const aChange = await writeChange(a.repos, rid, 'A delegate\'s issue')
    const aIssue = cobRefOf('guts.issue', aChange)
    await publishRefs(a.repos, rid, { [aIssue]: aChange })
    const before = refsOf(await a.repos.get(rid))[main]
    const commit = await a.repos.commit(rid, { branch: 'main', message: 'three', changes: [{ op: 'write', path: 'c.txt', content: text('c\n') }] })
    const record = await a.repos.get(rid)
    expect(namespaceOf(record, a.repos.peerId)?.refs).toEqual({ [main]: commit, [aIssue]: aChange })
    expect(refsOf(record)).toEqual({ [main]: commit })
    expect((await git.readCommit({ fs, gitdir: a.repos.gitdir(rid), oid: commit })).commit.parent).toEqual([before])
  })

  describe('refused, with nothing stored and the sender scored', () => {
    let evil: TestNode
    let victim: TestPeer

    beforeAll(async () => {
      victim = await createPeer('victim')
      await connect(victim, a)
      await victim.sync.clone(rid)
      await victim.node.hangUp(a.node.peerId)
    })
    afterAll(async () => { await victim.sync.stop(); await victim.node.stop(); await evil?.stop() })

    it('a namespace of 5,001 issues\' refs', async () => {
      await evil?.stop()
      evil = await createNode('evil')
      const before = await victim.repos.get(rid)
      const key = await generateKeyPair('Ed25519')
      const refs = Object.fromEntries(Array.from({ length: 5_001 }, (_, i) => { const id = (i + 1).toString(16).padStart(40, '0'); return [cobRefOf('guts.issue', id), id] }))
      const doc = await signRefs(key, { rid, seq: 1, refs, timestamp: 1 })
      const served: RefsAnswer2 = { genesis: before.genesis, identity: before.identity ?? [], namespaces: [...namespacesOf(before), doc].sort((x, y) => x.signer < y.signer ? -1 : 1) }
      await evil.handle(REFS2_PROTOCOL, (stream) => { void handleRefs2(stream, async () => served) }, { runOnLimitedConnection: true })
      const files = objectFiles(victim.repos.gitdir(rid))
      await connect(victim, { node: evil })
      await expect(victim.sync.fetchFrom(evil.peerId, rid)).rejects.toThrow(/5001 issue and patch refs; at most 5000/)
      const after = await victim.repos.get(rid)
      expect(recordSeq(after)).toBe(recordSeq(before))
      expect(namespacesOf(after)).toEqual(namespacesOf(before))
      expect(objectFiles(victim.repos.gitdir(rid))).toEqual(files)
      expect(victim.sync.offences.score(evil.peerId.toString())).toBeGreaterThan(0)
    })
  })
})
