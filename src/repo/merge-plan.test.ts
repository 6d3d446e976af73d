// planMerge against the stock git CLI's `git merge-tree --write-tree` on
// repositories git made (fast-import): the same kind (clean or not), the
// same tree id when clean, the same conflicted paths when not; the objects
// written on request pass `git fsck`. Hand-picked shapes first, then seeded
// random edits on two branches, then a timing on a 10,000-file repository.
import { execFileSync, spawnSync } from 'node:child_process'
import fs, { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { mulberry32 } from '../../test/fixtures/prng.js'
import { planMerge } from './merge-plan.js'
import { openObjectStore } from './object-files.js'
import type { MergeResult } from './merge-plan.js'
import type { GitFs } from './fs.js'

const nodeFs = fs as unknown as GitFs
const dirs: string[] = []
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

const env = (cwd: string): NodeJS.ProcessEnv => ({ ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd })
const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', env: env(cwd), maxBuffer: 1 << 28 }).trim()

type FileSpec = string | Uint8Array | { mode: '100644' | '100755' | '120000', data: string | Uint8Array } | { gitlink: string }
type Snapshot = Record<string, FileSpec>

/** A commit: its files (with `changes`, only those that differ from its first parent's), and its parents among the commits before it (none: a root). */
interface CommitSpec { files: Snapshot, parents: number[], changes?: boolean }

/** A bare repository whose commits are `commits` (in order), with branches naming some of them. */
function makeRepo (commits: CommitSpec[], branches: Record<string, number>): string {
  const dir = mkdtempSync(join(tmpdir(), 'guts-merge-plan-'))
  dirs.push(dir)
  git(dir, 'init', '-q', '--bare')
  const parts: Buffer[] = []
  const text = (s: string): void => { parts.push(Buffer.from(s)) }
  const data = (d: string | Uint8Array): void => { const b = Buffer.from(d); text(`data ${b.length}\n`); parts.push(b); text('\n') }
  commits.forEach((c, i) => {
    if (c.parents.length === 0) text('reset refs/heads/tmp\n')
    text(`commit refs/heads/tmp\nmark :${i + 1}\ncommitter Ada <ada@example.org> ${1_700_000_000 + i * 60} +0000\n`)
    data(`commit ${i}\n`)
    c.parents.forEach((p, k) => text(`${k === 0 ? 'from' : 'merge'} :${p + 1}\n`))
    if (c.changes !== true) text('deleteall\n')
    for (const [path, f] of Object.entries(c.files)) {
      if (typeof f === 'object' && 'gitlink' in f) { text(`M 160000 ${f.gitlink} ${path}\n`); continue }
      const { mode, data: d } = typeof f === 'string' || f instanceof Uint8Array ? { mode: '100644', data: f } : f
      text(`M ${mode} inline ${path}\n`)
      data(d)
    }
    text('\n')
  })
  for (const [name, i] of Object.entries(branches)) text(`reset refs/heads/${name}\nfrom :${i + 1}\n\n`)
  text('reset refs/heads/tmp\nfrom 0000000000000000000000000000000000000000\n\n')
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: Buffer.concat(parts), env: env(dir) })
  return dir
}

/** base, then ours and theirs each one commit on it */
const forked = (base: Snapshot, ours: Snapshot, theirs: Snapshot): string =>
  makeRepo([{ files: base, parents: [] }, { files: ours, parents: [0] }, { files: theirs, parents: [0] }], { base: 0, ours: 1, theirs: 2 })

/** git's answer: the tree when clean, else the conflicted paths */
function gitMergeTree (dir: string, ours = 'ours', theirs = 'theirs'): { clean: boolean, tree: string, conflicts: string[] } {
  const r = spawnSync('git', ['merge-tree', '--write-tree', '-z', '--name-only', ours, theirs], { cwd: dir, encoding: 'utf8', env: env(dir) })
  if (r.status !== 0 && r.status !== 1) throw new Error(`git merge-tree: ${r.stderr}`)
  const fields = r.stdout.split('\0')
  const conflicts: string[] = []
  for (let i = 1; i < fields.length && fields[i] !== ''; i++) conflicts.push(fields[i])
  return { clean: r.status === 0, tree: fields[0], conflicts }
}

