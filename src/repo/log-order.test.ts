// The log's order against the stock git CLI: `git log --topo-order` on
// histories made with git (long branches merged, octopus merges, criss-cross
// merges, unrelated roots, equal and skewed dates), through the pure walk and
// through readLog paging over the real git directory.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { TopoOrderCache, commitParents, topoOrder } from './log-order.js'
import { readLog } from './read.js'
import type { TopoOrder } from './log-order.js'
import type { Repos } from './repos.js'

const dirs: string[] = []
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd } })

interface Spec { parents: number[], date: number }

/** A bare repository whose refs/heads/main is the last commit of `specs`, written by git fast-import. */
function fastImport (specs: Spec[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'guts-log-'))
  dirs.push(dir)
  git(dir, 'init', '-q', '--bare')
  let stream = ''
  specs.forEach((c, i) => {
    const msg = `commit ${i}\n`
    if (c.parents.length === 0) stream += 'reset refs/heads/tmp\n'
    stream += `commit refs/heads/tmp\nmark :${i + 1}\ncommitter Guts <guts@example.org> ${c.date} +0000\ndata ${msg.length}\n${msg}`
    c.parents.forEach((p, k) => { stream += `${k === 0 ? 'from' : 'merge'} :${p + 1}\n` })
    stream += `M 644 inline f\ndata ${msg.length}\n${msg}\n`
  })
  stream += `reset refs/heads/main\nfrom :${specs.length}\n\n`
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: stream, maxBuffer: 1 << 28 })
  return dir
}

/** A seeded random history: commits on many branches, forks, merges of 2 to 4 parents, criss-crosses, a second root. */
function randomHistory (count: number, seed: number, dates: 'rising' | 'equal' | 'skewed'): Spec[] {
  let s = seed
  const rand = (): number => { s = (s * 1103515245 + 12345) % 2 ** 31; return s / 2 ** 31 }
  const pick = (n: number): number => Math.floor(rand() * n)
  const specs: Spec[] = []
  const date = (): number => dates === 'equal' ? 1_700_000_000 : dates === 'rising' ? 1_700_000_000 + specs.length * 60 : 1_700_000_000 + pick(100_000) - 50_000
  const add = (parents: number[]): number => { specs.push({ parents, date: date() }); return specs.length - 1 }
  const heads = [add([])]
  while (specs.length < count) {
    const r = rand()
    const h = pick(heads.length)
    if (r < 0.55) heads[h] = add([heads[h]])
    else if (r < 0.7) heads.push(add([pick(specs.length)]))
    else if (r < 0.72) heads.push(add([]))
    else if (r < 0.92 && heads.length >= 2) {
      const others = heads.filter((_, i) => i !== h).slice(0, 1 + pick(3))
      heads[h] = add([heads[h], ...others])
      for (const o of others) heads.splice(heads.indexOf(o), 1)
    } else if (heads.length >= 2) {
      const a = heads[h]; const b = heads[(h + 1) % heads.length]
      heads[h] = add([a, b])
      heads[(h + 1) % heads.length] = add([b, a])
    }
  }
  if (heads.length > 1) add(heads)
  return specs
}

function gitOrder (dir: string): string[] {
  return git(dir, 'log', '--topo-order', '--format=%H', 'main').trim().split('\n')
}

/** every commit's parents, from git */
function parentsOf (dir: string): (oid: string) => Promise<string[] | undefined> {
  const map = new Map<string, string[]>()
  for (const line of git(dir, 'rev-list', '--parents', '--all').trim().split('\n')) {
    const [oid, ...ps] = line.split(' ')
    map.set(oid, ps)
  }
  return async (oid) => map.get(oid)
}

/** readLog's view of a git directory on disk: all it uses of the store. */
function reposAt (dir: string): Repos {
  const cache = {}
  return { fs, gitdir: () => dir, cache: () => cache } as unknown as Repos
}

async function allPages (repos: Repos, start: string, size: number): Promise<string[][]> {
  const pages: string[][] = []
  for (let skip = 0; ; skip += size) {
    const { commits, more } = await readLog(repos, 'rid', start, { skip, limit: size })
    pages.push(commits.map(c => c.oid))
    if (!more) return pages
  }
}

