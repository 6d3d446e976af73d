// Patches between real libp2p nodes (@libp2p/memory, Noise, yamux): B forks
// A's repository, proposes from a branch; C receives the patch and its
// commits from B; A reviews a line and rejects, B revises, A accepts and
// merges; C sees the patch merged and B's change on main. And what the
// network must refuse or drop: a non-delegate recording a merge and a
// review of a revision the patch does not have (taken in, no effect, with
// why), a revision whose commits are missing from the pack (refused, the
// sender cut off, nothing stored).
import git from 'isomorphic-git'
import fs from 'node:fs'
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actionBytes, changeMessage, manifestBytes } from '../../src/core/cob/change.js'
import { patchQueries } from '../../src/app/patch-queries.js'
import { namespaceOf, namespacesOf, refsOf } from '../../src/repo/repo-index.js'
import { REFS_PROTOCOL, handleRefs } from '../../src/sync/refs/index.js'
import { PACK_PROTOCOL, handlePack } from '../../src/sync/pack/index.js'
import { bytesSource } from '../../src/repo/pack-source.js'
import { connect, createNode, createPeer, objectFiles } from './sync-peer.js'
import type { TestNode, TestPeer } from './sync-peer.js'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const lines = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n'
const patchesOf = (p: TestPeer): ReturnType<typeof patchQueries>['patches'] => patchQueries(p.repos, () => {}).patches

/** A patch change written by hand (past the handle's checks) on the patch's tips, with `related` commits as parents too. */
async function handMade (peer: TestPeer, rid: string, id: string, actions: unknown[], related: string[] = []): Promise<string> {
  const record = await peer.repos.get(rid)
  const tips = [...new Set(namespacesOf(record).flatMap(n => Object.entries(n.refs).filter(([r]) => r === `refs/cobs/guts.patch/${id}`).map(([, o]) => o)))]
  return await peer.repos.publishOwnRef(rid, async (_record, commit) => {
    const gitdir = peer.repos.gitdir(rid)
    const blob = async (b: Uint8Array): Promise<string> => await git.writeBlob({ fs, gitdir, blob: b })
    const tree = await git.writeTree({ fs, gitdir, tree: [{ mode: '100644', path: 'manifest', type: 'blob', oid: await blob(manifestBytes({ type: 'guts.patch', version: 1 })) }, ...await Promise.all(actions.map(async (a, i) => ({ mode: '100644', path: String(i), type: 'blob' as const, oid: await blob(actionBytes(a)) })))] })
    const oid = await commit(tree, [...tips, ...related], changeMessage('hand made', { clock: 100, identity: 0, related }))
    return { ref: `refs/cobs/guts.patch/${id}`, oid, value: oid }
  })
}

