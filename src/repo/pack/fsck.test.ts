// Our object checks (fsck.ts, through object-refs.ts) against `git fsck` on
// the same bytes: every case is written by `git hash-object --literally`
// into one repository, and git's verdict on each is read from what fsck
// prints. We must refuse what git calls an error, take what it takes, and
// refuse the few warnings we hold to be errors (see fsck.ts). Then packs
// git made of such objects, through the indexer, next to what
// `git index-pack --strict` (receive.fsckObjects) says of them.
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isBadPack } from '../../sync/classify.js'
import { checkObject, entryNameProblem, MalformedObjectError } from './fsck.js'
import { indexPack, PackIndexer } from './index-pack.js'

type Kind = 'commit' | 'tag' | 'tree'
type TreeLine = [mode: string, name: string, to?: 'blob' | 'tree']
interface Case {
  what: string
  type: Kind
  data: Buffer
  /** git's verdict: an error, a warning (or a note) only, or nothing */
  git: 'error' | 'warning' | 'clean'
  /** ours, when it differs from "refuse exactly git's errors" */
  ours?: 'refuse'
}

const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' }
const gitIn = (dir: string, args: string[], input?: Buffer): string =>
  execFileSync('git', args, { cwd: dir, env: GIT_ENV, input, encoding: 'utf8' }).trim()

const tmp = fs.mkdtempSync(path.join(tmpdir(), 'guts-fsck-'))
const repo = path.join(tmp, 'r.git')
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

/** ids of real objects the cases point at, so fsck finds nothing missing */
let EMPTY_TREE = ''
let BLOB = ''
let COMMIT = ''

function commit (what: string, headers: string, git: Case['git'], ours?: 'refuse'): Case {
  return { what, type: 'commit', data: Buffer.from(headers.replace(/\{T\}/g, EMPTY_TREE).replace(/\{C\}/g, COMMIT), 'latin1'), git, ours }
}
const good = (who = 'A U Thor <a@example.org> 1700000000 +0100'): string => `author ${who}\ncommitter ${who}\n`
function tag (what: string, text: string, git: Case['git']): Case {
  return { what, type: 'tag', data: Buffer.from(text.replace(/\{C\}/g, COMMIT)), git }
}
/** entries as [mode, name, id]; names are bytes (latin1), the ids real */
function tree (what: string, entries: TreeLine[], git: Case['git'], ours?: 'refuse'): Case {
  const parts = entries.flatMap(([mode, name, to]) => [Buffer.from(`${mode} `), Buffer.from(name, 'latin1'), Buffer.from([0]), Buffer.from(to === 'tree' ? EMPTY_TREE : BLOB, 'hex')])
  return { what, type: 'tree', data: Buffer.concat(parts), git, ours }
}
const utf8 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1')

