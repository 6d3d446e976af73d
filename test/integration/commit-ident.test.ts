// Names and emails as a person types them in Settings, committed through
// Repos (the browser's code path): every commit must pass `git fsck
// --strict` and our own fsck, which every peer runs on what it receives,
// and read as git itself would have written it.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkCommit } from '../../src/repo/pack/fsck.js'
import { MemoryRepoIndex } from '../../src/repo/repo-index.js'
import { Repos } from '../../src/repo/repos.js'
import type { Author } from '../../src/repo/repos.js'
import type { GitFs } from '../../src/repo/fs.js'

const ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' }
const run = (args: string[], env: Record<string, string> = {}): string => execFileSync('git', args, { env: { ...ENV, ...env }, encoding: 'utf8' })

let work: string
let who: Author
let repos: Repos
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'guts-ident-'))
  fs.mkdirSync(join(work, 'repos'))
  repos = new Repos({ fs: fs as unknown as GitFs, index: new MemoryRepoIndex(), key: await generateKeyPair('Ed25519'), root: join(work, 'repos'), author: () => who })
})
afterAll(async () => { await rm(work, { recursive: true, force: true }) })

/** The author line of a commit made through Repos.create (a first commit) and Repos.commit (a second). */
async function commitAs (name: string, email: string): Promise<{ gitdir: string, author: string }> {
  who = { name, email }
  const record = await repos.create({ name: 'r' })
  const oid = await repos.commit(record.rid, { branch: 'main', message: 'second', changes: [{ op: 'write', path: 'a.txt', content: new Uint8Array([0x61]) }] })
  const gitdir = repos.gitdir(record.rid)
  run(['--git-dir', gitdir, 'fsck', '--full', '--strict'])
  const raw = execFileSync('git', ['--git-dir', gitdir, 'cat-file', 'commit', oid], { env: ENV })
  checkCommit(new Uint8Array(raw), oid)
  const first = execFileSync('git', ['--git-dir', gitdir, 'cat-file', 'commit', `${oid}~1`], { env: ENV })
  checkCommit(new Uint8Array(first), `${oid}~1`)
  return { gitdir, author: run(['--git-dir', gitdir, 'log', '-1', '--format=%an|%ae', oid]).trimEnd() }
}

/** What git writes for the same name and email (it cleans them too, ident.c). */
function gitWrites (name: string, email: string): string {
  const dir = join(work, `git-${Math.random().toString(36).slice(2)}`)
  run(['init', '-q', '--bare', dir])
  const tree = run(['--git-dir', dir, 'hash-object', '-t', 'tree', '-w', '/dev/null']).trim()
  const env = { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email }
  const oid = execFileSync('git', ['--git-dir', dir, 'commit-tree', tree, '-m', 'x'], { env: { ...ENV, ...env }, encoding: 'utf8' }).trim()
  return run(['--git-dir', dir, 'log', '-1', '--format=%an|%ae', oid]).trimEnd()
}

describe('commit identities', () => {
  it.each([
    ['A <b', 'a@example.org'],
    ['A> B', 'a@example.org'],
    ['Ada\nLovelace', 'ada@example.org'],
    ['  "Ada", ', ' <ada@example.org>\n'],
    ['Ada', 'ada>@example.org'],
    ['Ada', 'a<da@exam\nple.org'],
    ['Zoë <\u{1F680}>', 'zoe@example.org']
  ])('%j <%j> makes a commit git and peers take, as git would write it', async (name, email) => {
    const { author } = await commitAs(name, email)
    expect(author).toBe(gitWrites(name, email))
  })

  it('drops control characters git would keep, and takes no NUL', async () => {
    expect((await commitAs('Ada\tLove\rlace\u0000', 'ada@example.org\u007f')).author).toBe('AdaLovelace|ada@example.org')
  })

  it('falls back to a name and an email when nothing is left', async () => {
    const { author } = await commitAs(' <>\n', '<>')
    expect(author).toBe(`Anonymous|${repos.peerId.slice(-12)}@guts.invalid`)
  })
})
