// Issues through the app handle on real git stores: three peers' Repos over
// one directory (each signs with its own key, as three tabs would, and the
// store is shared so no network is needed here; test/integration/issues.test.ts
// carries them between peers). Checked with the stock git CLI too.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { allowedSigners } from '../core/ssh-signature.js'
import { MemoryCobCache } from '../repo/cob-cache.js'
import { EditError } from '../repo/errors.js'
import { MemoryRepoIndex } from '../repo/repo-index.js'
import { Repos } from '../repo/repos.js'
import { issueQueries } from './issue-queries.js'
import type { GitFs } from '../repo/fs.js'

describe('issues through the app handle', () => {
  let dir: string
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'guts-issues-')) })
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  const peers = async (n: number): Promise<Array<{ repos: Repos, issues: ReturnType<typeof issueQueries>['issues'] }>> => {
    const index = new MemoryRepoIndex()
    const out = []
    for (let i = 0; i < n; i++) {
      const repos = new Repos({ fs: fs as unknown as GitFs, index, key: await generateKeyPair('Ed25519'), root: dir, author: () => ({ name: `p${i}`, email: `p${i}@example.org` }) })
      out.push({ repos, issues: issueQueries(repos, () => {}, new MemoryCobCache()).issues })
    }
    return out
  }

  it('a reader opens an issue; the delegate comments, labels and closes it; git reads and verifies every change', async () => {
    const [a, b] = await peers(2)
    let record = await a.repos.create({ name: 'r', readme: 'hi' })
    const id = await b.issues.open(record, { title: 'It breaks', body: 'Steps:\n\n1. open it' })
    record = await a.repos.get(record.rid)
    // B holds a namespace of issue refs only
    const bNs = record.namespaces!.find(n => n.signer === b.repos.peerId)!
    expect(Object.keys(bNs.refs)).toEqual([`refs/cobs/guts.issue/${id}`])
    const c1 = await a.issues.comment(record, id, { body: 'Thanks!' })
    record = await a.repos.get(record.rid)
    await b.issues.comment(record, id, { body: 'You are welcome', replyTo: c1 })
    record = await a.repos.get(record.rid)
    await a.issues.label(record, id, { add: ['bug', 'ui'] })
    record = await a.repos.get(record.rid)
    await a.issues.close(record, id, 'solved')
    record = await a.repos.get(record.rid)
    for (const p of [a, b]) {
      const view = (await p.issues.get(record, id))!
      expect(view.title).toBe('It breaks')
      expect(view.status).toEqual({ status: 'closed', reason: 'solved' })
      expect(view.labels).toEqual(['bug', 'ui'])
      expect(view.comments.map(c => c.body)).toEqual(['Steps:\n\n1. open it', 'Thanks!', 'You are welcome'])
      expect(view.comments[2].replyTo).toBe(c1)
      expect(view.dropped).toEqual([])
      const list = await p.issues.list(record)
      expect(list.issues.map(i => [i.id, i.comments, i.status.status])).toEqual([[id, 2, 'closed']])
      expect(list.labels).toEqual(['bug', 'ui'])
    }
    expect((await a.issues.get(record, id))!.moderator).toBe(true)
    expect((await b.issues.get(record, id))!.canManage).toBe(true)

    // stock git: every change is a commit that verifies, under each writer's namespace
    const gitdir = a.repos.gitdir(record.rid)
    execFileSync('git', ['fsck', '--strict'], { cwd: gitdir })
    const signers = join(dir, 'allowed_signers')
    await writeFile(signers, allowedSigners([a.repos.peerId, b.repos.peerId]))
    const log = execFileSync('git', ['log', '--format=%H %s', `refs/namespaces/${a.repos.peerId}/refs/cobs/guts.issue/${id}`], { cwd: gitdir }).toString().trim().split('\n')
    expect(log.map(l => l.slice(41))).toEqual(['Close issue as solved', 'Label issue +bug +ui', 'Reply to a comment', 'Comment on issue', 'Open issue: It breaks'])
    for (const line of log) execFileSync('git', ['-c', `gpg.ssh.allowedSignersFile=${signers}`, 'verify-commit', line.slice(0, 40)], { cwd: gitdir, stdio: 'pipe' })
  })

  it('refuses, before signing, what the rules would drop', async () => {
    const [a, b, c] = await peers(3)
    let record = await a.repos.create({ name: 'r' })
    const id = await b.issues.open(record, { title: 'T', body: 'B' })
    record = await a.repos.get(record.rid)
    await expect(c.issues.close(record, id, 'other')).rejects.toThrow(EditError)
    await expect(c.issues.label(record, id, { add: ['x'] })).rejects.toThrow(/only a delegate/)
    await expect(c.issues.editComment(record, id, id, 'mine now')).rejects.toThrow(/author/)
    await expect(c.issues.redactComment(record, id, id)).rejects.toThrow(/author or a delegate/)
    await expect(b.issues.open(record, { title: 'L', body: 'x', labels: ['bug'] })).rejects.toThrow(/delegate/)
    await expect(b.issues.comment(record, id, { body: 'x'.repeat(70_000) })).rejects.toThrow(/65,536/)
    // nothing was published by C
    expect((await a.repos.get(record.rid)).namespaces!.some(n => n.signer === c.repos.peerId)).toBe(false)
    // a delegate may redact someone else's comment
    await a.issues.redactComment(record, id, id)
    record = await a.repos.get(record.rid)
    const view = (await c.issues.get(record, id))!
    expect(view.comments[0]).toMatchObject({ body: '', redacted: { by: a.repos.peerId } })
  })
})