function cases (): Case[] {
  return [
    // ---- commits git takes
    commit('a plain commit', `tree {T}\n${good()}\nmessage\n`, 'clean'),
    commit('a merge', `tree {T}\nparent {C}\nparent {C}\n${good()}\nmerge\n`, 'clean'),
    commit('an empty name (two spaces before the email)', `tree {T}\nauthor  <a@example.org> 1 +0000\ncommitter  <a@example.org> 1 +0000\n\nx\n`, 'clean'),
    commit('an empty email', `tree {T}\n${good('A <> 1 +0000')}\nx\n`, 'clean'),
    commit('a unicode name with quotes', `tree {T}\n${good(utf8('Zoë "Z" Ünïcode <z@example.org> 1 +0000'))}\nx\n`, 'clean'),
    commit('time 0 and the largest time git takes', `tree {T}\nauthor A <a> 0 +0000\ncommitter A <a> 9223372036854775807 +0000\n\nx\n`, 'clean'),
    commit('spaces and a tab before the time', `tree {T}\nauthor A <a>  \t5 -1200\ncommitter A <a> 5 +1400\n\nx\n`, 'clean'),
    commit('an odd but well-formed time zone', `tree {T}\n${good('A <a> 1 +9999')}\nx\n`, 'clean'),
    commit('an encoding header', `tree {T}\n${good()}encoding ISO-8859-1\n\n\xe9t\xe9\n`, 'clean'),
    commit('a gpgsig header', `tree {T}\n${good()}gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n =abcd\n -----END PGP SIGNATURE-----\n\nsigned\n`, 'clean'),
    commit('a mergetag header', `tree {T}\nparent {C}\nparent {C}\n${good()}mergetag object {C}\n type commit\n tag v1\n tagger T <t@example.org> 1 +0000\n \n v1\n\nMerge tag v1\n`, 'clean'),
    commit('no message, no blank line', `tree {T}\n${good()}`, 'clean'),
    commit('a second committer line (just another header to git)', `tree {T}\n${good()}committer B <b> 1 +0000\n\nx\n`, 'clean'),
    commit('a NUL in the message (a warning)', `tree {T}\n${good()}\nnul \0 here\n`, 'warning'),
    // ---- commits git refuses
    commit("a '<' in the author's name", `tree {T}\nauthor A <b <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\nx\n`, 'error'),
    commit("a '>' in the name", `tree {T}\n${good('A>B <a> 1 +0000')}\nx\n`, 'error'),
    commit('no name at all', `tree {T}\n${good('<a> 1 +0000')}\nx\n`, 'error'),
    commit('no space before the email', `tree {T}\n${good('A<a> 1 +0000')}\nx\n`, 'error'),
    commit('no email', `tree {T}\n${good('A 1 +0000')}\nx\n`, 'error'),
    commit('an email broken by a newline', `tree {T}\nauthor A <a\n> 1 +0000\ncommitter A <a> 1 +0000\n\nx\n`, 'error'),
    commit('no space before the date', `tree {T}\n${good('A <a>1 +0000')}\nx\n`, 'error'),
    commit('a date that is not digits', `tree {T}\n${good('A <a> x1 +0000')}\nx\n`, 'error'),
    commit('a zero-padded date', `tree {T}\n${good('A <a> 01 +0000')}\nx\n`, 'error'),
    commit('a date past 2^63 - 1', `tree {T}\n${good('A <a> 9223372036854775808 +0000')}\nx\n`, 'error'),
    commit('a date of 25 digits', `tree {T}\n${good('A <a> 1234567890123456789012345 +0000')}\nx\n`, 'error'),
    commit('a time zone of three digits', `tree {T}\n${good('A <a> 1 +000')}\nx\n`, 'error'),
    commit('a time zone without a sign', `tree {T}\n${good('A <a> 1 0000')}\nx\n`, 'error'),
    commit('a time zone of five digits', `tree {T}\n${good('A <a> 1 +00000')}\nx\n`, 'error'),
    commit('a time zone with a letter', `tree {T}\n${good('A <a> 1 +0a00')}\nx\n`, 'error'),
    commit('no author', `tree {T}\ncommitter A <a> 1 +0000\n\nx\n`, 'error'),
    commit('two authors', `tree {T}\nauthor A <a> 1 +0000\n${good()}\nx\n`, 'error'),
    commit('no committer', `tree {T}\nauthor A <a> 1 +0000\n\nx\n`, 'error'),
    commit('committer before author', `tree {T}\ncommitter A <a> 1 +0000\nauthor A <a> 1 +0000\n\nx\n`, 'error'),
    commit('a parent before the tree', `parent {C}\ntree {T}\n${good()}\nx\n`, 'error'),
    commit('a short tree id', `tree ${'a'.repeat(39)}\n${good()}\nx\n`, 'error'),
    commit('a parent line without an id', `tree {T}\nparent nope\n${good()}\nx\n`, 'error'),
    commit('a NUL in the headers', `tree {T}\n${good()}encoding \0\n\nx\n`, 'error'),
    commit('headers that never end', `tree {T}\nauthor A <a> 1 +0000\ncommitter A <a> 1 +0000`, 'error'),
    // git reads upper-case hex; git never writes it, and we have always refused it
    commit('an upper-case tree id', `tree ${'4B825DC642CB6EB9A060E54BF8D69288FBEE4904'}\n${good()}\nx\n`, 'clean', 'refuse'),

    // ---- tags
    tag('a tag with a tagger', 'object {C}\ntype commit\ntag v1\ntagger T <t@example.org> 1 +0000\n\nv1\n', 'clean'),
    tag('an early tag without a tagger (a note)', 'object {C}\ntype commit\ntag v0\n\nv0\n', 'warning'),
    tag('an odd tag name (a note)', 'object {C}\ntype commit\ntag a..b\ntagger T <t> 1 +0000\n\nx\n', 'warning'),
    tag('an extra header after the tagger (ignored)', 'object {C}\ntype commit\ntag v1\ntagger T <t> 1 +0000\nextra stuff\n\nx\n', 'clean'),
    tag('no object line', 'type commit\ntag v1\ntagger T <t> 1 +0000\n\nx\n', 'error'),
    tag('a bad object id', 'object xyz\ntype commit\ntag v1\ntagger T <t> 1 +0000\n\nx\n', 'error'),
    tag('no type line', 'object {C}\ntag v1\ntagger T <t> 1 +0000\n\nx\n', 'error'),
    tag('an unknown type', 'object {C}\ntype commits\ntag v1\ntagger T <t> 1 +0000\n\nx\n', 'error'),
    tag('no tag line', 'object {C}\ntype commit\ntagger T <t> 1 +0000\n\nx\n', 'error'),
    tag('a bad tagger', 'object {C}\ntype commit\ntag v1\ntagger T <t <x> 1 +0000\n\nx\n', 'error'),
    tag('headers that never end', 'object {C}\ntype commit\ntag v1', 'error'),

    // ---- trees git takes
    tree('files, a directory, a symlink, a submodule', ([['100644', 'README'], ['40000', 'src', 'tree'], ['120000', 'link'], ['160000', 'sub'], ['100755', 'x.sh']] as TreeLine[]).sort(gitOrder), 'clean'),
    tree("a file 'a.c' before the directory 'a' (git's order)", [['100644', 'a.c'], ['40000', 'a', 'tree']], 'clean'),
    tree("the directory 'a' before the file 'a0'", [['40000', 'a', 'tree'], ['100644', 'a0']], 'clean'),
    tree('a backslash in a name', [['100644', 'a\\b.txt']], 'clean'),
    tree('files sharing a prefix with a directory', [['100644', 'a'], ['100644', 'a.b'], ['40000', 'a0', 'tree']], 'clean'),
    tree('dot names that are not .git', [['100644', '...'], ['100644', '.git-blame-ignore-revs'], ['100644', '.github'], ['100644', '.gitignore'], ['100644', '.gitx'], ['100644', 'git~10'], ['100644', 'git~2']], 'clean'),
    tree('unicode names', [['100644', utf8('naïve café.md')], ['100644', utf8('日本語')]], 'clean'),
    tree("early git's group-writable mode", [['100664', 'old']], 'clean'),
    tree('a zero-padded mode (a warning)', [['040000', 'dir', 'tree']], 'warning'),
    // ---- trees git refuses
    tree('entries out of order', [['100644', 'b'], ['100644', 'a']], 'error'),
    tree('a file and a directory of the same name', [['100644', 'a'], ['40000', 'a', 'tree']], 'error'),
    tree('the same name twice, apart', [['100644', 'foo'], ['100644', 'foo.bar'], ['40000', 'foo', 'tree']], 'error'),
    tree('the same names twice, further apart', [['100644', 'foo'], ['100644', 'foo.bar'], ['100644', 'foo.bar.baz'], ['40000', 'foo.bar', 'tree'], ['40000', 'foo', 'tree']], 'error'),
    tree('file a, directory a-b, directory a', [['100644', 'a'], ['40000', 'a-b', 'tree'], ['40000', 'a', 'tree']], 'error'),
    tree('an empty name', [['100644', '']], 'error'),
    { what: 'a truncated entry', type: 'tree', data: Buffer.from('100644 a\0short'), git: 'error' },
    { what: 'a mode with a letter', type: 'tree', data: Buffer.concat([Buffer.from('10064x a\0'), Buffer.alloc(20, 1)]), git: 'error' },
    // ---- warnings in git that we refuse: no git checks these out
    ...['.git', '.GIT', '.Git', '.git.', '.git ', '.git. .', 'git~1', 'GIT~1', '.git::$INDEX_ALLOCATION', utf8('\u200c.git'), utf8('.g\u200dit'), utf8('.git\ufeff'), 'a\\.git', 'x\\git~1\\y']
      .map(name => tree(`the name ${JSON.stringify(Buffer.from(name, 'latin1').toString('utf8'))}`, [['100644', name]], 'warning', 'refuse')),
    tree("the name '.'", [['100644', '.']], 'warning', 'refuse'),
    tree("the name '..'", [['40000', '..', 'tree']], 'warning', 'refuse'),
    tree("a '/' in a name", [['100644', 'a/b']], 'warning', 'refuse'),
    // git 2.39 warns (badFilemode), newer git only notes it
    tree('a mode git does not use', [['100600', 'odd']], 'warning', 'refuse')
  ]
}

