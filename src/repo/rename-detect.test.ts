// Rename pairing and per-file line counts against the stock git CLI: each
// commit of a git-made repository is diffed by Guts and by
// `git diff -M --name-status` / `--numstat`, and the two must agree.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtemp, rm, writeFile, mkdir, unlink, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import git from 'isomorphic-git'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { diffText, isBinary } from '../core/diff.js'
import { diffTrees } from './tree-diff.js'
import type { FileDelta } from './tree-diff.js'
import type { GitFs } from './fs.js'

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.org', GIT_AUTHOR_DATE: '1700000000 +0000',
  GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.org', GIT_COMMITTER_DATE: '1700000000 +0000',
  GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null'
}
const run = (cwd: string, args: string[]): string => execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8', maxBuffer: 64 << 20 })

/** n distinct lines, each naming its file so different files share nothing */
const lines = (tag: string, n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `${tag} line ${i + from}: the quick brown fox ${(i * 7919) % 1000}`)
const text = (ls: string[], eol = '\n'): string => ls.map(l => l + eol).join('')
const edit = (ls: string[], every: number, tag: string): string[] => ls.map((l, i) => i % every === 0 ? `${l} (${tag})` : l)

let work: string
const commits: string[] = []

async function put (path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(join(work, path)), { recursive: true })
  await writeFile(join(work, path), data)
}
async function del (path: string): Promise<void> { await unlink(join(work, path)) }
function commit (msg: string): void {
  run(work, ['add', '-A'])
  run(work, ['commit', '-q', '--allow-empty', '-m', msg])
  commits.push(run(work, ['rev-parse', 'HEAD']).trim())
}

const binary = (seed: number, n: number): Uint8Array => {
  const b = new Uint8Array(n)
  let x = seed
  for (let i = 0; i < n; i++) { x = (x * 1103515245 + 12345) >>> 0; b[i] = i % 50 === 0 ? 0 : (x >>> 16) & 0xff }
  return b
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'guts-rename-'))
  run(work, ['init', '-q', '-b', 'main'])
  const small = lines('small', 40)
  const twin = lines('twin', 60)
  const low = lines('low', 40)
  const orig = lines('orig', 50)
  await put('a/small.txt', text(small))
  await put('a/moveme.ts', text(lines('moveme', 30)))
  await put('b/twin1.txt', text(twin))
  await put('b/twin2.txt', text(edit(twin, 5, 't2')))
  await put('c/orig.txt', text(orig))
  await put('d/low.txt', text(low))
  await put('bin/img.bin', binary(1, 4000))
  await put('e/crlf.txt', text(lines('crlf', 30), '\r\n'))
  await put('f/same1.txt', text(lines('same', 20)))
  await put('f/same2.txt', text(lines('same', 20)))
  await put('g/empty', '')
  await put('h/util.js', text(lines('util', 40)))
  await put('h/other.js', text(lines('other', 40)))
  await put('k/noeol.txt', text(lines('noeol', 10)).slice(0, -1))
  await symlink('a/small.txt', join(work, 'link'))
  commit('base')

  // renamed with small edits, in the same folder
  await del('a/small.txt'); await put('a/small2.txt', text(edit(small, 10, 'x')))
  // renamed into another folder (same basename)
  await del('a/moveme.ts'); await put('z/deep/moveme.ts', text(edit(lines('moveme', 30), 6, 'y')))
  // one new file, two similar deleted candidates: git takes the more similar
  await del('b/twin1.txt'); await del('b/twin2.txt'); await put('b/twin.txt', text(edit(twin, 15, 'new')))
  // renamed, plus a new file with similar content
  await del('c/orig.txt'); await put('c/renamed.txt', text(edit(orig, 8, 'r'))); await put('c/another.txt', text(edit(orig, 4, 'a')))
  // more than half rewritten: delete + add
  await del('d/low.txt'); await put('d/low2.txt', text(edit(low, 1, 'rewritten').map((l, i) => i % 3 === 0 ? l : `fresh ${i}`)))
  // binary, a few bytes changed
  const img = binary(1, 4000); img[100] ^= 1; img[2000] ^= 1
  await del('bin/img.bin'); await put('bin/img2.bin', img)
  // CRLF to LF: not the same blob, but git's score ignores the CR
  await del('e/crlf.txt'); await put('e/lf.txt', text(lines('crlf', 30)))
  // two identical sources, one destination with the first's basename
  await del('f/same1.txt'); await del('f/same2.txt'); await put('f/x/same2.txt', text(lines('same', 20)))
  await del('g/empty'); await put('g/empty2', '')
  // basename-unique pair that is 75%+ similar, beside a better cross-name match
  await del('h/util.js'); await put('q/util.js', text(edit(lines('util', 40), 5, 'u')))
  await put('h/other.js', text(edit(lines('other', 40), 9, 'o')))
  await del('k/noeol.txt'); await put('k/noeol2.txt', text(lines('noeol', 10)) + 'added\n')
  await unlink(join(work, 'link')); await symlink('a/small2.txt', join(work, 'link2'))
  commit('renames')

  // ties: two sources equally similar to one destination
  const tie = lines('tie', 40)
  await put('t/b.txt', text(tie)); await put('t/a.txt', text(tie.map((l, i) => i === 3 ? 'A' : l)))
  await put('t/c.txt', text(tie.map((l, i) => i === 3 ? 'C' : l)))
  commit('tie base')
  await del('t/a.txt'); await del('t/c.txt'); await put('t/n.txt', text(tie.map((l, i) => i === 3 ? 'N' : l)))
  commit('tie')

  // many files, as on a big refactor
  for (let i = 0; i < 80; i++) await put(`old/m${i}.ts`, text(lines(`m${i}`, 200)))
  commit('many base')
  // the first ten keep their basename: git pairs those even past its rename limit
  for (let i = 0; i < 80; i++) { await del(`old/m${i}.ts`); await put(i < 10 ? `new/m${i}.ts` : `new/n${(i * 37) % 80}.ts`, text(edit(lines(`m${i}`, 200), 20, 'e'))) }
  commit('many')
}, 60_000)

