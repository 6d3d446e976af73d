// Importing .git folders git made (the stock CLI; odd objects written with
// `git hash-object --literally`): names git takes that isomorphic-git does
// not (a backslash), objects git fsck refuses, loose or packed, and what
// else is wrong with a folder, each said in one line as an ImportError.
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listFiles } from '../../test/fixtures/git-fixture.js'
import { ImportError } from './errors.js'
import { listTree, readFile as readRepoFile } from './read.js'
import { MemoryRepoIndex } from './repo-index.js'
import { Repos } from './repos.js'
import type { GitFs } from './fs.js'

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.org', GIT_AUTHOR_DATE: '1700000000 +0000',
  GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.org', GIT_COMMITTER_DATE: '1700000000 +0000',
  GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null'
}
const git = (cwd: string, args: string[], input?: string | Buffer): string => execFileSync('git', args, { cwd, env: ENV, input, encoding: 'utf8' }).trim()

let work: string
let repos: Repos
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'guts-gitdir-import-'))
  fs.mkdirSync(join(work, 'repos'))
  repos = new Repos({ fs: fs as unknown as GitFs, index: new MemoryRepoIndex(), key: await generateKeyPair('Ed25519'), root: join(work, 'repos'), author: () => ({ name: 'a', email: 'a@example.org' }) })
})
afterAll(async () => { await rm(work, { recursive: true, force: true }) })

let n = 0
/** a fresh repository with one commit of `files` (name → content) */
function repoWith (files: Record<string, string>): string {
  const dir = join(work, `src-${n++}`)
  git(work, ['init', '-q', '-b', 'main', dir])
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(join(dir, name, '..'), { recursive: true })
    fs.writeFileSync(join(dir, name), content)
  }
  git(dir, ['add', '-A'])
  git(dir, ['commit', '-q', '-m', 'files'])
  return dir
}

/** A repository whose main branch is a commit of these exact bytes (its tree: the empty tree). */
function repoWithCommit (text: (tree: string) => string): { dir: string, commit: string } {
  const dir = join(work, `src-${n++}`)
  git(work, ['init', '-q', '-b', 'main', dir])
  const tree = git(dir, ['hash-object', '-t', 'tree', '-w', '--stdin'], '')
  const commit = git(dir, ['hash-object', '-t', 'commit', '--literally', '-w', '--stdin'], text(tree))
  git(dir, ['update-ref', 'refs/heads/main', commit])
  return { dir, commit }
}

const picked = (dir: string): Array<{ path: string, read: () => Promise<Uint8Array> }> => {
  const gitdir = join(dir, '.git')
  return listFiles(gitdir).map(p => ({ path: p, read: async () => new Uint8Array(await readFile(join(gitdir, p))) }))
}

async function refusal (dir: string): Promise<ImportError> {
  const before = (await repos.list()).length
  const staged = fs.readdirSync(join(work, 'repos')).length
  let err: any
  try { await repos.importGitdir(picked(dir), { name: 'x' }) } catch (e) { err = e }
  expect(err).toBeInstanceOf(ImportError)
  expect(err.message).not.toContain('\n')
  // nothing published, nothing left behind
  expect((await repos.list()).length).toBe(before)
  expect(fs.readdirSync(join(work, 'repos')).length).toBe(staged)
  return err
}

const BAD_AUTHOR = (tree: string): string => `tree ${tree}\nauthor A <b <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\nx\n`