/** git's tree order, for building trees that are in it */
function gitOrder (a: TreeLine, b: TreeLine): number {
  const key = (e: TreeLine): string => e[2] === 'tree' ? e[1] + '/' : e[1]
  return key(a) < key(b) ? -1 : 1
}

describe('object checks against git fsck', () => {
  let all: Array<Case & { id: string, verdict: Case['git'] }>

  beforeAll(() => {
    gitIn(tmp, ['init', '-q', '--bare', repo])
    EMPTY_TREE = gitIn(repo, ['hash-object', '-t', 'tree', '-w', '--stdin'], Buffer.alloc(0))
    BLOB = gitIn(repo, ['hash-object', '-w', '--stdin'], Buffer.from('x\n'))
    COMMIT = gitIn(repo, ['hash-object', '-t', 'commit', '-w', '--stdin'], Buffer.from(`tree ${EMPTY_TREE}\n${good()}\nbase\n`))
    const written = cases().map(c => ({ ...c, id: gitIn(repo, ['hash-object', '-t', c.type, '--literally', '-w', '--stdin'], c.data) }))
    // one fsck over them all; it says "error in <type> <id>: ..." or "warning in ..."
    const r = spawnSync('git', ['fsck', '--no-dangling', '--no-progress'], { cwd: repo, env: GIT_ENV, encoding: 'utf8' })
    const out = r.stdout + r.stderr
    all = written.map(c => ({
      ...c,
      verdict: new RegExp(`(error in ${c.type} ${c.id}|${c.id}: (object corrupt|badTree|invalid))`).test(out) || new RegExp(`error: .*${c.id}`).test(out)
        ? 'error'
        : new RegExp(`warning in ${c.type} ${c.id}`).test(out) ? 'warning' : 'clean'
    }))
  })

  it('git gives each case the verdict the table says (so the table is real git)', () => {
    const wrong = all.filter(c => c.verdict !== c.git && !(c.git === 'warning' && c.verdict === 'clean' && c.what.includes('mode git does not use')))
    expect(wrong.map(c => `${c.what}: git says ${c.verdict}`)).toEqual([])
  })

  it('refuses what git refuses and what the table marks, and takes the rest', () => {
    const verdicts = all.map(c => {
      try {
        checkObject(c.type, new Uint8Array(c.data), c.id)
        return `${c.what}: taken`
      } catch (err) {
        if (!(err instanceof MalformedObjectError)) throw err
        // the message names the object
        expect(err.message.startsWith(`${c.type} ${c.id} is malformed: `)).toBe(true)
        expect(err.name).toBe('PackError')
        return `${c.what}: refused`
      }
    })
    expect(verdicts).toEqual(all.map(c => `${c.what}: ${c.git === 'error' || c.ours === 'refuse' ? 'refused' : 'taken'}`))
  })

  it('says what is wrong in one line', () => {
    const bad = all.find(c => c.what === "a '<' in the author's name")!
    expect(() => checkObject('commit', new Uint8Array(bad.data), bad.id))
      .toThrow(`commit ${bad.id} is malformed: its author line has a bad email (a '<' or no closing '>')`)
    const dotgit = all.find(c => c.what === 'the name ".GIT"')!
    expect(() => checkObject('tree', new Uint8Array(dotgit.data), dotgit.id)).toThrow(/^tree [0-9a-f]{40} is malformed: it holds an entry that means '\.git'$/)
  })
})