afterAll(async () => { await rm(work, { recursive: true, force: true }) })

const nodeFs = fs as unknown as GitFs
async function guts (c: string): Promise<FileDelta[]> {
  const gitdir = join(work, '.git')
  const { commit } = await git.readCommit({ fs: nodeFs, gitdir, oid: c })
  const parent = commit.parent[0] != null ? (await git.readCommit({ fs: nodeFs, gitdir, oid: commit.parent[0] })).commit.tree : undefined
  return diffTrees(nodeFs, gitdir, parent, commit.tree, {})
}
const letter = (d: FileDelta): string => d.status === 'renamed' ? `R${String(d.similarity).padStart(3, '0')}\t${d.oldPath!}\t${d.path}` : `${d.status[0].toUpperCase()}\t${d.path}`

/** `git diff --numstat -z -M` as "added removed old new" rows */
function gitNumstat (a: string, b: string): string[] {
  const f = run(work, ['diff', '--numstat', '-z', '-M', a, b]).split('\0')
  const rows: string[] = []
  for (let i = 0; i < f.length - 1;) {
    const [add, rem, path] = f[i].split('\t')
    if (path === '') { rows.push(`${add} ${rem} ${f[i + 1]} ${f[i + 2]}`); i += 3 } else { rows.push(`${add} ${rem} ${path} ${path}`); i += 1 }
  }
  return rows.sort()
}

async function gutsNumstat (deltas: FileDelta[]): Promise<string[]> {
  const gitdir = join(work, '.git')
  const blob = async (oid?: string): Promise<Uint8Array> => oid == null ? new Uint8Array() : (await git.readBlob({ fs: nodeFs, gitdir, oid })).blob
  const rows: string[] = []
  for (const d of deltas) {
    const [a, b] = [await blob(d.oldOid), await blob(d.newOid)]
    const from = d.oldPath ?? d.path
    if (isBinary(a) || isBinary(b)) { rows.push(`- - ${from} ${d.path}`); continue }
    const t = diffText(new TextDecoder().decode(a), new TextDecoder().decode(b))
    rows.push(`${t.added} ${t.removed} ${from} ${d.path}`)
  }
  return rows.sort()
}

describe('rename detection against git diff -M', () => {
  it('pairs the same files with the same scores as git, commit by commit', async () => {
    for (const c of commits.slice(1)) {
      const expected = run(work, ['diff', '--name-status', '-M', `${c}~1`, c]).trim().split('\n').sort()
      const actual = (await guts(c)).map(letter).sort()
      expect({ c, files: actual }).toEqual({ c, files: expected })
    }
  })

  it('counts the lines git counts for each file', async () => {
    for (const c of commits.slice(1)) {
      expect({ c, rows: await gutsNumstat(await guts(c)) }).toEqual({ c, rows: gitNumstat(`${c}~1`, c) })
    }
  })

  it('finds only exact and basename renames past the rename limit, as git does', async () => {
    const c = commits[commits.length - 1]
    const gitdir = join(work, '.git')
    const { commit } = await git.readCommit({ fs: nodeFs, gitdir, oid: c })
    const parent = (await git.readCommit({ fs: nodeFs, gitdir, oid: commit.parent[0] })).commit.tree
    const actual = (await diffTrees(nodeFs, gitdir, parent, commit.tree, {}, { renameLimit: 10 })).map(letter).sort()
    const expected = run(work, ['-c', 'diff.renameLimit=10', 'diff', '--name-status', '-M', `${c}~1`, c]).trim().split('\n').sort()
    expect(actual).toEqual(expected)
    expect(actual.filter(l => l.startsWith('R'))).toHaveLength(10)
  })

  // timing is printed, not held to a tight bound: the machine is shared (bench/ is for speed)
  it('pairs all 80 renames of a big refactor', async () => {
    const t0 = performance.now()
    const deltas = await guts(commits[commits.length - 1])
    const ms = performance.now() - t0
    expect(deltas.filter(d => d.status === 'renamed')).toHaveLength(80)
    console.log(`80 renamed files (160 candidates): ${ms.toFixed(0)} ms`)
    expect(ms).toBeLessThan(5000)
  })
})
