// A repository git made with names git takes and isomorphic-git's tree
// reader refuses (`a\b.txt`, a directory `dir\sub`), through everything a
// tab does with it: import, export as a bundle, diff, edit, and serve to
// another peer (packFor, over @libp2p/memory). Each result is checked by
// the stock git CLI (fsck --full --strict, ls-tree). And a name that is not
// UTF-8, which git takes too: an edit must not rename it.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commitDeltas, readCommit } from '../../src/repo/read.js'
import { treeObject } from '../../src/repo/tree-edit.js'
import { git, listFiles } from '../fixtures/git-fixture.js'
import { connect, createPeer } from './sync-peer.js'
import type { TestPeer } from './sync-peer.js'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const lsTree = (gitdir: string, rev: string): string => git(gitdir, '--git-dir', gitdir, 'ls-tree', '-r', '-t', '--full-tree', rev)
const fsck = (gitdir: string): string => git(gitdir, '--git-dir', gitdir, 'fsck', '--full', '--strict', '--no-dangling')

let work: string
let source: string
let a: TestPeer
let b: TestPeer | undefined
let rid: string

/**
 * Two commits: the first packed, the second loose (so a clone is walked,
 * not sent as the stored pack). Names sort in git's order only when a tree
 * sorts as if it ended in '/': `s-t`, `s.txt`, `s/`.
 */
function makeSource (): string {
  const dir = join(work, 'source')
  git(work, 'init', '-q', '-b', 'main', dir)
  const files: Record<string, string> = {
    'a\\b.txt': 'one\n', 'dir\\sub/x.txt': 'x\n', 'plain.txt': 'plain\n', 's-t': '1\n', 's.txt': '2\n', 's/u.txt': '3\n', 'src/main.ts': 'export {}\n'
  }
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(join(dir, name, '..'), { recursive: true })
    fs.writeFileSync(join(dir, name), content)
  }
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', 'files with backslashes')
  git(dir, 'repack', '-a', '-d', '-q')
  fs.writeFileSync(join(dir, 'a\\b.txt'), 'two\n')
  fs.writeFileSync(join(dir, 'dir\\sub', 'y.txt'), 'y\n')
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '-m', 'change the backslash file')
  return dir
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'guts-backslash-'))
  source = makeSource()
  a = await createPeer('a')
  const gitdir = join(source, '.git')
  const files = listFiles(gitdir).map(p => ({ path: p, read: async () => new Uint8Array(await readFile(join(gitdir, p))) }))
  rid = (await a.repos.importGitdir(files, { name: 'backslashes' })).rid
})
afterAll(async () => {
  for (const p of [a, b]) if (p != null) { await p.sync.stop(); await p.node.stop(); await rm(p.dir, { recursive: true, force: true }) }
  await rm(work, { recursive: true, force: true })
})

describe('names with a backslash', () => {
  it('export as a bundle that git clones clean, with the same trees', async () => {
    const bundle = join(work, 'export.bundle')
    await writeFile(bundle, await a.repos.exportBundle(rid))
    const clone = join(work, 'clone.git')
    git(work, 'clone', '-q', '--mirror', bundle, clone)
    fsck(clone)
    expect(lsTree(clone, 'main')).toBe(lsTree(join(source, '.git'), 'main'))
    expect(lsTree(clone, 'main~1')).toBe(lsTree(join(source, '.git'), 'main~1'))
    expect(lsTree(clone, 'main')).toContain('"a\\\\b.txt"')
  })

  it('show in the diff of the commit that changed them', async () => {
    const head = (await a.repos.get(rid)).signedRefs.refs['refs/heads/main']
    const deltas = await commitDeltas(a.repos, rid, await readCommit(a.repos, rid, head))
    expect(deltas.map(d => `${d.status} ${d.path}`)).toEqual(['modified a\\b.txt', 'added dir\\sub/y.txt'])
  })

  it('stay as they are when the browser commits next to them', async () => {
    const gitdir = a.repos.gitdir(rid)
    const before = (await a.repos.get(rid)).signedRefs.refs['refs/heads/main']
    const after = await a.repos.commit(rid, {
      branch: 'main',
      message: 'edit beside them',
      changes: [
        { op: 'write', path: 'plain.txt', content: text('edited\n') },
        { op: 'write', path: 'dir\\sub/z.txt', content: text('z\n') },
        { op: 'write', path: 'new\\name.txt', content: text('n\n') }
      ]
    })
    fsck(gitdir)
    const lines = (rev: string): string[] => lsTree(gitdir, rev).split('\n')
    const changed = lines(after).filter(l => !lines(before).includes(l)).map(l => l.split('\t')[1])
    // the edited file, the new ones, and the trees above them: nothing else
    expect(changed.sort()).toEqual(['"dir\\\\sub"', '"dir\\\\sub/z.txt"', '"new\\\\name.txt"', 'plain.txt'])
    expect(lines(after)).toEqual(expect.arrayContaining(lines(before).filter(l => /a\\\\b\.txt|x\.txt|y\.txt|s-t|s\.txt|s\/u\.txt/.test(l))))
  })

  it("refuses a path peers would refuse, before committing anything", async () => {
    const refs = (await a.repos.get(rid)).signedRefs
    for (const path of ['x/.GIT/config', 'git~1/hooks', 'a\\.git/x', '.git./x']) {
      await expect(a.repos.commit(rid, { branch: 'main', message: 'bad', changes: [{ op: 'write', path, content: text('x\n') }] }))
        .rejects.toMatchObject({ name: 'EditError' })
    }
    expect((await a.repos.get(rid)).signedRefs).toEqual(refs)
  })

  it('clone to another peer, then fetch what is new', async () => {
    b = await createPeer('b')
    await connect(b, a)
    expect(await b.sync.clone(rid)).toBe('cloned')
    const ours = a.repos.gitdir(rid)
    const theirs = b.repos.gitdir(rid)
    fsck(theirs)
    expect(lsTree(theirs, 'main')).toBe(lsTree(ours, 'main'))
    // an incremental fetch walks what both hold, backslashes and all
    await a.repos.commit(rid, { branch: 'main', message: 'more', changes: [{ op: 'write', path: 'a\\b.txt', content: text('three\n') }] })
    expect(await b.sync.fetchFrom(a.node.peerId, rid)).toBe('updated')
    fsck(theirs)
    expect(lsTree(theirs, 'main')).toBe(lsTree(ours, 'main'))
    expect((await b.repos.get(rid)).signedRefs).toEqual((await a.repos.get(rid)).signedRefs)
  })
})

