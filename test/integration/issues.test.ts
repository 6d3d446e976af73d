// Issues between real libp2p nodes (@libp2p/memory, Noise, yamux): B, who only
// reads A's repository, opens an issue; C receives it from B; A comments,
// labels and closes it, and B hears. And what the network must refuse (the
// sender scored, nothing stored): a forged change, a change its writer did
// not sign, a malformed one; and what evaluation drops (taken in, but with
// no effect): a non-delegate closing someone else's issue.
import { generateKeyPair } from '@libp2p/crypto/keys'
import git from 'isomorphic-git'
import fs from 'node:fs'
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actionBytes, changeMessage, manifestBytes } from '../../src/core/cob/change.js'
import { issueQueries } from '../../src/app/issue-queries.js'
import { signedCommit } from '../../src/core/signed-commit.js'
import { namespaceOf, namespacesOf, recordSeq, refsOf } from '../../src/repo/repo-index.js'
import { connect, createPeer, objectFiles } from './sync-peer.js'
import type { TestPeer } from './sync-peer.js'
import type { PrivateKey } from '@libp2p/interface'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const issuesOf = (p: TestPeer): ReturnType<typeof issueQueries>['issues'] => issueQueries(p.repos, () => {}).issues

/** A change written by hand (past the handle's checks), on `parents`, published as `peer`'s ref to issue `id`. */
async function handMade (peer: TestPeer, rid: string, id: string, parents: string[], actions: unknown[], opts: { clock?: number, forge?: (commit: string) => string, signWith?: PrivateKey } = {}): Promise<string> {
  return await peer.repos.publishOwnRef(rid, async (_record, commit) => {
    const gitdir = peer.repos.gitdir(rid)
    const blob = async (b: Uint8Array): Promise<string> => await git.writeBlob({ fs, gitdir, blob: b })
    const tree = await git.writeTree({ fs, gitdir, tree: [{ mode: '100644', path: 'manifest', type: 'blob', oid: await blob(manifestBytes({ type: 'guts.issue', version: 1 })) }, ...await Promise.all(actions.map(async (a, i) => ({ mode: '100644', path: String(i), type: 'blob' as const, oid: await blob(actionBytes(a)) })))] })
    const message = changeMessage('hand made', { clock: opts.clock ?? 50, identity: 0, related: [] })
    const who = { name: 'x', email: 'x@example.org', timestamp: 1, timezoneOffset: 0 }
    let oid = opts.signWith != null
      ? await git.writeObject({ fs, gitdir, type: 'commit', format: 'content', object: await signedCommit(opts.signWith, { tree, parent: parents, author: who, committer: who, message }) })
      : await commit(tree, parents, message)
    if (opts.forge != null) {
      const { object } = await git.readObject({ fs, gitdir, oid, format: 'content' })
      oid = await git.writeObject({ fs, gitdir, type: 'commit', format: 'content', object: text(opts.forge(new TextDecoder().decode(object as Uint8Array))) })
    }
    return { ref: `refs/cobs/guts.issue/${id}`, oid, value: oid }
  })
}

