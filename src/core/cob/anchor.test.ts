// Inline comments carried from one revision of a patch to the next, on
// histories made with the stock git CLI: the hunks are the project's own
// (diffText over the blobs git stores), their numbers checked against the
// headers of `git diff -U3`, and every carried range checked by reading the
// lines it names out of the later head with `git show`.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { diffText } from '../diff.js'
import { carry, hunkHash, locate } from './anchor.js'
import type { Hunk } from '../diff.js'
import type { CodeLocation } from './patch-types.js'

const dirs: string[] = []
afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }) })

class Repo {
  private clock = 1_700_000_000
  constructor (readonly dir: string) {}
  git (...args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.org', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.org', GIT_AUTHOR_DATE: `${this.clock} +0000`, GIT_COMMITTER_DATE: `${this.clock} +0000`, GIT_CONFIG_NOSYSTEM: '1', HOME: this.dir }
    })
  }

  write (path: string, text: string): void { fs.writeFileSync(join(this.dir, path), text) }
  read (path: string): string { return fs.readFileSync(join(this.dir, path), 'utf8') }
  /** edits a file's lines (0-based array) in place */
  edit (path: string, change: (lines: string[]) => void): void {
    const lines = this.read(path).split('\n').slice(0, -1)
    change(lines)
    this.write(path, lines.join('\n') + '\n')
  }

  commit (msg: string): string {
    this.clock += 100
    this.git('add', '-A')
    this.git('commit', '-q', '--allow-empty', '-m', msg)
    return this.git('rev-parse', 'HEAD').trim()
  }

  /** a file's text at a commit, '' when it has none there */
  show (rev: string, path: string): string {
    try { return this.git('show', `${rev}:${path}`) } catch { return '' }
  }

  /** the project's hunks of base..head for one file, checked against `git diff -U3`'s headers */
  hunks (base: string, head: string, path: string, oldPath = path): Hunk[] {
    const ours = diffText(this.show(base, oldPath), this.show(head, path), 3).hunks
    const args = oldPath === path ? ['diff', '-U3', '--no-color', base, head, '--', path] : ['diff', '-U3', '--no-color', '-M', base, head, '--', oldPath, path]
    const headers = [...this.git(...args).matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)]
      .map(m => [Number(m[1]), m[2] == null ? 1 : Number(m[2]), Number(m[3]), m[4] == null ? 1 : Number(m[4])])
    expect(ours.map(h => [h.oldStart, h.oldCount, h.newStart, h.newCount])).toEqual(headers)
    return ours
  }
}

async function newRepo (): Promise<Repo> {
  const dir = await mkdtemp(join(tmpdir(), 'guts-anchor-'))
  dirs.push(dir)
  const r = new Repo(dir)
  r.git('init', '-q', '-b', 'main')
  return r
}

const numbered = (n: number, word = 'line'): string => Array.from({ length: n }, (_, i) => `${word} ${i + 1}`).join('\n') + '\n'

/** lines from..to (1-based, inclusive) of a text */
const linesOf = (text: string, [from, to]: [number, number]): string[] => text.split('\n').slice(from - 1, to)

/**
 * A base with two files, and revision 1: in app.txt, lines 20-21 replaced
 * by three new ones, and line 40 deleted. Returns the repo and the commits.
 */
async function revisionOne (): Promise<{ r: Repo, base: string, head1: string }> {
  const r = await newRepo()
  r.write('app.txt', numbered(60))
  r.write('other.txt', numbered(10, 'other'))
  const base = r.commit('base')
  r.git('checkout', '-q', '-b', 'rev1')
  r.edit('app.txt', l => { l.splice(39, 1); l.splice(19, 2, 'new A', 'new B', 'new C') })
  const head1 = r.commit('rev 1')
  return { r, base, head1 }
}

/** a comment made on rev 1's diff, as the app makes one (locate) */
function commentOn (hunks: Hunk[], head: string, path: string, side: 'old' | 'new', from: number, to: number): CodeLocation {
  const at = locate(hunks, { side, from, to })
  expect(at).toBeDefined()
  return { commit: head, path, ...at!.location }
}