describe('topoOrder equals git log --topo-order', () => {
  it('on a hand-made history: long branches, an octopus, a criss-cross, equal and backwards dates', async () => {
    // 0-1-2-3-4-5 main; 6-7-8-9 from 1 (long side line); 10,11 from 2; octopus 12 = [5, 9, 11];
    // criss-cross: 13 from 12, 14 from 12, 15 = [13, 14], 16 = [14, 13], 17 = [15, 16]
    const dates = [10, 20, 20, 20, 5, 30, 15, 15, 100, 1, 20, 20, 40, 50, 50, 60, 60, 1]
    const parents = [[], [0], [1], [2], [3], [4], [1], [6], [7], [8], [2], [10], [5, 9, 11], [12], [12], [13, 14], [14, 13], [15, 16]]
    const dir = fastImport(parents.map((p, i) => ({ parents: p, date: 1_700_000_000 + dates[i] })))
    const tip = git(dir, 'rev-parse', 'main').trim()
    const { oids, complete } = await topoOrder(tip, parentsOf(dir))
    expect(complete).toBe(true)
    expect(oids).toEqual(gitOrder(dir))
  })

  for (const [seed, dates] of [[1, 'rising'], [2, 'equal'], [3, 'skewed'], [4, 'skewed'], [5, 'rising']] as const) {
    it(`on a random history of 400 commits (seed ${seed}, ${dates} dates)`, async () => {
      const dir = fastImport(randomHistory(400, seed, dates))
      const tip = git(dir, 'rev-parse', 'main').trim()
      const want = gitOrder(dir)
      expect((await topoOrder(tip, parentsOf(dir))).oids).toEqual(want)
      // and through readLog on the git directory itself, in pages
      expect((await allPages(reposAt(dir), tip, 25)).flat()).toEqual(want)
    })
  }

  it('from a commit inside the history, not only the tip', async () => {
    const dir = fastImport(randomHistory(300, 9, 'skewed'))
    const mid = git(dir, 'rev-list', '--merges', '--skip=20', '-n', '1', 'main').trim()
    const want = git(dir, 'log', '--topo-order', '--format=%H', mid).trim().split('\n')
    expect((await topoOrder(mid, parentsOf(dir))).oids).toEqual(want)
  })
})

describe('readLog paging on a long history', () => {
  it('2,500 commits in pages of 30: all pages together are git\'s list, no duplicates, pages stable', async () => {
    const dir = fastImport(randomHistory(2500, 42, 'skewed'))
    const tip = git(dir, 'rev-parse', 'main').trim()
    const want = gitOrder(dir)
    expect(want.length).toBeGreaterThan(2500)
    const repos = reposAt(dir)
    const pages = await allPages(repos, tip, 30)
    expect(pages.flat()).toEqual(want)
    expect(new Set(pages.flat()).size).toBe(want.length)
    // any page asked again, in any order, is the same slice
    for (const k of [40, 3, 0, pages.length - 1]) {
      const { commits } = await readLog(repos, 'rid', tip, { skip: k * 30, limit: 30 })
      expect(commits.map(c => c.oid)).toEqual(want.slice(k * 30, k * 30 + 30))
    }
    // a page past the end is empty, and says there is no more
    expect(await readLog(repos, 'rid', tip, { skip: want.length, limit: 30 })).toEqual({ commits: [], more: false })
    // the summaries are the commits' own
    const { commits: [first] } = await readLog(repos, 'rid', tip, { skip: 0, limit: 1 })
    expect(first.parents).toEqual(git(dir, 'rev-list', '--parents', '-n', '1', tip).trim().split(' ').slice(1))
  }, 60_000)
})

describe('parts', () => {
  it('commitParents reads the parent lines of a raw commit, and ignores the message', () => {
    const a = 'a'.repeat(40); const b = 'b'.repeat(40)
    const raw = new TextEncoder().encode(`tree ${'c'.repeat(40)}\nparent ${a}\nparent ${b}\nauthor x <x> 1 +0000\ncommitter x <x> 1 +0000\n\nparent ${'d'.repeat(40)}\n`)
    expect(commitParents(raw)).toEqual([a, b])
    expect(commitParents(new TextEncoder().encode(`tree ${'c'.repeat(40)}\nauthor x <x> 1 +0000\n\nmsg\n`))).toEqual([])
  })

  it('a looping ancestry (untrusted data) ends, with each commit at most once', async () => {
    const graph: Record<string, string[]> = { a: ['b'], b: ['c'], c: ['b'] }
    const { oids } = await topoOrder('a', async (o) => graph[o])
    expect(oids).toEqual(['a'])
  })

  it('a missing commit makes an incomplete order, which the cache does not keep', async () => {
    const cache = new TopoOrderCache()
    let walks = 0
    const graph: Record<string, string[]> = { a: ['b'] }
    const walk = async (): Promise<TopoOrder> => { walks++; return topoOrder('a', async (o) => graph[o]) }
    expect(await cache.get('k', walk)).toEqual({ oids: ['a', 'b'], complete: false })
    graph.b = []
    expect(await cache.get('k', walk)).toEqual({ oids: ['a', 'b'], complete: true })
    await cache.get('k', walk)
    expect(walks).toBe(2)
  })
})