/** a repository's branches (they are never moved here) */
const branchTips = new Map<string, Map<string, string>>()
function tip (dir: string, branch: string): string {
  let tips = branchTips.get(dir)
  if (tips == null) {
    tips = new Map(git(dir, 'for-each-ref', '--format=%(refname:short) %(objectname)', 'refs/heads/').split('\n').map(l => l.split(' ') as [string, string]))
    branchTips.set(dir, tips)
  }
  return tips.get(branch)!
}

const plan = async (dir: string, opts: { write?: boolean } = {}, ours = 'ours', theirs = 'theirs'): Promise<MergeResult> =>
  await planMerge(nodeFs, dir, tip(dir, ours), tip(dir, theirs), opts)

/** Ours equals git's, without writing and then writing; returns ours. */
async function sameAsGit (dir: string, rename = (p: string) => p): Promise<MergeResult> {
  const dry = await plan(dir)
  // (ours written before git merge-tree writes its own objects into the repository)
  const written = dry.kind === 'merge' ? await plan(dir, { write: true }) : undefined
  if (written != null) {
    expect(written).toEqual(dry)
    expect(git(dir, 'cat-file', '-t', dry.tree!)).toBe('tree')
    git(dir, 'fsck', '--strict', '--no-dangling')
  }
  const want = gitMergeTree(dir)
  if (want.clean) {
    expect(dry).toMatchObject({ kind: 'merge', tree: want.tree, conflicts: [] })
  } else {
    expect(dry.kind).toBe('conflict')
    expect(dry.conflicts).toEqual([...new Set(want.conflicts.map(rename))].sort())
    expect(dry.reason).toBeTruthy()
  }
  return dry
}

const lines = (n: number, tag = 'line'): string => Array.from({ length: n }, (_, i) => `${tag} ${i + 1}\n`).join('')
const edit = (text: string, from: string, to: string): string => { if (!text.includes(from)) throw new Error(`no ${from}`); return text.replace(from, to) }