describe('hunkHash', () => {
  it('is 16 hex digits, the same for the same lines at other numbers, and differs with a kind or a text', () => {
    const a = diffText(numbered(30), numbered(30).replace('line 15\n', 'fifteen\n')).hunks[0]
    const b = diffText('x\ny\n' + numbered(30), 'x\ny\n' + numbered(30).replace('line 15\n', 'fifteen\n')).hunks[0]
    expect(a.newStart).not.toBe(b.newStart)
    expect(hunkHash(a)).toMatch(/^[0-9a-f]{16}$/)
    expect(hunkHash(b)).toBe(hunkHash(a))
    const asAdd = { lines: a.lines.map(l => ({ ...l, kind: l.kind === 'del' ? 'add' as const : l.kind })) }
    expect(hunkHash(asAdd)).not.toBe(hunkHash(a))
    expect(hunkHash({ lines: [{ kind: 'add', text: 'ab' }] })).not.toBe(hunkHash({ lines: [{ kind: 'add', text: 'a' }, { kind: 'add', text: 'b' }] }))
  })
})

describe('locate', () => {
  it('finds lines of either side in their hunk, and nothing outside the diff', async () => {
    const { r, base, head1 } = await revisionOne()
    const hunks = r.hunks(base, head1, 'app.txt')
    expect(hunks).toHaveLength(2)
    const at = locate(hunks, { side: 'new', from: 20, to: 22 })
    expect(at?.index).toBe(0)
    expect(at?.location).toEqual({ new: [20, 22], hunk: hunkHash(hunks[0]) })
    expect(linesOf(r.show(head1, 'app.txt'), [20, 22])).toEqual(['new A', 'new B', 'new C'])
    expect(locate(hunks, { side: 'old', from: 40, to: 40 })?.index).toBe(1)
    expect(linesOf(r.show(base, 'app.txt'), [40, 40])).toEqual(['line 40'])
    // line 30 is unchanged and far from both changes
    expect(locate(hunks, { side: 'new', from: 30, to: 30 })).toBeUndefined()
    // a range running out of its hunk
    expect(locate(hunks, { side: 'new', from: 24, to: 26 })).toBeUndefined()
    expect(locate(hunks, { side: 'new', from: 3, to: 2 })).toBeUndefined()
  })
})

