// The commit page's signature line, through the app layer on a real
// repository: a tab's own commit is Verified; one signed by a key that does
// not write the repository, a changed one, and an unsigned one say so.
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import git from 'isomorphic-git'
import { JSDOM } from 'jsdom'
import { h, render } from 'preact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRepositories } from '../../app/repositories.js'
import { signedCommit } from '../../core/signed-commit.js'
import { MemoryRepoIndex } from '../../repo/repo-index.js'
import { Repos } from '../../repo/repos.js'
import { CommitSignature } from './CommitSignature.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'
import type { CommitFields } from '../../core/signed-commit.js'
import type { GitFs } from '../../repo/fs.js'

const dom = new JSDOM('<!doctype html><div id="root"></div>')
const globals = globalThis as Record<string, unknown>
let dir: string
let repos: Repos
let app: GutsApp
let record: RepoRecord

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guts-commitsig-'))
  repos = new Repos({ fs: fs as unknown as GitFs, index: new MemoryRepoIndex(), key: await generateKeyPair('Ed25519'), root: dir, author: () => ({ name: 'a', email: 'a@example.org' }) })
  app = { repos: createRepositories({ repos }) } as unknown as GutsApp
  record = await repos.create({ name: 'signed' })
  globals.window = dom.window
  globals.document = dom.window.document
})
afterAll(async () => {
  render(null, dom.window.document.getElementById('root')!)
  delete globals.window
  delete globals.document
  await rm(dir, { recursive: true, force: true })
})

async function shown (oid: string): Promise<HTMLElement> {
  const root = dom.window.document.getElementById('root')!
  render(null, root)
  render(h(CommitSignature, { app, record, oid }), root)
  for (let i = 0; i < 500; i++) {
    const el = root.querySelector<HTMLElement>('[data-testid=commit-signature]')
    if (el != null) return el
    await new Promise(resolve => setTimeout(resolve, 10))
  }
  throw new Error('no signature line')
}

const fields = (message: string): CommitFields => {
  const who = { name: 'x', email: 'x@example.org', timestamp: 1_700_000_000, timezoneOffset: 0 }
  return { tree: '4b825dc642cb6eb9a060e54bf8d69288fbee4904', parent: [], author: who, committer: who, message }
}
const write = async (object: Uint8Array): Promise<string> => git.writeObject({ fs, gitdir: repos.gitdir(record.rid), type: 'commit', format: 'content', object })

describe('CommitSignature', () => {
  it('says Verified for a commit the tab signed, naming its PeerId', async () => {
    const el = await shown(record.signedRefs.refs['refs/heads/main'])
    expect(el.dataset.state).toBe('verified')
    expect(el.textContent).toBe(`Verified · signed by ${repos.peerId.slice(0, 8)}…${repos.peerId.slice(-6)}`)
    expect(el.title).toContain(repos.peerId)
  })

  it('tells a good signature by someone who is not a writer, a bad one, and none apart', async () => {
    const stranger = await write(await signedCommit(await generateKeyPair('Ed25519'), fields('by a stranger\n')))
    expect((await shown(stranger)).dataset.state).toBe('stranger')
    const good = new TextDecoder().decode(await signedCommit(await generateKeyPair('Ed25519'), fields('original\n')))
    const changed = await write(new TextEncoder().encode(good.replace('original', 'changed!')))
    const bad = await shown(changed)
    expect([bad.dataset.state, bad.textContent, bad.title]).toEqual(['bad', 'Bad signature', 'the signature does not match'])
    const unsigned = await git.writeCommit({ fs, gitdir: repos.gitdir(record.rid), commit: fields('unsigned\n') })
    expect((await shown(unsigned)).textContent).toBe('Unverified')
  })
})
