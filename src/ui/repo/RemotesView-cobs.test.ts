// The Forks view with contributors who only took part in issues: their
// namespaces (refs/cobs/… only) are no forks, so the view lists the
// delegates and the writers of code, and not them.
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { JSDOM } from 'jsdom'
import { h, render } from 'preact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRepositories } from '../../app/repositories.js'
import { cobRefOf } from '../../core/ref-names.js'
import { signRefs } from '../../core/signed-refs.js'
import { identityOfRecord, MemoryRepoIndex, namespacesOf, refsOf } from '../../repo/repo-index.js'
import { Repos } from '../../repo/repos.js'
import { settleRecord } from '../../repo/settle-record.js'
import { RemotesView } from './RemotesView.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'
import type { GitFs } from '../../repo/fs.js'
import type { SignedRefs } from '../../core/signed-refs.js'

const dom = new JSDOM('<!doctype html><div id="root"></div>')
const globals = globalThis as Record<string, unknown>
let dir: string
let repos: Repos
let app: GutsApp
let record: RepoRecord
let contributor: SignedRefs
let fork: SignedRefs

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guts-remotes-cobs-'))
  repos = new Repos({ fs: fs as unknown as GitFs, index: new MemoryRepoIndex(), key: await generateKeyPair('Ed25519'), root: dir, author: () => ({ name: 'a', email: 'a@example.org' }) })
  app = { repos: createRepositories({ repos }) } as unknown as GutsApp
  const created = await repos.create({ name: 'issues' })
  const main = refsOf(created)['refs/heads/main']
  // an issue's id is a commit id; which commit does not matter to this view
  const id = main
  contributor = await signRefs(await generateKeyPair('Ed25519'), { rid: created.rid, seq: 1, refs: { [cobRefOf('guts.issue', id)]: id }, timestamp: 2 })
  fork = await signRefs(await generateKeyPair('Ed25519'), { rid: created.rid, seq: 1, refs: { 'refs/heads/main': main, [cobRefOf('guts.issue', id)]: id }, timestamp: 1 })
  const namespaces = [...namespacesOf(created), contributor, fork].sort((x, y) => x.signer < y.signer ? -1 : 1)
  record = await settleRecord(repos.fs, repos.gitdir(created.rid), { ...created, namespaces }, await identityOfRecord(created))
  globals.window = dom.window
  globals.document = dom.window.document
})
afterAll(async () => {
  render(null, dom.window.document.getElementById('root')!)
  delete globals.window
  delete globals.document
  await rm(dir, { recursive: true, force: true })
})

describe('RemotesView with issue-only contributors', () => {
  it('lists the delegate and the fork, not the contributor', async () => {
    const root = dom.window.document.getElementById('root')!
    render(h(RemotesView, { app, record }), root)
    let peers: string[] = []
    for (let i = 0; i < 200 && peers.length === 0; i++) {
      peers = [...root.querySelectorAll<HTMLElement>('[data-testid=writer]')].map(el => el.dataset.peer ?? '')
      if (peers.length === 0) await new Promise(resolve => setTimeout(resolve, 10))
    }
    expect(peers.sort()).toEqual([repos.peerId, fork.signer].sort())
    expect(peers).not.toContain(contributor.signer)
    // the contributor is still a writer the app knows of
    expect(app.repos.writers(record).find(w => w.peer === contributor.signer)).toMatchObject({ fork: false, cobs: 1 })
    // the fork's row counts its branch, not its issue
    const row = root.querySelector<HTMLElement>(`[data-testid=writer][data-peer="${fork.signer}"]`)!
    expect(row.textContent).toContain('1 branch')
  })
})