describe('carry, on revisions made with git', () => {
  it('keeps a comment when revision 2 only changes another file', async () => {
    const { r, base, head1 } = await revisionOne()
    const made = r.hunks(base, head1, 'app.txt')
    const loc = commentOn(made, head1, 'app.txt', 'new', 21, 21)
    r.edit('other.txt', l => { l[4] = 'changed' })
    const head2 = r.commit('rev 2')
    const c = carry(loc, made, r.hunks(base, head2, 'app.txt'), { commit: head2 })
    expect(c).toEqual({ status: 'kept', location: { ...loc, commit: head2 } })
  })

  it('moves a comment by the offset when revision 2 adds lines above its hunk, onto the same text', async () => {
    const { r, base, head1 } = await revisionOne()
    const made = r.hunks(base, head1, 'app.txt')
    const loc = commentOn(made, head1, 'app.txt', 'new', 21, 21)
    r.edit('app.txt', l => { l.splice(4, 0, 'above 1', 'above 2') })
    const head2 = r.commit('rev 2')
    const shown = r.hunks(base, head2, 'app.txt')
    expect(shown).toHaveLength(3)
    const c = carry(loc, made, shown, { commit: head2 })
    expect(c.status).toBe('moved')
    expect(c.location).toEqual({ ...loc, commit: head2, new: [23, 23] })
    expect(linesOf(r.show(head2, 'app.txt'), c.location.new!)).toEqual(linesOf(r.show(head1, 'app.txt'), loc.new!))
  })

  it('moves a range of several lines, its text the same', async () => {
    const { r, base, head1 } = await revisionOne()
    const made = r.hunks(base, head1, 'app.txt')
    const loc = commentOn(made, head1, 'app.txt', 'new', 18, 23)
    r.edit('app.txt', l => { l.splice(0, 3) })
    const head2 = r.commit('rev 2')
    const c = carry(loc, made, r.hunks(base, head2, 'app.txt'), { commit: head2 })
    expect(c.status).toBe('moved')
    expect(c.location.new).toEqual([15, 20])
    const text = linesOf(r.show(head2, 'app.txt'), c.location.new!)
    expect(text).toEqual(linesOf(r.show(head1, 'app.txt'), loc.new!))
    expect(text).toEqual(['line 18', 'line 19', 'new A', 'new B', 'new C', 'line 22'])
  })

  it('makes a comment outdated when revision 2 rewrites its lines', async () => {
    const { r, base, head1 } = await revisionOne()
    const made = r.hunks(base, head1, 'app.txt')
    const loc = commentOn(made, head1, 'app.txt', 'new', 20, 21)
    r.edit('app.txt', l => { l[19] = 'newer A'; l[20] = 'newer B' })
    const head2 = r.commit('rev 2')
    expect(carry(loc, made, r.hunks(base, head2, 'app.txt'), { commit: head2 })).toEqual({ status: 'outdated', location: loc })
  })

  it('follows the commented lines by their text when their hunk changed around them', async () => {
    const { r, base, head1 } = await revisionOne()
    const made = r.hunks(base, head1, 'app.txt')
    const loc = commentOn(made, head1, 'app.txt', 'new', 21, 22)
    // revision 2 changes a line of the same hunk (its context below) and adds lines above it
    r.edit('app.txt', l => { l[23] = 'line 23 edited'; l.splice(2, 0, 'top') })
    const head2 = r.commit('rev 2')
    const shown = r.hunks(base, head2, 'app.txt')
    expect(shown.map(hunkHash)).not.toContain(loc.hunk)
    const c = carry(loc, made, shown, { commit: head2 })
    expect(c.status).toBe('moved')
    expect(c.location.new).toEqual([22, 23])
    expect(c.location.hunk).toBe(locate(shown, { side: 'new', from: 22, to: 23 })!.location.hunk)
    expect(linesOf(r.show(head2, 'app.txt'), c.location.new!)).toEqual(['new B', 'new C'])
  })

  it('moves a comment when revision 2 is rebased on a base that moved the hunk', async () => {
    const { r, base, head1 } = await revisionOne()
    const made = r.hunks(base, head1, 'app.txt')
    const loc = commentOn(made, head1, 'app.txt', 'new', 20, 22)
    r.git('checkout', '-q', 'main')
    r.edit('app.txt', l => { l.splice(0, 0, 'upstream 1', 'upstream 2', 'upstream 3', 'upstream 4') })
    const base2 = r.commit('upstream')
    r.git('checkout', '-q', '-b', 'rev2')
    r.git('cherry-pick', head1)
    const head2 = r.git('rev-parse', 'HEAD').trim()
    const shown = r.hunks(base2, head2, 'app.txt')
    expect(shown[0].oldStart).toBe(made[0].oldStart + 4)
    const c = carry(loc, made, shown, { commit: head2 })
    expect(c).toEqual({ status: 'moved', location: { ...loc, commit: head2, new: [24, 26] } })
    expect(linesOf(r.show(head2, 'app.txt'), c.location.new!)).toEqual(linesOf(r.show(head1, 'app.txt'), loc.new!))
    // a context line named on both sides moves on both
    const both: CodeLocation = { commit: head1, path: 'app.txt', old: [18, 18], new: [18, 18], hunk: loc.hunk }
    const b = carry(both, made, shown, { commit: head2 })
    expect(b).toEqual({ status: 'moved', location: { ...both, commit: head2, old: [22, 22], new: [22, 22] } })
    expect(linesOf(r.show(base2, 'app.txt'), b.location.old!)).toEqual(['line 18'])
    expect(linesOf(r.show(head2, 'app.txt'), b.location.new!)).toEqual(['line 18'])
  })

  it('carries a comment on a deleted line on the old side', async () => {
    const { r, base, head1 } = await revisionOne()
    const made = r.hunks(base, head1, 'app.txt')
    const loc = commentOn(made, head1, 'app.txt', 'old', 40, 40)
    expect(loc.new).toBeUndefined()
    r.git('checkout', '-q', 'main')
    r.edit('app.txt', l => { l.splice(0, 0, 'upstream') })
    const base2 = r.commit('upstream')
    r.git('checkout', '-q', '-b', 'rev2')
    r.git('cherry-pick', head1)
    const head2 = r.git('rev-parse', 'HEAD').trim()
    const c = carry(loc, made, r.hunks(base2, head2, 'app.txt'), { commit: head2 })
    expect(c).toEqual({ status: 'moved', location: { ...loc, commit: head2, old: [41, 41] } })
    // the old side is the revision's base
    expect(linesOf(r.show(base2, 'app.txt'), c.location.old!)).toEqual(linesOf(r.show(base, 'app.txt'), loc.old!))
    expect(linesOf(r.show(base2, 'app.txt'), c.location.old!)).toEqual(['line 40'])
  })

  it('makes a comment outdated when revision 2 deletes the file', async () => {
    const { r, base, head1 } = await revisionOne()
    const made = r.hunks(base, head1, 'app.txt')
    const loc = commentOn(made, head1, 'app.txt', 'new', 20, 20)
    r.git('rm', '-q', 'app.txt')
    const head2 = r.commit('rev 2')
    const shown = r.hunks(base, head2, 'app.txt')
    expect(shown[0].newCount).toBe(0)
    expect(carry(loc, made, shown, { commit: head2 }).status).toBe('outdated')
    // and a file not in the diff at all
    expect(carry(loc, made, [], { commit: head2 }).status).toBe('outdated')
    expect(carry(loc, made, undefined).status).toBe('outdated')
  })

  it('follows a file renamed between the revisions through the path map', async () => {
    const { r, base, head1 } = await revisionOne()
    const made = r.hunks(base, head1, 'app.txt')
    const loc = commentOn(made, head1, 'app.txt', 'new', 21, 21)
    r.git('mv', 'app.txt', 'main.txt')
    const head2 = r.commit('rev 2')
    // base:app.txt → head2:main.txt is the file's diff in revision 2 (git pairs them as a rename)
    expect(r.git('diff', '--name-status', '-M', base, head2).trim()).toMatch(/^R\d+\tapp\.txt\tmain\.txt$/)
    const c = carry(loc, made, r.hunks(base, head2, 'main.txt', 'app.txt'), { commit: head2, renames: new Map([['app.txt', 'main.txt']]) })
    expect(c).toEqual({ status: 'kept', location: { ...loc, commit: head2, path: 'main.txt' } })
    expect(linesOf(r.show(head2, 'main.txt'), c.location.new!)).toEqual(['new B'])
  })

  it('does not guess between two places holding the same lines', async () => {
    const r = await newRepo()
    r.write('f.txt', numbered(40))
    const base = r.commit('base')
    r.edit('f.txt', l => { l.splice(9, 0, 'same', 'twice') })
    const head1 = r.commit('rev 1')
    const made = r.hunks(base, head1, 'f.txt')
    const loc = commentOn(made, head1, 'f.txt', 'new', 11, 11)
    // revision 2: a change next to it (so the hunk differs), and the same two lines again further down
    r.edit('f.txt', l => { l[12] = 'edited'; l.splice(30, 0, 'same', 'twice') })
    const head2 = r.commit('rev 2')
    expect(carry(loc, made, r.hunks(base, head2, 'f.txt'), { commit: head2 }).status).toBe('outdated')
  })
})
