// Two revisions of a patch compared, against the stock git CLI on histories
// it made: the commits pair as `git range-diff` pairs them (its `=`, `!`,
// `<` and `>` lines, in its order), and the files are `git diff head1 head2`
// restricted to the paths either revision changes.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MAX_COMPARED_COMMITS, compareRevisions } from './revision-compare.js'
import type { RevisionCompare } from './revision-compare.js'
import type { GitFs } from './fs.js'

const dirs: string[] = []
afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }) })

class Repo {
  private clock = 1_700_000_000
  constructor (readonly dir: string) {}
  get gitdir (): string { return join(this.dir, '.git') }
  git (...args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.org', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.org', GIT_AUTHOR_DATE: `${this.clock} +0000`, GIT_COMMITTER_DATE: `${this.clock} +0000`, GIT_CONFIG_NOSYSTEM: '1', HOME: this.dir }
    })
  }

  write (path: string, text: string): void { fs.writeFileSync(join(this.dir, path), text) }
  commit (msg: string): string {
    this.clock += 100
    this.git('add', '-A')
    this.git('commit', '-q', '-m', msg)
    return this.head()
  }

  pick (oid: string): string {
    this.clock += 100
    this.git('cherry-pick', oid)
    return this.head()
  }

  head (): string { return this.git('rev-parse', 'HEAD').trim() }
}

async function newRepo (): Promise<Repo> {
  const dir = await mkdtemp(join(tmpdir(), 'guts-revcompare-'))
  dirs.push(dir)
  const r = new Repo(dir)
  r.git('init', '-q', '-b', 'main')
  return r
}

const text = (word: string, n: number): string => Array.from({ length: n }, (_, i) => `${word} ${i + 1}`).join('\n') + '\n'

/** `git range-diff`'s pair lines as [from, status, to] with full ids (undefined for `-`) */
function rangeDiff (r: Repo, range1: string, range2: string, oids: string[]): Array<[string | undefined, string, string | undefined]> {
  const full = (short: string): string | undefined => /^-+$/.test(short) ? undefined : oids.find(o => o.startsWith(short))
  return r.git('range-diff', '--no-color', range1, range2).split('\n')
    .map(l => /^\s*(?:\d+|-):\s+([0-9a-f]+|-+) ([=!<>]) \s*(?:\d+|-):\s+([0-9a-f]+|-+) /.exec(l))
    .filter((m): m is RegExpExecArray => m != null)
    .map(m => [full(m[1]), m[2], full(m[3])])
}

/** ours in range-diff's terms */
function asRangeDiff (c: RevisionCompare): Array<[string | undefined, string, string | undefined]> {
  return c.commits.map(p => [p.from, p.to == null ? '<' : p.from == null ? '>' : p.same ? '=' : '!', p.to])
}

function allOids (r: Repo): string[] { return r.git('rev-list', '--all').trim().split('\n') }

const gitFs = fs as unknown as GitFs

