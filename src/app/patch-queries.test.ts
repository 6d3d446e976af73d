// Patches through the app handle on real git stores: peers' Repos over one
// directory (each signs with its own key, as tabs would; the store is
// shared, so no network: test/integration/patches.test.ts carries them
// between peers). B forks, proposes from a branch, A reviews a line and
// rejects, B revises, A accepts and merges; checked with the stock git CLI.
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { allowedSigners } from '../core/ssh-signature.js'
import { MemoryCobCache } from '../repo/cob-cache.js'
import { EditError, NotADelegateError } from '../repo/errors.js'
import { MemoryRepoIndex, refsOf } from '../repo/repo-index.js'
import { Repos } from '../repo/repos.js'
import { MergeConflictError, patchQueries } from './patch-queries.js'
import { PATCH_TYPE, patchReducer, summarizePatch } from '../core/cob/patch.js'
import { CobObjects } from '../repo/cob-index.js'
import { writeChange } from '../repo/cob-write.js'
import { objectReader } from './diff-object-store.js'
import type { GitFs } from '../repo/fs.js'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const lines = (n: number, tag = ''): string => Array.from({ length: n }, (_, i) => `line ${i + 1}${tag}`).join('\n') + '\n'

describe('patches through the app handle', () => {
  let dir: string
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'guts-patches-')) })
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  const peers = async (n: number): Promise<Array<{ repos: Repos, patches: ReturnType<typeof patchQueries>['patches'] }>> => {
    const index = new MemoryRepoIndex()
    const out = []
    for (let i = 0; i < n; i++) {
      const repos = new Repos({ fs: fs as unknown as GitFs, index, key: await generateKeyPair('Ed25519'), root: dir, author: () => ({ name: `p${i}`, email: `p${i}@example.org` }) })
      out.push({ repos, patches: patchQueries(repos, () => {}, new MemoryCobCache()).patches })
    }
    return out
  }

  /** a second delegate over A's store and index, the threshold raised to two, with refs of its own (at the canonical ones) */
  const secondDelegate = async (a: Repos, rid: string): Promise<{ repos: Repos, patches: ReturnType<typeof patchQueries>['patches'] }> => {
    const repos = new Repos({ fs: fs as unknown as GitFs, index: a.index, key: await generateKeyPair('Ed25519'), root: dir, author: () => ({ name: 'd', email: 'd@example.org' }) })
    await a.changeIdentity(rid, { delegates: [a.peerId, repos.peerId], threshold: 2 })
    await repos.createBranch(rid, 'd', refsOf(await a.get(rid))['refs/heads/main'])
    return { repos, patches: patchQueries(repos, () => {}, new MemoryCobCache()).patches }
  }

  /** A's repository with two files; B's fork with a branch `feature` editing both */
  const proposal = async (): Promise<{ a: Awaited<ReturnType<typeof peers>>[number], b: Awaited<ReturnType<typeof peers>>[number], rid: string }> => {
    const [a, b] = await peers(2)
    const record = await a.repos.create({ name: 'r', readme: 'hi' })
    await a.repos.commit(record.rid, { branch: 'main', message: 'files', changes: [{ op: 'write', path: 'src/a.txt', content: enc(lines(40)) }, { op: 'write', path: 'src/b.txt', content: enc(lines(10)) }] })
    await b.repos.fork(record.rid)
    const main = refsOf(await b.repos.get(record.rid))['refs/heads/main']
    await b.repos.createBranch(record.rid, 'feature', main)
    await b.repos.commit(record.rid, { branch: 'feature', message: 'Edit both', changes: [{ op: 'write', path: 'src/a.txt', content: enc(lines(40).replace('line 20\n', 'line twenty\n')) }, { op: 'write', path: 'src/b.txt', content: enc(lines(10) + 'more\n') }] })
    return { a, b, rid: record.rid }
  }

  it('B proposes from a fork branch, A rejects with a line comment, B revises, A accepts and fast-forwards main; git verifies it all', async () => {
    const { a, b, rid } = await proposal()
    let record = await a.repos.get(rid)
    expect((await b.patches.proposable(record)).map(p => [p.branch, p.ahead])).toEqual([['feature', 1]])
    const id = await b.patches.open(record, { title: 'Twenty', description: 'Spell it out', branch: 'feature' })
    record = await a.repos.get(rid)
    let view = (await a.patches.get(record, id))!
    expect(view.shown).toBe('open')
    expect(view.revisions).toHaveLength(1)
    expect(view.revisions[0].branch).toBe('feature')
    const rev1 = view.revisions[0]
    expect((await a.patches.commits(record, id, rev1.id)).commits.map(c => c.message.trim())).toEqual(['Edit both'])

    const reviewId = await a.patches.review(record, id, { revision: rev1.id, verdict: 'reject', summary: 'Close', comments: [{ body: 'Why words?', location: { commit: rev1.oid, path: 'src/a.txt', new: [20, 20] } }] })
    record = await a.repos.get(rid)
    view = (await b.patches.get(record, id))!
    const review = view.revisions[0].reviews[a.repos.peerId]
    expect(review.id).toBe(reviewId)
    expect(review.verdict).toBe('reject')
    expect(review.comments.map(c => [c.id, c.body, c.location?.path])).toEqual([[`${reviewId}.0`, 'Why words?', 'src/a.txt']])
    const placed = await b.patches.inlineComments(record, id, rev1.id)
    expect(placed.map(p => [p.status, p.location.new])).toEqual([['current', [20, 20]]])
    await b.patches.replyToReview(record, id, { review: reviewId, body: 'Clearer', replyTo: `${reviewId}.0` })
    record = await a.repos.get(rid)
    expect((await a.patches.inlineComments(record, id, rev1.id))[0].replies.map(r => r.body)).toEqual(['Clearer'])

    // B revises one file on the branch, then updates the patch
    const bHead = (await b.repos.get(rid)).namespaces!.find(n => n.signer === b.repos.peerId)!.refs['refs/heads/feature']
    await b.repos.commit(rid, { branch: 'feature', message: 'Only b', expectedHead: bHead, changes: [{ op: 'write', path: 'src/b.txt', content: enc(lines(10) + 'more, more\n') }] })
    record = await a.repos.get(rid)
    await expect(b.patches.revise(record, id, { description: 'nothing', head: bHead })).rejects.toThrow(EditError)
    const rev2Id = await b.patches.revise(record, id, { description: 'Reworded b' })
    record = await a.repos.get(rid)
    view = (await a.patches.get(record, id))!
    expect(view.revisions.map(r => r.id)).toEqual([id, rev2Id])
    const cmp = await a.patches.compare(record, id, id, rev2Id)
    expect(cmp.baseMoved).toBe(false)
    expect(cmp.deltas.map(d => d.path)).toEqual(['src/b.txt'])
    expect(cmp.commits.map(p => [p.from?.message.trim(), p.to?.message.trim(), p.same])).toEqual([['Edit both', 'Edit both', true], [undefined, 'Only b', false]])
    // the line comment on a.txt is carried to revision 2 (a.txt did not change between them), with its hunk hash
    const carried = await a.patches.inlineComments(record, id, rev2Id)
    expect(carried.map(p => [p.status, p.madeOnNumber, p.location.new, p.location.commit])).toEqual([['kept', 1, [20, 20], view.revisions[1].oid]])
    expect(carried[0].comment.location?.hunk).toMatch(/^[0-9a-f]{16}$/)
    // lines the diff does not show cannot be commented on
    await expect(a.patches.comment(record, id, { revision: rev2Id, body: 'far away', location: { commit: view.revisions[1].oid, path: 'src/a.txt', new: [2, 2] } })).rejects.toThrow(/not in this revision's changes/)

    // a reader may not merge; the delegate accepts and fast-forwards
    await expect(b.patches.merge(record, id)).rejects.toThrow(NotADelegateError)
    await a.patches.review(record, id, { revision: rev2Id, verdict: 'accept', comments: [] })
    record = await a.repos.get(rid)
    expect((await a.patches.mergePlan(record, id)).kind).toBe('fast-forward')
    const merged = await a.patches.merge(record, id)
    record = await a.repos.get(rid)
    expect(refsOf(record)['refs/heads/main']).toBe(merged)
    expect(merged).toBe(view.revisions[1].oid)
    for (const p of [a, b]) {
      const v = (await p.patches.get(record, id))!
      expect(v.shown).toBe('merged')
      expect(v.merged).toEqual({ revision: rev2Id, commit: merged, by: [a.repos.peerId] })
      expect((await p.patches.list(record)).patches.map(x => [x.id, x.status, x.revisions, x.accepts])).toEqual([[id, 'merged', 2, 1]])
    }

    const gitdir = a.repos.gitdir(rid)
    execFileSync('git', ['fsck', '--strict'], { cwd: gitdir })
    const signers = join(dir, 'allowed_signers')
    await writeFile(signers, allowedSigners([a.repos.peerId, b.repos.peerId]))
    const log = execFileSync('git', ['log', '--format=%H %s', '--author-date-order', `refs/namespaces/${a.repos.peerId}/refs/cobs/guts.patch/${id}`, '--not', merged], { cwd: gitdir }).toString().trim().split('\n')
    expect(log.map(l => l.slice(41))).toEqual([`Merge patch as ${merged.slice(0, 12)}`, 'Accept revision', 'Update patch (new revision)', 'Comment on patch', 'Reject revision', 'Propose patch: Twenty'])
    for (const line of log) execFileSync('git', ['-c', `gpg.ssh.allowedSignersFile=${signers}`, 'verify-commit', line.slice(0, 40)], { cwd: gitdir, stdio: 'pipe' })
  })

  it('a patch is found merged when the target comes to hold its revision by other means (here: a second patch of the same branch)', async () => {
    const { a, b, rid } = await proposal()
    let record = await a.repos.get(rid)
    const first = await b.patches.open(record, { title: 'First', description: '', branch: 'feature' })
    record = await a.repos.get(rid)
    const second = await b.patches.open(record, { title: 'Again', description: '', branch: 'feature' })
    record = await a.repos.get(rid)
    expect((await a.patches.get(record, first))!.shown).toBe('open')
    const head = await a.patches.merge(record, second)
    record = await a.repos.get(rid)
    const v = (await a.patches.get(record, first))!
    expect(v.shown).toBe('merged')
    expect(v.merged).toEqual({ revision: first, commit: head, by: [] })
  })

  it('with a threshold of two, the patch is merged once both delegates record the merge and hold it; the second takes the first one\'s commit', async () => {
    const { a, b, rid } = await proposal()
    const { repos: d2, patches: dp } = await secondDelegate(a.repos, rid)
    let record = await a.repos.get(rid)
    const id = await b.patches.open(record, { title: 'Two keys', description: '', branch: 'feature' })
    record = await a.repos.get(rid)
    const first = await a.patches.merge(record, id)
    record = await a.repos.get(rid)
    // one of two: A's main holds it, the canonical main does not move
    expect((await a.patches.get(record, id))!.shown).toBe('open')
    expect(refsOf(record)['refs/heads/main']).not.toBe(first)
    const second = await dp.merge(record, id)
    expect(second).toBe(first)
    record = await a.repos.get(rid)
    expect(refsOf(record)['refs/heads/main']).toBe(first)
    const v = (await a.patches.get(record, id))!
    expect(v.shown).toBe('merged')
    expect(v.merged!.by).toEqual([a.repos.peerId, d2.peerId].sort())
  })

  it('a merge that would conflict names the files and writes nothing; a clean one makes a signed merge commit on both heads', async () => {
    const { a, b, rid } = await proposal()
    let record = await a.repos.get(rid)
    const id = await b.patches.open(record, { title: 'T', description: '', branch: 'feature' })
    // main changes line 20 of a.txt too, and another file
    await a.repos.commit(rid, { branch: 'main', message: 'Twenty too', changes: [{ op: 'write', path: 'src/a.txt', content: enc(lines(40).replace('line 20\n', 'line 20!\n')) }, { op: 'write', path: 'c.txt', content: enc('c\n') }] })
    record = await a.repos.get(rid)
    const plan = await a.patches.mergePlan(record, id)
    expect([plan.kind, plan.conflicts]).toEqual(['conflict', ['src/a.txt']])
    const before = await a.repos.get(rid)
    await expect(a.patches.merge(record, id)).rejects.toThrow(MergeConflictError)
    expect(await a.repos.get(rid)).toEqual(before)

    // B revises without touching line 20: now it merges cleanly, with a merge commit
    const head = before.namespaces!.find(n => n.signer === b.repos.peerId)!.refs['refs/heads/feature']
    await b.repos.commit(rid, { branch: 'feature', message: 'Leave twenty', expectedHead: head, changes: [{ op: 'write', path: 'src/a.txt', content: enc(lines(40)) }] })
    record = await a.repos.get(rid)
    await b.patches.revise(record, id, { description: 'b only' })
    record = await a.repos.get(rid)
    expect((await a.patches.mergePlan(record, id)).kind).toBe('merge')
    const merged = await a.patches.merge(record, id)
    record = await a.repos.get(rid)
    expect(refsOf(record)['refs/heads/main']).toBe(merged)
    const gitdir = a.repos.gitdir(rid)
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: gitdir }).toString()
    const mainBefore = refsOf(before)['refs/heads/main']
    const patchHead = (await a.patches.get(record, id))!.revisions[1].oid
    expect(git('rev-list', '--parents', '-n1', merged).trim().split(' ')).toEqual([merged, mainBefore, patchHead])
    // the tree is what git's own merge makes
    expect(git('rev-parse', `${merged}^{tree}`).trim()).toBe(git('merge-tree', '--write-tree', mainBefore, patchHead).trim())
    expect(git('show', '-s', '--format=%s', merged).trim()).toBe('Merge patch: T')
    const signers = join(dir, 'allowed_signers')
    await writeFile(signers, allowedSigners([a.repos.peerId]))
    execFileSync('git', ['-c', `gpg.ssh.allowedSignersFile=${signers}`, 'verify-commit', merged], { cwd: gitdir, stdio: 'pipe' })
    execFileSync('git', ['fsck', '--strict'], { cwd: gitdir })
    expect((await a.patches.get(record, id))!.shown).toBe('merged')
  })

  it('a fork\'s main with commits of its own is proposable into main (a delegate\'s own main never is)', async () => {
    const { a, b, rid } = await proposal()
    await b.repos.commit(rid, { branch: 'main', message: 'on my main', changes: [{ op: 'write', path: 'm.txt', content: enc('m\n') }] })
    const record = await a.repos.get(rid)
    expect((await b.patches.proposable(record)).map(p => [p.branch, p.ahead])).toEqual([['feature', 1], ['main', 1]])
    expect((await a.patches.proposable(record)).map(p => p.branch)).toEqual([])
    const id = await b.patches.open(record, { title: 'From main', description: '', branch: 'main' })
    expect((await b.patches.get(await a.repos.get(rid), id))!.revisions[0].branch).toBe('main')
  })

  it('refuses before signing: nothing to propose, an empty review, a review of a revision the patch lacks', async () => {
    const { a, b, rid } = await proposal()
    const record = await a.repos.get(rid)
    await expect(b.patches.open(record, { title: 'T', description: '', branch: 'main' })).rejects.toThrow(/nothing to propose/)
    await expect(b.patches.open(record, { title: 'T', description: '', branch: 'nope' })).rejects.toThrow(/no branch nope/)
    const id = await b.patches.open(record, { title: 'T', description: '', branch: 'feature' })
    const r = await a.repos.get(rid)
    await expect(a.patches.review(r, id, { revision: id, comments: [] })).rejects.toThrow(/needs a verdict/)
    await expect(a.patches.review(r, id, { revision: 'f'.repeat(40), verdict: 'accept', comments: [] })).rejects.toThrow(/no revision/)
  })

  describe('what a hostile peer or a race must not do', () => {
    /** a change written past the handle's own checks (as a modified peer would), through the same writer */
    const forged = async (repos: Repos, rid: string, id: string, actions: unknown[], related: string[], code?: Record<string, string>): Promise<string> => {
      const objects = new CobObjects({ type: PATCH_TYPE, reducer: patchReducer, summarize: summarizePatch, cache: new MemoryCobCache() })
      const lax = { ...patchReducer, check: () => undefined }
      return await writeChange(repos, rid, objects, lax, objectReader(repos, rid), { id, actions, summary: 'forged', related, ...(code != null ? { code } : {}) })
    }

    it('a second delegate never adopts a recorded "merge" that is not the revision merged; a merge never rewinds the delegate\'s own branch', async () => {
      const { a, b, rid } = await proposal()
      const { repos: d2, patches: dp } = await secondDelegate(a.repos, rid)
      let record = await a.repos.get(rid)
      const id = await b.patches.open(record, { title: 'Two keys', description: '', branch: 'feature' })
      // A puts a backdoor on its own main and records it as "the merge"
      const evil = await a.repos.commit(rid, { branch: 'main', message: 'backdoor', changes: [{ op: 'write', path: 'evil.sh', content: enc('rm -rf /\n') }] })
      record = await a.repos.get(rid)
      await forged(a.repos, rid, id, [{ type: 'merge', revision: id, commit: evil }], [evil])
      // D2 has a commit of its own on its main
      const mine = await d2.commit(rid, { branch: 'main', message: 'mine', changes: [{ op: 'write', path: 'd.txt', content: enc('d\n') }] })
      record = await a.repos.get(rid)
      expect((await a.patches.get(record, id))!.shown).toBe('open')
      const made = await dp.merge(record, id)
      expect(made).not.toBe(evil)
      const gitdir = a.repos.gitdir(rid)
      const isAncestor = (x: string, y: string): boolean => spawnSync('git', ['merge-base', '--is-ancestor', x, y], { cwd: gitdir }).status === 0
      expect(isAncestor(mine, made)).toBe(true)
      expect(isAncestor(evil, made)).toBe(false)
      record = await a.repos.get(rid)
      // A's record names a commit without the revision: it counts for nothing, so one of two
      expect((await a.patches.get(record, id))!.shown).toBe('open')
      expect(isAncestor(evil, refsOf(record)['refs/heads/main'])).toBe(false)
    })

    it('a stranger\'s revision naming a commit already on the target does not make the patch merged; a redacted merged revision stays merged', async () => {
      const { a, b, rid } = await proposal()
      const stranger = new Repos({ fs: fs as unknown as GitFs, index: a.repos.index, key: await generateKeyPair('Ed25519'), root: dir, author: () => ({ name: 's', email: 's@example.org' }) })
      let record = await a.repos.get(rid)
      const id = await b.patches.open(record, { title: 'T', description: '', branch: 'feature' })
      const main = refsOf(record)['refs/heads/main']
      await forged(stranger, rid, id, [{ type: 'revision', base: main, oid: main, description: 'already there' }], [main])
      record = await a.repos.get(rid)
      const view = (await a.patches.get(record, id))!
      expect(view.revisions).toHaveLength(2)
      expect(view.shown).toBe('open')

      // B revises, A merges revision 3, B redacts it: still merged
      const head = record.namespaces!.find(n => n.signer === b.repos.peerId)!.refs['refs/heads/feature']
      await b.repos.commit(rid, { branch: 'feature', message: 'more', expectedHead: head, changes: [{ op: 'write', path: 'src/b.txt', content: enc('bb\n') }] })
      record = await a.repos.get(rid)
      const rev = await b.patches.revise(record, id, { description: 'again' })
      record = await a.repos.get(rid)
      await expect(a.patches.merge(record, id, rev, { targetHead: 'f'.repeat(40) })).rejects.toThrow(/moved since/)
      await a.patches.merge(record, id, rev)
      record = await a.repos.get(rid)
      const objects = new CobObjects({ type: PATCH_TYPE, reducer: patchReducer, summarize: summarizePatch, cache: new MemoryCobCache() })
      await writeChange(b.repos, rid, objects, patchReducer, objectReader(b.repos, rid), { id, actions: [{ type: 'revision.redact', revision: rev }], summary: 'redact' })
      record = await a.repos.get(rid)
      const after = (await a.patches.get(record, id))!
      expect(after.revisions.find(r => r.id === rev)!.redacted).toBe(true)
      expect(after.shown).toBe('merged')
    })

    it('a comment every peer would refuse (an action over 96 KiB) is refused before signing, nothing published', async () => {
      const { a, b, rid } = await proposal()
      let record = await a.repos.get(rid)
      const id = await b.patches.open(record, { title: 'T', description: '', branch: 'feature' })
      record = await a.repos.get(rid)
      const before = await a.repos.get(rid)
      await expect(a.patches.comment(record, id, { revision: id, body: '中'.repeat(40_000) })).rejects.toThrow(/too large to publish/)
      expect(await a.repos.get(rid)).toEqual(before)
    })
  })
})