describe('issues between three peers', () => {
  let a: TestPeer
  let b: TestPeer
  let c: TestPeer
  let rid: string
  let id: string

  beforeAll(async () => {
    [a, b, c] = await Promise.all([createPeer('a'), createPeer('b'), createPeer('c')])
    const repo = await a.repos.create({ name: 'shared' })
    rid = repo.rid
    await a.repos.commit(rid, { branch: 'main', message: 'two', changes: [{ op: 'write', path: 'a.txt', content: text('a\n') }] })
  })
  afterAll(async () => {
    for (const p of [a, b, c]) { await p.sync.stop(); await p.node.stop() }
  })

  it('a reader opens an issue; another peer receives it; the delegate answers, labels and closes it; the reader hears', async () => {
    await connect(b, a)
    await b.sync.clone(rid)
    id = await issuesOf(b).open(await b.repos.get(rid), { title: 'Crash on start', body: 'It crashes <script>alert(1)</script>' })
    const bRecord = await b.repos.get(rid)
    // B holds issue refs only: no fork, and the canonical refs are A's
    expect(Object.keys(namespaceOf(bRecord, b.repos.peerId)!.refs)).toEqual([`refs/cobs/guts.issue/${id}`])

    await connect(c, b)
    await c.sync.clone(rid)
    const cList = await issuesOf(c).list(await c.repos.get(rid))
    expect(cList.issues.map(i => [i.id, i.title, i.author])).toEqual([[id, 'Crash on start', b.repos.peerId]])

    await connect(a, b)
    expect(await a.sync.fetchFrom(b.node.peerId, rid)).toBe('updated')
    let aRecord = await a.repos.get(rid)
    expect(refsOf(aRecord)['refs/heads/main']).toBeDefined()
    expect(Object.keys(refsOf(aRecord)).some(r => r.startsWith('refs/cobs/'))).toBe(false)
    await issuesOf(a).comment(aRecord, id, { body: 'Fixed in main' })
    aRecord = await a.repos.get(rid)
    await issuesOf(a).label(aRecord, id, { add: ['bug'] })
    aRecord = await a.repos.get(rid)
    await issuesOf(a).close(aRecord, id, 'solved')

    expect(await b.sync.fetchFrom(a.node.peerId, rid)).toBe('updated')
    const view = (await issuesOf(b).get(await b.repos.get(rid), id))!
    expect(view.status).toEqual({ status: 'closed', reason: 'solved' })
    expect(view.labels).toEqual(['bug'])
    expect(view.comments.map(x => [x.author, x.body])).toEqual([[b.repos.peerId, 'It crashes <script>alert(1)</script>'], [a.repos.peerId, 'Fixed in main']])

    // stock git reads B's store whole, and A's changes in A's namespace
    const gitdir = b.repos.gitdir(rid)
    const fsck = spawnSync('git', ['--git-dir', gitdir, 'fsck', '--strict'], { encoding: 'utf8' })
    expect(fsck.status, fsck.stderr).toBe(0)
    const log = spawnSync('git', ['--git-dir', gitdir, 'log', '--format=%s', `refs/namespaces/${a.repos.peerId}/refs/cobs/guts.issue/${id}`], { encoding: 'utf8' })
    expect(log.stdout.trim().split('\n')).toEqual(['Close issue as solved', 'Label issue +bug', 'Comment on issue', 'Open issue: Crash on start'])
  })

  it('a non-delegate reopening (and labelling) someone else\'s issue is taken in but has no effect (dropped, with why)', async () => {
    const record = await c.repos.get(rid)
    const heads = Object.values(namespacesOf(record)).flatMap(n => Object.entries(n.refs).filter(([r]) => r.endsWith(id)).map(([, o]) => o))
    await handMade(c, rid, id, [...new Set(heads)], [{ type: 'lifecycle', state: 'open' }, { type: 'label', add: ['mine'], remove: [] }])
    await connect(a, c)
    expect(await a.sync.fetchFrom(c.node.peerId, rid)).toBe('updated')
    const view = (await issuesOf(a).get(await a.repos.get(rid), id))!
    expect(view.status).toEqual({ status: 'closed', reason: 'solved' })
    expect(view.labels).toEqual(['bug'])
    expect(view.dropped.map(d => d.reason)).toEqual(['only the issue\'s author or a delegate may close or reopen it'])
  })

  it('a peer that was offline catches up with what was said meanwhile when it reconnects', async () => {
    await c.node.hangUp(b.node.peerId)
    await c.node.hangUp(a.node.peerId)
    const aRecord = await a.repos.get(rid)
    await issuesOf(a).comment(aRecord, id, { body: 'While you were away' })
    // no fetch asked for: connecting is enough (the catch-up on connect)
    await connect(c, a)
    await expect.poll(async () => (await issuesOf(c).get(await c.repos.get(rid), id))?.comments.map(x => x.body).at(-1), { timeout: 15_000 }).toBe('While you were away')
  })

  describe('refused by the network, the sender scored, nothing stored', () => {
    let victim: TestPeer
    let evil: TestPeer

    beforeAll(async () => {
      victim = await createPeer('victim')
      await connect(victim, a)
      await victim.sync.clone(rid)
      await victim.node.hangUp(a.node.peerId)
    })
    afterAll(async () => {
      for (const p of [victim, evil]) { await p?.sync.stop(); await p?.node.stop() }
    })

    async function expectRefused (make: (p: TestPeer) => Promise<unknown>, error: RegExp): Promise<void> {
      if (evil != null) { await evil.sync.stop(); await evil.node.stop() }
      evil = await createPeer('evil')
      await connect(evil, a)
      await evil.sync.clone(rid)
      await evil.node.hangUp(a.node.peerId)
      await make(evil)
      const before = await victim.repos.get(rid)
      const files = objectFiles(victim.repos.gitdir(rid))
      await connect(victim, evil)
      await expect(victim.sync.fetchFrom(evil.node.peerId, rid)).rejects.toThrow(error)
      const after = await victim.repos.get(rid)
      expect(recordSeq(after)).toBe(recordSeq(before))
      expect(objectFiles(victim.repos.gitdir(rid))).toEqual(files)
      expect(victim.sync.offences.score(evil.node.peerId.toString())).toBeGreaterThan(0)
    }

    const tipsOf = async (p: TestPeer): Promise<string[]> => [...new Set(namespacesOf(await p.repos.get(rid)).flatMap(n => Object.entries(n.refs).filter(([r]) => r.endsWith(id)).map(([, o]) => o)))]

    it('a forged change (its body altered after signing)', async () => {
      await expectRefused(async (p) => await handMade(p, rid, id, await tipsOf(p), [{ type: 'comment', body: 'honest' }], { forge: (s) => s.replace('hand made', 'hand mad3') }), /signature/)
    })

    it('a change its writer did not sign (signed by another key)', async () => {
      await expectRefused(async (p) => await handMade(p, rid, id, await tipsOf(p), [{ type: 'comment', body: 'x' }], { signWith: await generateKeyPair('Ed25519') }), /not by the writer/)
    })

    it('a comment over 65,536 characters', async () => {
      await expectRefused(async (p) => await handMade(p, rid, id, await tipsOf(p), [{ type: 'comment', body: 'x'.repeat(70_000) }]), /malformed.*65,536/)
    })
  })
})