describe('compareRevisions', () => {
  it('pairs untouched, amended, reworded, dropped and added commits as git range-diff does', async () => {
    const r = await newRepo()
    r.write('base.txt', text('base', 20))
    const base = r.commit('base')
    r.git('checkout', '-q', '-b', 'rev1')
    r.write('one.txt', text('one', 10))
    const c1 = r.commit('Add one')
    r.write('two.txt', text('two', 10))
    const c2 = r.commit('Add two')
    r.write('three.txt', text('three', 30))
    const c3 = r.commit('Add three')
    r.write('base.txt', text('base', 20).replace('base 5\n', 'base five\n'))
    const c4 = r.commit('Change base five')
    r.write('one.txt', text('one', 10).replace('one 9\n', 'one nine\n'))
    const c5 = r.commit('Change one nine')
    const head1 = c5

    // revision 2: c1 kept as is, c2 amended, c3 dropped, c4 picked unchanged, c5 reworded, a new commit
    r.git('checkout', '-q', '-b', 'rev2', c1)
    r.write('two.txt', text('two', 10).replace('two 3\n', 'two three\n'))
    const d2 = r.commit('Add two')
    const d4 = r.pick(c4)
    r.pick(c5)
    r.git('commit', '-q', '--amend', '-m', 'Name line nine of one')
    const d5 = r.head()
    r.write('four.ts', 'export const four = () => {\n  return [1, 2, 3, 4].map(x => x * 4)\n}\n')
    const d6 = r.commit('A completely different change')
    const head2 = d6

    const c = await compareRevisions(gitFs, r.gitdir, { base, oid: head1 }, { base, oid: head2 })
    expect(c.baseMoved).toBe(false)
    expect(c.complete).toBe(true)
    const git = rangeDiff(r, `${base}..${head1}`, `${base}..${head2}`, allOids(r))
    expect(git).toEqual([[c1, '=', c1], [c2, '!', d2], [c3, '<', undefined], [c4, '=', d4], [c5, '!', d5], [undefined, '>', d6]])
    expect(asRangeDiff(c)).toEqual(git)
    for (const oid of [c1, c2, c3, c4, c5, d2, d4, d5, d6]) expect(c.summaries[oid].oid).toBe(oid)
    expect(c.summaries[d5].message).toBe('Name line nine of one\n')

    // the files: head1 → head2 where either revision changes them
    const names = r.git('diff', '--name-status', '--no-renames', head1, head2).trim().split('\n').map(l => l.split('\t').reverse().join(' '))
    expect(c.deltas.map(d => `${d.path} ${d.status[0].toUpperCase()}`)).toEqual(names.sort())
    expect(c.deltas.map(d => d.path)).toEqual(['four.ts', 'three.txt', 'two.txt'])
  })

  it('pairs every commit of a rebase onto a moved base as the same, and leaves the upstream files out', async () => {
    const r = await newRepo()
    r.write('app.txt', text('app', 40))
    r.write('upstream.txt', text('up', 5))
    const base1 = r.commit('base')
    r.git('checkout', '-q', '-b', 'rev1')
    r.write('app.txt', text('app', 40).replace('app 30\n', 'app thirty\n'))
    const c1 = r.commit('Thirty')
    r.write('feature.txt', text('feature', 8))
    const c2 = r.commit('Feature')
    r.git('checkout', '-q', 'main')
    r.write('upstream.txt', text('up', 6))
    r.write('app.txt', 'top\n' + text('app', 40))
    const base2 = r.commit('upstream work')
    r.git('checkout', '-q', '-b', 'rev2')
    const d1 = r.pick(c1)
    const d2 = r.pick(c2)

    const c = await compareRevisions(gitFs, r.gitdir, { base: base1, oid: c2 }, { base: base2, oid: d2 })
    expect(c.baseMoved).toBe(true)
    const git = rangeDiff(r, `${base1}..${c2}`, `${base2}..${d2}`, allOids(r))
    expect(git).toEqual([[c1, '=', d1], [c2, '=', d2]])
    expect(asRangeDiff(c)).toEqual(git)
    // app.txt differs (its base moved; the patch touches it); upstream.txt too, but the patch does not touch it
    expect(r.git('diff', '--name-only', c2, d2).trim().split('\n')).toEqual(['app.txt', 'upstream.txt'])
    expect(c.deltas.map(d => [d.path, d.status])).toEqual([['app.txt', 'modified']])
  })

  it('prints commits reordered in range-diff\'s order, and a dropped one where it was', async () => {
    const r = await newRepo()
    r.write('a.txt', text('a', 30))
    const base = r.commit('base')
    r.git('checkout', '-q', '-b', 'rev1')
    r.write('a.txt', text('a', 30).replace('a 3\n', 'a three\n'))
    const c1 = r.commit('Three')
    r.write('dropped.txt', text('gone', 40))
    const c2 = r.commit('Something dropped later')
    r.write('a.txt', text('a', 30).replace('a 3\n', 'a three\n').replace('a 25\n', 'a twenty-five\n'))
    const c3 = r.commit('Twenty-five')
    r.git('checkout', '-q', '-b', 'rev2', base)
    const d3 = r.pick(c3)
    const d1 = r.pick(c1)
    const c = await compareRevisions(gitFs, r.gitdir, { base, oid: c3 }, { base, oid: d1 })
    const git = rangeDiff(r, `${base}..${c3}`, `${base}..${d1}`, allOids(r))
    expect(git).toEqual([[c3, '=', d3], [c1, '=', d1], [c2, '<', undefined]])
    expect(asRangeDiff(c)).toEqual(git)
  })

  it('leaves a commit both amended and retitled unpaired, where range-diff pairs it by the size of its change', async () => {
    const r = await newRepo()
    r.write('a.txt', text('a', 30))
    const base = r.commit('base')
    r.git('checkout', '-q', '-b', 'rev1')
    r.write('a.txt', text('a', 30).replace('a 3\n', 'a three\n').replace('a 4\n', 'a four\n'))
    const c1 = r.commit('Spell out three and four')
    r.git('checkout', '-q', '-b', 'rev2', base)
    r.write('a.txt', text('a', 30).replace('a 3\n', 'a three\n').replace('a 4\n', 'a Four\n'))
    const d1 = r.commit('Write three and four in words')
    const c = await compareRevisions(gitFs, r.gitdir, { base, oid: c1 }, { base, oid: d1 })
    expect(rangeDiff(r, `${base}..${c1}`, `${base}..${d1}`, allOids(r))).toEqual([[c1, '!', d1]])
    expect(asRangeDiff(c)).toEqual([[c1, '<', undefined], [undefined, '>', d1]])
  })

  it('compares at most MAX_COMPARED_COMMITS commits of a revision, the newest', async () => {
    const r = await newRepo()
    r.write('a.txt', 'a\n')
    const base = r.commit('base')
    // 260 commits at once through fast-import
    const n = MAX_COMPARED_COMMITS + 10
    let stream = ''
    for (let i = 1; i <= n; i++) {
      const body = `n ${i}\n`
      stream += `commit refs/heads/long\nmark :${i}\ncommitter a <a@example.org> ${1_700_000_000 + i} +0000\ndata ${`c${i}`.length}\nc${i}\n${i === 1 ? `from ${base}\n` : ''}M 100644 inline n.txt\ndata ${body.length}\n${body}\n`
    }
    execFileSync('git', ['fast-import', '--quiet'], { cwd: r.dir, input: stream })
    const head = r.git('rev-parse', 'long').trim()
    const c = await compareRevisions(gitFs, r.gitdir, { base, oid: head }, { base, oid: head })
    expect(c.complete).toBe(false)
    expect(c.commits).toHaveLength(MAX_COMPARED_COMMITS)
    expect(c.commits.every(p => p.same)).toBe(true)
    expect(c.commits.at(-1)?.to).toBe(head)
    expect(c.summaries[c.commits[0].to!].message).toBe(`c${n - MAX_COMPARED_COMMITS + 1}`)
  })

  it('says nothing differs between a revision and itself', async () => {
    const r = await newRepo()
    r.write('a.txt', 'a\n')
    const base = r.commit('base')
    r.write('a.txt', 'b\n')
    const head = r.commit('b')
    const c = await compareRevisions(gitFs, r.gitdir, { base, oid: head }, { base, oid: head })
    expect(c).toMatchObject({ baseMoved: false, deltas: [], commits: [{ from: head, to: head, same: true }] })
  })

  it('stops when aborted', async () => {
    const r = await newRepo()
    r.write('a.txt', 'a\n')
    const base = r.commit('base')
    const ac = new AbortController()
    ac.abort()
    await expect(compareRevisions(gitFs, r.gitdir, { base, oid: base }, { base, oid: base }, { signal: ac.signal })).rejects.toThrow()
  })
})