describe('a name that is not UTF-8', () => {
  it('is never renamed by an edit: its folder is refused, the others are not', async () => {
    const dir = join(work, 'latin1')
    git(work, 'init', '-q', '-b', 'main', dir)
    const run = (args: string[], input?: Buffer): string => execFileSync('git', ['--git-dir', join(dir, '.git'), ...args], { input, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.org' } }).trim()
    const blob = run(['hash-object', '-w', '--stdin'], Buffer.from('caf\n'))
    // `café.txt` as Latin-1 wrote it: 0xe9, no UTF-8
    const latin = run(['mktree'], Buffer.concat([Buffer.from(`100644 blob ${blob}\tcaf`), Buffer.from([0xe9]), Buffer.from('.txt\n')]))
    const root = run(['mktree'], Buffer.from(`040000 tree ${latin}\tlatin\n100644 blob ${blob}\tplain.txt\n`))
    run(['update-ref', 'refs/heads/main', run(['commit-tree', root, '-m', 'latin-1'])])
    const gitdir = join(dir, '.git')
    const files = listFiles(gitdir).map(p => ({ path: p, read: async () => new Uint8Array(await readFile(join(gitdir, p))) }))
    const record = await a.repos.importGitdir(files, { name: 'latin-1' })
    const write = async (path: string): Promise<string> => a.repos.commit(record.rid, { branch: 'main', message: 'edit', changes: [{ op: 'write', path, content: text('new\n') }] })
    await expect(write('latin/other.txt')).rejects.toThrow("latin holds a file name that is not UTF-8; Guts cannot change that folder without renaming it")
    const head = await write('plain.txt')
    const ours = a.repos.gitdir(record.rid)
    fsck(ours)
    expect(git(ours, '--git-dir', ours, 'rev-parse', `${head}:latin`).trim()).toBe(latin)
  })
})

describe('treeObject', () => {
  it("writes the bytes git mktree writes, in git's order", () => {
    const blob = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'
    const tree = '4b825dc642cb6eb9a060e54bf8d69288fbee4904'
    const items = [
      { mode: '40000', name: 's', oid: tree }, { mode: '100644', name: 's.txt', oid: blob }, { mode: '100644', name: 's-t', oid: blob },
      { mode: '100755', name: 'a\\b', oid: blob }, { mode: '40000', name: 'a', oid: tree }, { mode: '100644', name: 'a.b', oid: blob },
      { mode: '120000', name: 'link', oid: blob }, { mode: '100644', name: 'zoë', oid: blob }, { mode: '100644', name: 'Z', oid: blob }
    ]
    const input = items.map(e => `${e.mode === '40000' ? '040000 tree' : `${e.mode} blob`} ${e.oid}\t${e.name}\n`).join('')
    const repo = join(work, 'mktree.git')
    git(work, 'init', '-q', '--bare', repo)
    const oid = execFileSync('git', ['--git-dir', repo, 'mktree', '--missing'], { input, encoding: 'utf8' }).trim()
    const want = execFileSync('git', ['--git-dir', repo, 'cat-file', 'tree', oid])
    expect(Buffer.from(treeObject(items)).equals(want)).toBe(true)
  })
})