describe('planMerge', () => {
  const f = lines(20)

  it('is up to date when theirs is in ours\' history, a fast-forward when ours is in theirs\'', async () => {
    const dir = makeRepo([{ files: { f }, parents: [] }, { files: { f: f + 'more\n' }, parents: [0] }], { old: 0, new: 1 })
    const [o, n] = [tip(dir, 'old'), tip(dir, 'new')]
    expect(await planMerge(nodeFs, dir, n, o)).toEqual({ kind: 'up-to-date', conflicts: [], base: o })
    expect(await planMerge(nodeFs, dir, n, n)).toEqual({ kind: 'up-to-date', conflicts: [], base: n })
    expect(await planMerge(nodeFs, dir, o, n)).toEqual({ kind: 'fast-forward', conflicts: [], base: o })
  })

  it('merges changes to different files', async () => {
    const r = await sameAsGit(forked({ a: f, b: f }, { a: edit(f, 'line 3', 'A3'), b: f }, { a: f, b: edit(f, 'line 9', 'B9') }))
    expect(r.base).toBeTruthy()
  })

  it('merges changes to different hunks of one file', async () => {
    await sameAsGit(forked({ f }, { f: edit(f, 'line 2\n', 'two\n') }, { f: edit(edit(f, 'line 18\n', 'eighteen\n'), 'line 10\n', '') }))
  })

  it('conflicts on adjacent lines and on the same line, naming them', async () => {
    const adj = await sameAsGit(forked({ f }, { f: edit(f, 'line 5', 'five') }, { f: edit(f, 'line 6', 'six') }))
    expect(adj).toMatchObject({ conflicts: ['f'], reason: 'f: both changed the same or adjacent lines (lines 5–6)' })
    const same = await sameAsGit(forked({ f, g: f }, { f: edit(f, 'line 5', 'five'), g: f }, { f: edit(f, 'line 5', 'FIVE'), g: edit(f, 'line 1\n', '') }))
    expect(same.reason).toBe('f: both changed the same or adjacent lines (line 5)')
  })

  it('writes nothing for a merge that conflicts, even asked to write', async () => {
    const dir = forked({ f, g: f }, { f: edit(f, 'line 5', 'five'), g: edit(f, 'line 1', 'one') }, { f: edit(f, 'line 5', 'FIVE'), g: edit(f, 'line 20', 'twenty') })
    const before = git(dir, 'count-objects')
    expect(await plan(dir, { write: true })).toMatchObject({ kind: 'conflict', conflicts: ['f'] })
    expect(git(dir, 'count-objects')).toBe(before)
    // (and a merge that goes through does write)
    const clean = forked({ f }, { f: edit(f, 'line 5', 'five') }, { f: edit(f, 'line 15', 'fifteen') })
    const was = git(clean, 'count-objects')
    await plan(clean, { write: true })
    expect(git(clean, 'count-objects')).not.toBe(was)
  })

  it('lists the first ten reasons and counts the rest', async () => {
    const many = (tag: string): Snapshot => Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${String(i).padStart(2, '0')}`, edit(f, 'line 2\n', `${tag}\n`)]))
    const base = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${String(i).padStart(2, '0')}`, f]))
    const r = await sameAsGit(forked(base, many('ours'), many('theirs')))
    expect(r.conflicts).toHaveLength(12)
    expect(r.reason!.split('\n')).toEqual([...r.conflicts.slice(0, 10).map(p => `${p}: both changed the same or adjacent lines (line 2)`), 'and 2 more'])
  })

  it('refuses what is not a commit', async () => {
    const dir = forked({ f }, { f: edit(f, 'line 1', 'one') }, { f: edit(f, 'line 9', 'nine') })
    const blob = git(dir, 'rev-parse', 'ours:f')
    await expect(planMerge(nodeFs, dir, tip(dir, 'ours'), blob)).rejects.toThrow(/is not a commit held here/)
    await expect(planMerge(nodeFs, dir, '0'.repeat(40), tip(dir, 'ours'))).rejects.toThrow(/is not a commit held here/)
  })

  it('takes an identical change made on both sides', async () => {
    const both = edit(f, 'line 7\n', 'seven\nand a half\n')
    await sameAsGit(forked({ f }, { f: both }, { f: edit(both, 'line 1\n', 'one\n') }))
  })

  it('conflicts on a file changed on one side and deleted on the other, either way', async () => {
    const r = await sameAsGit(forked({ f, g: f }, { g: f }, { f: edit(f, 'line 1', 'one'), g: f }))
    expect(r.reason).toBe('f: deleted in ours, changed in theirs')
    const s = await sameAsGit(forked({ f, g: f }, { f: edit(f, 'line 1', 'one'), g: f }, { g: f }))
    expect(s.reason).toBe('f: changed in ours, deleted in theirs')
  })

  it('takes a file added the same on both sides, and conflicts when the two differ', async () => {
    await sameAsGit(forked({ f }, { f, n: 'new\n' }, { f, n: 'new\n' }))
    const r = await sameAsGit(forked({ f }, { f, n: 'new\n' }, { f, n: 'other\n' }))
    expect(r.reason).toBe('n: added on both sides with different content')
    const m = await sameAsGit(forked({ f }, { f, n: 'new\n' }, { f, n: { mode: '100755', data: 'new\n' } }))
    expect(m.reason).toBe('n: added on both sides, executable on one only')
  })

  it('takes an executable bit set on one side with content changed on the other', async () => {
    const dir = forked({ f }, { f: { mode: '100755', data: f } }, { f: edit(f, 'line 4', 'four') })
    const r = await sameAsGit(dir)
    expect(git(dir, 'ls-tree', r.tree!, 'f')).toMatch(/^100755 blob /)
  })

  it('adds and removes nested directories', async () => {
    await sameAsGit(forked(
      { 'x/y/z.txt': f, 'x/keep.txt': f, 'top.txt': f, 'p/q/r/s.txt': f },
      { 'x/keep.txt': edit(f, 'line 1', 'one'), 'top.txt': f, 'p/q/r/s.txt': f, 'new/deep/er/file.txt': 'n\n' },
      { 'x/y/z.txt': f, 'x/keep.txt': f, 'top.txt': edit(f, 'line 20', 'twenty'), 'p/q/r/s.txt': f, 'p/q/t.txt': 't\n' }))
    // every file of a directory deleted on one side: the directory goes
    await sameAsGit(forked({ 'd/a': f, 'd/e/b': f, c: f }, { c: edit(f, 'line 2', 'two') }, { 'd/a': f, 'd/e/b': f, c: edit(f, 'line 19', 'nineteen') }))
  })

  it('merges a file without a final newline, and conflicts next to its last line', async () => {
    const nonl = 'a\nb\nc\nd\ne\nf'
    await sameAsGit(forked({ nonl }, { nonl: edit(nonl, 'a\n', 'A\n') }, { nonl: nonl + '\n' }))
    await sameAsGit(forked({ nonl }, { nonl: edit(nonl, 'e\n', 'E\n') }, { nonl: nonl + '\n' }))
  })

  it('merges a CRLF file byte for byte', async () => {
    const crlf = lines(12).replaceAll('\n', '\r\n')
    await sameAsGit(forked({ crlf }, { crlf: edit(crlf, 'line 2\r\n', 'two\r\n') }, { crlf: edit(crlf, 'line 11\r\n', 'eleven\n') }))
  })

  it('conflicts on a binary file changed on both sides, on distinct types, and on a symlink or submodule changed on both', async () => {
    const bin = (n: number): Uint8Array => Uint8Array.from({ length: 64 }, (_, i) => (i * n) % 256)
    await sameAsGit(forked({ bin: bin(3) }, { bin: bin(5) }, { bin: bin(7) }))
    // (git keeps both versions of a path of two types, one of them moved to `l~theirs`)
    await sameAsGit(forked({ l: f }, { l: { mode: '120000', data: 'target' } }, { l: edit(f, 'line 1', 'one') }), p => p.replace(/~theirs$/, ''))
    await sameAsGit(forked({ l: { mode: '120000', data: 'a' } }, { l: { mode: '120000', data: 'b' } }, { l: { mode: '120000', data: 'c' } }))
    const sub = (c: string): FileSpec => ({ gitlink: c.repeat(40) })
    await sameAsGit(forked({ s: sub('1'), f }, { s: sub('2'), f }, { s: sub('3'), f }))
  })

  it('conflicts on a file where the other side has a directory', async () => {
    const r = await sameAsGit(forked({ f }, { f, d: 'file\n' }, { f, 'd/x': 'in a directory\n' }), p => p.replace(/~(ours|theirs)$/, ''))
    expect(r).toMatchObject({ conflicts: ['d'], reason: 'd: a file on one side, a directory on the other' })
    // a file deleted where the other side makes a directory of its name is no conflict
    await sameAsGit(forked({ d: f }, { 'd/x': 'in a directory\n' }, { d: f }))
  })

  it('does not detect renames: a rename on one side and an edit on the other conflicts where git merges', async () => {
    const dir = forked({ 'old.txt': f }, { 'new.txt': f }, { 'old.txt': edit(f, 'line 3', 'three') })
    expect(gitMergeTree(dir).clean).toBe(true)
    const r = await plan(dir)
    expect(r).toMatchObject({ kind: 'conflict', conflicts: ['old.txt'], reason: 'old.txt: deleted in ours, changed in theirs' })
    // (git 2.39's merge-tree takes no merge.renames=false to say as we do; it carried the edit over)
    expect(git(dir, 'cat-file', '-p', `${gitMergeTree(dir).tree}:new.txt`)).toContain('three')
  })

  it('refuses histories with several merge bases, or none', async () => {
    // criss-cross: 1 and 2 fork from 0, then 3 = merge(1, 2) and 4 = merge(2, 1)
    const dir = makeRepo([
      { files: { f }, parents: [] },
      { files: { f: edit(f, 'line 1', 'one') }, parents: [0] },
      { files: { f: edit(f, 'line 20', 'twenty') }, parents: [0] },
      { files: { f: edit(edit(f, 'line 1', 'one'), 'line 20', 'twenty'), a: 'a\n' }, parents: [1, 2] },
      { files: { f: edit(edit(f, 'line 1', 'one'), 'line 20', 'twenty'), b: 'b\n' }, parents: [2, 1] },
      { files: { g: 'unrelated\n' }, parents: [] }
    ], { x: 3, y: 4, root: 5 })
    expect(await plan(dir, {}, 'x', 'y')).toMatchObject({ kind: 'conflict', conflicts: [], reason: expect.stringContaining('2 merge bases') })
    expect(await plan(dir, {}, 'x', 'root')).toMatchObject({ kind: 'conflict', conflicts: [], reason: 'the two have no history in common' })
  })

  it('stops when its signal is aborted', async () => {
    const dir = forked({ f }, { f: edit(f, 'line 1', 'one') }, { f: edit(f, 'line 9', 'nine') })
    const ac = new AbortController()
    ac.abort()
    await expect(planMerge(nodeFs, dir, tip(dir, 'ours'), tip(dir, 'theirs'), { signal: ac.signal })).rejects.toThrow()
  })

  it('gives git merge-tree\'s answer on 60 seeded random pairs of branches', async () => {
    const counts = { clean: 0, conflict: 0, lineMerges: 0 }
    const cases = new Map<number, ReturnType<typeof randomBranches>>()
    // one repository for all: a base and two branches on it per seed
    const commits: CommitSpec[] = []
    const branches: Record<string, number> = {}
    for (let seed = 1; seed <= 60; seed++) {
      const { base, ours, theirs } = randomBranches(seed)
      cases.set(seed, { base, ours, theirs })
      const at = commits.length
      commits.push({ files: base, parents: [] }, { files: ours, parents: [at] }, { files: theirs, parents: [at] })
      branches[`ours${seed}`] = at + 1
      branches[`theirs${seed}`] = at + 2
    }
    const dir = makeRepo(commits, branches)
    for (let seed = 1; seed <= 60; seed++) {
      const want = gitMergeTree(dir, `ours${seed}`, `theirs${seed}`)
      const got = await plan(dir, {}, `ours${seed}`, `theirs${seed}`)
      const ctx = `seed ${seed} (randomBranches(${seed}) in merge-plan.test.ts)`
      expect(got.kind, ctx).toBe(want.clean ? 'merge' : 'conflict')
      if (want.clean) expect(got.tree, ctx).toBe(want.tree)
      else expect(got.conflicts, ctx).toEqual(want.conflicts)
      counts[want.clean ? 'clean' : 'conflict']++
      // files both sides changed, merged line by line
      const { base, ours, theirs } = cases.get(seed)!
      const text = (f?: FileSpec): unknown => typeof f === 'object' && 'data' in f ? f.data : f
      if (want.clean) counts.lineMerges += Object.keys(base).filter(p => ![text(ours[p]), text(theirs[p])].includes(text(base[p])) && text(ours[p]) !== text(theirs[p]) && ours[p] != null && theirs[p] != null).length
    }
    expect(counts.lineMerges).toBeGreaterThan(10)
    expect(counts.clean).toBeGreaterThan(10)
    expect(counts.conflict).toBeGreaterThan(10)
  })

  it('times a 300-file merge in a 10,000-file repository against git merge-tree', async () => {
    const base: Snapshot = {}
    for (let i = 0; i < 10_000; i++) base[`d${i % 100}/s${Math.floor(i / 100) % 10}/f${i}.txt`] = lines(10, `f${i}`)
    const ours: Snapshot = {}
    const theirs: Snapshot = {}
    const paths = Object.keys(base)
    // theirs changes 300 files; ours changes 100, 50 of them among theirs (other lines)
    for (let k = 0; k < 300; k++) { const p = paths[k * 33]; theirs[p] = edit(base[p] as string, ' 3\n', ' three\n') }
    for (let k = 0; k < 100; k++) { const p = paths[k * 66 + (k % 2 === 0 ? 0 : 1)]; ours[p] = edit(base[p] as string, ' 9\n', ' nine\n') }
    const dir = makeRepo([{ files: base, parents: [] }, { files: ours, parents: [0], changes: true }, { files: theirs, parents: [0], changes: true }], { ours: 1, theirs: 2 })
    const time = async <T>(fn: () => Promise<T> | T): Promise<[T, number]> => { const t = performance.now(); const r = await fn(); return [r, performance.now() - t] }
    const [o, t] = [tip(dir, 'ours'), tip(dir, 'theirs')]
    const [dry, tDry] = await time(async () => await planMerge(nodeFs, dir, o, t))
    const store = await openObjectStore(nodeFs, dir)
    const [viaStore, tStore] = await time(async () => await planMerge(nodeFs, dir, o, t, { readObject: async (oid) => await store.read(oid) }))
    const [viaGit, tIso] = await time(async () => await planMerge(nodeFs, dir, o, t, { readObject: async () => undefined }))
    const [written, tWrite] = await time(async () => await planMerge(nodeFs, dir, o, t, { write: true }))
    git(dir, 'fsck', '--strict', '--no-dangling')
    const [want, tGit] = await time(() => gitMergeTree(dir))
    expect(want.clean).toBe(true)
    for (const r of [dry, viaStore, viaGit, written]) expect(r.tree).toBe(want.tree)
    const ms = (x: number): string => `${x.toFixed(0)} ms (${(x / tGit).toFixed(1)}x)`
    console.log(`300-file merge in a 10,000-file repository: git merge-tree ${tGit.toFixed(0)} ms (its process included); planMerge ${ms(tDry)}, on a store already open ${ms(tStore)}, through isomorphic-git's readObject ${ms(tIso)}, writing ${ms(tWrite)}`)
  }, 60_000)
})