describe('patches between three peers', () => {
  let a: TestPeer
  let b: TestPeer
  let c: TestPeer
  let rid: string
  let id: string

  beforeAll(async () => {
    [a, b, c] = await Promise.all([createPeer('a'), createPeer('b'), createPeer('c')])
    rid = (await a.repos.create({ name: 'shared' })).rid
    await a.repos.commit(rid, { branch: 'main', message: 'files', changes: [{ op: 'write', path: 'src/a.txt', content: text(lines(30)) }, { op: 'write', path: 'src/b.txt', content: text(lines(5)) }] })
  })
  afterAll(async () => {
    for (const p of [a, b, c]) { await p.sync.stop(); await p.node.stop() }
  })

  it('B proposes from its fork; C gets the patch and its commits from B; A reviews, B revises, A merges; C sees it merged on main', async () => {
    await connect(b, a)
    await b.sync.clone(rid)
    await b.repos.fork(rid)
    await b.repos.createBranch(rid, 'feature', refsOf(await b.repos.get(rid))['refs/heads/main'])
    await b.repos.commit(rid, { branch: 'feature', message: 'Edit two files', changes: [{ op: 'write', path: 'src/a.txt', content: text(lines(30).replace('line 15\n', 'line fifteen\n')) }, { op: 'write', path: 'src/b.txt', content: text(lines(5) + 'six\n') }] })
    id = await patchesOf(b).open(await b.repos.get(rid), { title: 'Spell fifteen', description: 'Words read better', branch: 'feature' })

    await connect(c, b)
    await c.sync.clone(rid)
    const cRecord = await c.repos.get(rid)
    expect((await patchesOf(c).list(cRecord)).patches.map(p => [p.id, p.title, p.status, p.author])).toEqual([[id, 'Spell fifteen', 'open', b.repos.peerId]])
    const rev1 = (await patchesOf(c).get(cRecord, id))!.revisions[0]
    expect((await patchesOf(c).commits(cRecord, id, rev1.id)).commits.map(x => x.message.trim())).toEqual(['Edit two files'])

    await connect(a, b)
    expect(await a.sync.fetchFrom(b.node.peerId, rid)).toBe('updated')
    let aRecord = await a.repos.get(rid)
    const review = await patchesOf(a).review(aRecord, id, { revision: rev1.id, verdict: 'reject', summary: 'Almost', comments: [{ body: 'Keep digits here', location: { commit: rev1.oid, path: 'src/a.txt', new: [15, 15] } }] })

    // meanwhile main moves on, so the merge needs a merge commit
    await a.repos.commit(rid, { branch: 'main', message: 'Elsewhere', changes: [{ op: 'write', path: 'other.txt', content: text('other\n') }] })

    expect(await b.sync.fetchFrom(a.node.peerId, rid)).toBe('updated')
    let bRecord = await b.repos.get(rid)
    expect((await patchesOf(b).get(bRecord, id))!.revisions[0].reviews[a.repos.peerId].verdict).toBe('reject')
    const head1 = namespaceOf(bRecord, b.repos.peerId)!.refs['refs/heads/feature']
    await b.repos.commit(rid, { branch: 'feature', message: 'Only b', expectedHead: head1, changes: [{ op: 'write', path: 'src/b.txt', content: text(lines(5) + 'seven\n') }] })
    bRecord = await b.repos.get(rid)
    const rev2 = await patchesOf(b).revise(bRecord, id, { description: 'Digits kept' })

    expect(await a.sync.fetchFrom(b.node.peerId, rid)).toBe('updated')
    aRecord = await a.repos.get(rid)
    const placed = await patchesOf(a).inlineComments(aRecord, id, rev2)
    expect(placed.map(p => [p.review, p.madeOnNumber])).toEqual([[review, 1]])
    await patchesOf(a).review(aRecord, id, { revision: rev2, verdict: 'accept', comments: [] })
    aRecord = await a.repos.get(rid)
    const plan = await patchesOf(a).mergePlan(aRecord, id)
    expect(plan.kind).toBe('merge')
    const merged = await patchesOf(a).merge(aRecord, id)
    aRecord = await a.repos.get(rid)
    expect(refsOf(aRecord)['refs/heads/main']).toBe(merged)

    await connect(c, a)
    expect(await c.sync.fetchFrom(a.node.peerId, rid)).toBe('updated')
    const cNow = await c.repos.get(rid)
    const view = (await patchesOf(c).get(cNow, id))!
    expect(view.shown).toBe('merged')
    expect(view.merged).toEqual({ revision: rev2, commit: merged, by: [a.repos.peerId] })
    // stock git: main holds B's change and A's, the store is whole
    const gitdir = c.repos.gitdir(rid)
    expect(spawnSync('git', ['--git-dir', gitdir, 'show', `${merged}:src/b.txt`], { encoding: 'utf8' }).stdout).toBe(lines(5) + 'seven\n')
    expect(spawnSync('git', ['--git-dir', gitdir, 'show', `${merged}:other.txt`], { encoding: 'utf8' }).stdout).toBe('other\n')
    expect(spawnSync('git', ['--git-dir', gitdir, 'rev-list', '--parents', '-n1', merged], { encoding: 'utf8' }).stdout.trim().split(' ')).toHaveLength(3)
    const fsck = spawnSync('git', ['--git-dir', gitdir, 'fsck', '--strict'], { encoding: 'utf8' })
    expect(fsck.status, fsck.stderr).toBe(0)
  })

  it('a non-delegate recording a merge, and a review of a revision the patch lacks, are taken in with no effect (dropped, with why)', async () => {
    const cRecord = await c.repos.get(rid)
    const view = (await patchesOf(c).get(cRecord, id))!
    const head = view.revisions[1].oid
    // the handle refuses before signing
    await expect(patchesOf(c).merge(cRecord, id)).rejects.toThrow(/delegate/)
    await handMade(c, rid, id, [{ type: 'merge', revision: view.revisions[1].id, commit: head }], [head])
    // (by another writer: after a dropped change, a change of the same writer's built on it is dropped too)
    await handMade(b, rid, id, [{ type: 'review', revision: 'f'.repeat(40), verdict: 'accept' }])
    expect(await a.sync.fetchFrom(c.node.peerId, rid)).toBe('updated')
    expect(await a.sync.fetchFrom(b.node.peerId, rid)).toBe('updated')
    const after = (await patchesOf(a).get(await a.repos.get(rid), id))!
    expect(after.merges.map(m => m.by)).toEqual([a.repos.peerId])
    // (in (clock, id) order: both hand-made changes have clock 100)
    expect(after.dropped.map(d => d.reason).sort()).toEqual(['it reviews a revision the patch does not have', 'only a delegate may merge a patch'])
  })

  describe('refused by the network', () => {
    let victim: TestPeer
    let evil: TestPeer
    let server: TestNode

    beforeAll(async () => {
      [victim, evil] = await Promise.all([createPeer('victim'), createPeer('evil')])
      for (const p of [victim, evil]) {
        await connect(p, a)
        await p.sync.clone(rid)
        await p.node.hangUp(a.node.peerId)
      }
      server = await createNode('server')
    })
    afterAll(async () => {
      for (const p of [victim, evil]) { await p.sync.stop(); await p.node.stop() }
      await server.stop()
    })

    it('a revision whose commits are missing from the pack: nothing stored, the sender cut off', async () => {
      // evil makes a real commit and a revision of it, then sends the change without the commit
      await evil.repos.fork(rid)
      const base = refsOf(await evil.repos.get(rid))['refs/heads/main']
      await evil.repos.createBranch(rid, 'x', base)
      const x = await evil.repos.commit(rid, { branch: 'x', message: 'hidden', changes: [{ op: 'write', path: 'h.txt', content: text('h\n') }] })
      const change = await patchesOf(evil).revise(await evil.repos.get(rid), id, { head: x, description: 'sneaky' })
      const gitdir = evil.repos.gitdir(rid)
      const { commit } = await git.readCommit({ fs, gitdir, oid: change })
      const { tree } = await git.readTree({ fs, gitdir, oid: commit.tree })
      const { packfile } = await git.packObjects({ fs, gitdir, oids: [change, commit.tree, ...tree.map(e => e.oid)], write: false })
      const record = await evil.repos.get(rid)
      await server.handle(REFS_PROTOCOL, (stream) => { void handleRefs(stream, async () => ({ genesis: record.genesis, signedRefs: namespaceOf(record, evil.repos.peerId)! })) }, { runOnLimitedConnection: true })
      await server.handle(PACK_PROTOCOL, (stream) => { void handlePack(stream, async () => bytesSource(packfile!, 3)) })

      const before = await victim.repos.get(rid)
      const files = objectFiles(victim.repos.gitdir(rid))
      await connect(victim, { node: server })
      await expect(victim.sync.fetchFrom(server.peerId, rid)).rejects.toThrow(/missing/)
      expect(namespacesOf(await victim.repos.get(rid))).toEqual(namespacesOf(before))
      expect(objectFiles(victim.repos.gitdir(rid))).toEqual(files)
      await expect.poll(() => victim.node.getConnections(server.peerId).length).toBe(0)
    })
  })
})