describe('importing a .git folder', () => {
  it('takes a backslash in a file name, and the copy is the same repository to git', async () => {
    const dir = repoWith({ 'a\\b.txt': 'x\n', 'dir/c\\d.txt': 'y\n', 'plain.txt': 'z\n' })
    // and one git will not write to a Linux work tree by itself
    const blob = git(dir, ['hash-object', '-w', '--stdin'], 'e\n')
    git(dir, ['update-index', '--add', '--cacheinfo', `100644,${blob},e\\f\\g`])
    git(dir, ['commit', '-q', '-m', 'more'])
    const record = await repos.importGitdir(picked(dir), { name: 'backslash' })
    const ours = repos.gitdir(record.rid)
    git(ours, ['--git-dir', ours, 'fsck', '--full', '--strict'])
    const tree = (d: string): string => git(d, ['--git-dir', d, 'ls-tree', '-r', '--full-tree', 'main'])
    expect(tree(ours)).toBe(tree(join(dir, '.git')))
    expect(tree(ours)).toContain('"a\\\\b.txt"')
    // what a relay serves over git's smart HTTP is this directory: git clones it clean
    const clone = join(work, `clone-${n++}`)
    git(work, ['clone', '-q', '--mirror', ours, clone])
    git(clone, ['--git-dir', clone, 'fsck', '--full', '--strict'])
    expect(tree(clone)).toBe(tree(join(dir, '.git')))
    // and the tab's views list and read it
    const head = record.signedRefs.refs['refs/heads/main']
    expect((await listTree(repos, record.rid, head, '')).map(i => i.name)).toEqual(['dir', 'a\\b.txt', 'e\\f\\g', 'plain.txt'])
    expect(new TextDecoder().decode((await readRepoFile(repos, record.rid, head, 'dir/c\\d.txt'))?.bytes)).toBe('y\n')
  })

  it("refuses a commit with a '<' in its author's name, as git fsck does: loose, then packed", async () => {
    const { dir, commit } = repoWithCommit(BAD_AUTHOR)
    const fsck = spawnSync('git', ['fsck'], { cwd: dir, env: ENV, encoding: 'utf8' })
    expect(fsck.status).not.toBe(0)
    expect(fsck.stderr).toContain(`error in commit ${commit}: badEmail`)
    const why = `commit ${commit} is malformed: its author line has a bad email (a '<' or no closing '>')`
    expect((await refusal(dir)).message).toBe(`git fsck would refuse objects/${commit.slice(0, 2)}/${commit.slice(2)}: ${why}`)
    git(dir, ['repack', '-a', '-d', '-q'])
    expect((await refusal(dir)).message).toMatch(new RegExp(`^git fsck would refuse an object in objects/pack/pack-[0-9a-f]{40}\\.pack: ${why.replace(/[()]/g, '\\$&')}$`))
  })

  it('takes commits with an empty name, an encoding, a signature and a merged tag, loose and packed', async () => {
    const dir = join(work, `src-${n++}`)
    git(work, ['init', '-q', '-b', 'main', dir])
    const tree = git(dir, ['hash-object', '-t', 'tree', '-w', '--stdin'], '')
    const who = 'T <t@example.org> 1700000000 +0000'
    let head = git(dir, ['hash-object', '-t', 'commit', '--literally', '-w', '--stdin'], `tree ${tree}\nauthor  <> 1 +0000\ncommitter  <nobody@example.org> 1 -0130\n\nno name\n`)
    head = git(dir, ['hash-object', '-t', 'commit', '--literally', '-w', '--stdin'], Buffer.from(`tree ${tree}\nparent ${head}\nauthor ${who}\ncommitter ${who}\nencoding ISO-8859-1\n\n\xe9t\xe9\n`, 'latin1'))
    head = git(dir, ['hash-object', '-t', 'commit', '--literally', '-w', '--stdin'], `tree ${tree}\nparent ${head}\nauthor ${who}\ncommitter ${who}\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\nsigned\n`)
    head = git(dir, ['hash-object', '-t', 'commit', '--literally', '-w', '--stdin'], `tree ${tree}\nparent ${head}\nparent ${head}\nauthor ${who}\ncommitter ${who}\nmergetag object ${head}\n type commit\n tag v1\n tagger ${who}\n \n v1\n\nMerge tag v1\n`)
    git(dir, ['update-ref', 'refs/heads/main', head])
    git(dir, ['fsck', '--strict'])
    const loose = await repos.importGitdir(picked(dir), { name: 'unusual' })
    expect(loose.signedRefs.refs).toEqual({ 'refs/heads/main': head })
    git(dir, ['repack', '-a', '-d', '-q'])
    const packed = await repos.importGitdir(picked(dir), { name: 'unusual, packed' })
    expect(packed.signedRefs.refs).toEqual({ 'refs/heads/main': head })
    git(repos.gitdir(packed.rid), ['--git-dir', repos.gitdir(packed.rid), 'fsck', '--full', '--strict'])
  })

  it("refuses a tree whose entry means '.git' on Windows (c\\.git), which git will not even stage", async () => {
    const dir = join(work, `src-${n++}`)
    git(work, ['init', '-q', '-b', 'main', dir])
    const blob = git(dir, ['hash-object', '-w', '--stdin'], 'x\n')
    expect(spawnSync('git', ['update-index', '--add', '--cacheinfo', `100644,${blob},c\\.git`], { cwd: dir, env: ENV }).status).not.toBe(0)
    const tree = git(dir, ['hash-object', '-t', 'tree', '--literally', '-w', '--stdin'], Buffer.concat([Buffer.from('100644 c\\.git\0'), Buffer.from(blob, 'hex')]))
    git(dir, ['update-ref', 'refs/heads/main', git(dir, ['commit-tree', '-m', 'x', tree])])
    expect((await refusal(dir)).message).toBe(`git fsck would refuse objects/${tree.slice(0, 2)}/${tree.slice(2)}: tree ${tree} is malformed: it holds an entry that means '.git' on Windows`)
  })

  it('refuses a loose object whose bytes are not what its name says', async () => {
    const dir = repoWith({ 'a.txt': 'a\n', 'b.txt': 'b\n' })
    const [a, b] = ['a\n', 'b\n'].map(c => git(dir, ['hash-object', '--stdin'], c))
    const file = (oid: string): string => join(dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2))
    fs.chmodSync(file(a), 0o644)
    fs.copyFileSync(file(b), file(a))
    expect((await refusal(dir)).message).toMatch(new RegExp(`^objects/${a.slice(0, 2)}/${a.slice(2)} is damaged: SHA check failed! Expected ${a}, computed ${b}$`))
  })

  it('refuses a ref name git would not make, before copying anything', async () => {
    const dir = repoWith({ 'a.txt': 'a\n' })
    fs.writeFileSync(join(dir, '.git', 'refs', 'heads', 'a..b'), git(dir, ['rev-parse', 'HEAD']) + '\n')
    expect((await refusal(dir)).message).toBe('the ref "refs/heads/a..b" is not a valid git ref name; rename or delete it first')
  })
})