describe('entry names, for code that writes trees', () => {
  it('says what fsck.ts would refuse', () => {
    for (const name of ['.git', '.GIT', 'GIT~1', '.git. ', '\u200c.git', 'a\\.git', '.', '..', '', 'a/b', 'a\0b']) expect(entryNameProblem(name)).toBeDefined()
    for (const name of ['README.md', 'a\\b.txt', '.github', '.gitignore', 'git~2', 'naïve café.md', '...']) expect(entryNameProblem(name)).toBeUndefined()
  })
})

describe('packs git made, with such objects in them', () => {
  /** `git pack-objects` of these objects, from the repository above */
  const packOf = (ids: string[]): Uint8Array =>
    new Uint8Array(execFileSync('git', ['pack-objects', '--stdout', '-q'], { cwd: repo, env: GIT_ENV, input: ids.join('\n') + '\n', maxBuffer: 1 << 26 }))
  /** whether `git index-pack --strict` (what receive.fsckObjects runs) takes the pack, in a fresh repository */
  const gitTakes = (pack: Uint8Array): boolean => {
    const dir = fs.mkdtempSync(path.join(tmp, 'strict-'))
    gitIn(dir, ['init', '-q', '--bare', dir])
    return spawnSync('git', ['index-pack', '--strict', '--stdin'], { cwd: dir, env: GIT_ENV, input: pack }).status === 0
  }
  const write = (type: Kind, text: string): string => gitIn(repo, ['hash-object', '-t', type, '--literally', '-w', '--stdin'], Buffer.from(text))

  it("refuses the commit with a '<' in its author's name, as git does, whole or streamed", async () => {
    const bad = write('commit', `tree ${EMPTY_TREE}\nauthor A <b <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\nx\n`)
    const pack = packOf([bad, EMPTY_TREE])
    expect(gitTakes(pack)).toBe(false)
    const message = `commit ${bad} is malformed: its author line has a bad email (a '<' or no closing '>')`
    await expect(indexPack(pack)).rejects.toThrow(message)
    // as a peer's pack arrives: the error is a PackError, which the sync layer counts as a bad pack
    const indexer = new PackIndexer(pack.length)
    let err: any
    try {
      for (let at = 0; at < pack.length; at += 7) indexer.push(pack.slice(at, at + 7))
      await indexer.finish()
    } catch (e) { err = e }
    expect(err?.message).toBe(message)
    expect(err.name).toBe('PackError')
    expect(isBadPack(err)).toBe(true)
  })

  it('takes commits with unusual but valid headers, as git does', async () => {
    const ids = [
      write('commit', `tree ${EMPTY_TREE}\nauthor  <a@example.org> 1 +0000\ncommitter  <> 0 -0000\n\nempty name and email\n`),
      write('commit', `tree ${EMPTY_TREE}\nparent ${COMMIT}\n${good()}encoding ISO-8859-1\n\n\xe9t\xe9\n`),
      write('commit', `tree ${EMPTY_TREE}\n${good()}gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\nsigned\n`),
      write('commit', `tree ${EMPTY_TREE}\nparent ${COMMIT}\nparent ${COMMIT}\n${good()}mergetag object ${COMMIT}\n type commit\n tag v1\n tagger T <t@example.org> 1 +0000\n \n v1\n\nMerge tag v1\n`)
    ]
    const pack = packOf([...ids, EMPTY_TREE, COMMIT])
    expect(gitTakes(pack)).toBe(true)
    const result = await indexPack(pack)
    expect(result.oids).toEqual([...ids, EMPTY_TREE, COMMIT].sort())
  })

  it('refuses a tree holding .GIT, which git fsck only warns about (receive.fsckObjects refuses it)', async () => {
    const t = gitIn(repo, ['hash-object', '-t', 'tree', '--literally', '-w', '--stdin'], Buffer.concat([Buffer.from('100644 .GIT\0'), Buffer.from(BLOB, 'hex')]))
    const pack = packOf([t, BLOB])
    expect(gitTakes(pack)).toBe(false)
    await expect(indexPack(pack)).rejects.toThrow(`tree ${t} is malformed: it holds an entry that means '.git'`)
  })

  it('takes a zero-padded mode, as git fsck does (only --strict refuses it)', async () => {
    const t = gitIn(repo, ['hash-object', '-t', 'tree', '--literally', '-w', '--stdin'], Buffer.concat([Buffer.from('040000 dir\0'), Buffer.from(EMPTY_TREE, 'hex')]))
    const pack = packOf([t, EMPTY_TREE])
    expect(gitTakes(pack)).toBe(false)
    expect((await indexPack(pack)).oids).toEqual([t, EMPTY_TREE].sort())
  })
})