/** A base of 5 files of 30 lines and two branches of random edits to it (lines, whole files, the executable bit). */
function randomBranches (seed: number): { base: Snapshot, ours: Snapshot, theirs: Snapshot } {
  const rand = mulberry32(seed)
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]
  const WORDS = ['', '}', '  return x', 'a', 'b', 'if (x) {']
  const base: Snapshot = {}
  for (const p of ['a.txt', 'src/b.txt', 'src/c.txt', 'src/deep/d.txt', 'e.txt']) {
    base[p] = Array.from({ length: 30 }, (_, i) => rand() < 0.3 ? pick(WORDS) : `${p} ${i}`).join('\n') + (rand() < 0.85 ? '\n' : '')
  }
  let fresh = 0
  const branch = (tag: string): Snapshot => {
    const out: Snapshot = {}
    for (const [p, f] of Object.entries(base)) {
      const r = rand()
      if (r < 0.08) continue // deleted
      let text = f as string
      if (r < 0.6) {
        const ls = text.split('\n')
        for (let e = Math.floor(rand() * 2); e >= 0; e--) {
          const at = Math.floor(rand() * ls.length)
          const op = rand()
          if (op < 0.35) ls.splice(at, 0, rand() < 0.3 ? pick(WORDS) : `${tag} ${e}`)
          else if (op < 0.6) ls.splice(at, 1 + Math.floor(rand() * 2))
          else ls[at] = rand() < 0.2 ? pick(WORDS) : `${tag} ${e}`
        }
        text = ls.join('\n')
      }
      out[p] = rand() < 0.05 ? { mode: '100755', data: text } : text
    }
    // new files, sometimes on both sides at one path; lines never seen elsewhere, so git pairs no renames
    for (const p of ['new.txt', 'src/new.txt', 'lib/x/new.txt']) {
      const r = rand()
      if (r < 0.15) out[p] = `${p} shared\n`
      else if (r < 0.3) out[p] = `${tag} fresh ${fresh++}\n${tag} fresh ${fresh++}\n`
    }
    return out
  }
  return { base, ours: branch('ours'), theirs: branch('theirs') }
}
