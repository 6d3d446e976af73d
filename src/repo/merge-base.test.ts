// Merge bases, ahead/behind counts and commit ranges against the stock git
// CLI, on histories git made: random forks and merges (2 to 4 parents,
// criss-crosses, a second root) with many branches, every pair of branches
// asked, read straight from the git directory's packs and loose objects.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AheadBehindCache } from './ahead-behind.js'
import { commitRange } from './commit-range.js'
import { meetTips } from './merge-base.js'
import { CommitGraph, commitFacts } from './merge-base-graph.js'
import { openObjectStore } from './object-files.js'
import type { ReadCommitFacts } from './merge-base-graph.js'
import type { GitFs } from './fs.js'

const dirs: string[] = []
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd } }).trim()

/**
 * A bare repository with a seeded random history: branches that fork,
 * advance and merge (octopus and criss-cross merges among them), and a
 * second root; every head left is a branch b0, b1, ...
 */
function randomRepo (count: number, seed: number, skew = false): { dir: string, branches: string[] } {
  let s = seed
  const rand = (): number => { s = (s * 1103515245 + 12345) % 2 ** 31; return s / 2 ** 31 }
  const pick = (n: number): number => Math.floor(rand() * n)
  const specs: number[][] = []
  const add = (parents: number[]): number => { specs.push(parents); return specs.length - 1 }
  const heads = [add([])]
  const retired: number[] = []
  while (specs.length < count) {
    const r = rand()
    const h = pick(heads.length)
    if (r < 0.55) heads[h] = add([heads[h]])
    else if (r < 0.72) heads.push(add([pick(specs.length)]))
    else if (r < 0.73) heads.push(add([]))
    else if (r < 0.9 && heads.length >= 2) {
      const others = heads.filter((_, i) => i !== h).slice(0, 1 + pick(3))
      heads[h] = add([heads[h], ...others])
      // a merged branch is sometimes kept, sometimes gone
      for (const o of others) { heads.splice(heads.indexOf(o), 1); if (rand() < 0.5) retired.push(o) }
    } else if (heads.length >= 2) {
      const a = heads[h]; const b = heads[(h + 1) % heads.length]
      heads[h] = add([a, b])
      heads[(h + 1) % heads.length] = add([b, a])
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'guts-mergebase-'))
  dirs.push(dir)
  git(dir, 'init', '-q', '--bare')
  let stream = ''
  specs.forEach((parents, i) => {
    const msg = `commit ${i}\n`
    const date = 1_700_000_000 + (skew ? pick(100_000) : i * 60)
    if (parents.length === 0) stream += 'reset refs/heads/tmp\n'
    stream += `commit refs/heads/tmp\nmark :${i + 1}\ncommitter Guts <guts@example.org> ${date} +0000\ndata ${msg.length}\n${msg}`
    parents.forEach((p, k) => { stream += `${k === 0 ? 'from' : 'merge'} :${p + 1}\n` })
    stream += `M 644 inline f${i % 7}\ndata ${msg.length}\n${msg}\n`
  })
  const tips = [...new Set([...heads, ...retired])]
  const branches = tips.map((t, i) => { stream += `reset refs/heads/b${i}\nfrom :${t + 1}\n\n`; return `b${i}` })
  stream += 'reset refs/heads/tmp\nfrom 0000000000000000000000000000000000000000\n\n'
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: stream, maxBuffer: 1 << 28 })
  return { dir, branches }
}

async function reader (dir: string): Promise<ReadCommitFacts> {
  const store = await openObjectStore(fs as unknown as GitFs, dir)
  return async (oid) => {
    const obj = await store.read(oid)
    return obj?.type === 'commit' ? commitFacts(obj.data) : undefined
  }
}

const setMinus = (plus: string, minus: string): Set<string> => {
  const out = new Set(plus.split('\n').filter(Boolean))
  for (const o of minus.split('\n')) out.delete(o)
  return out
}

const pairs = (names: string[]): Array<[string, string]> => names.flatMap(a => names.map(b => [a, b] as [string, string]))

describe('against git, every pair of branches', () => {
  for (const [seed, skew] of [[1, false], [2, false], [3, true]] as const) {
    it(`ahead/behind, merge bases and base..head on a random history (seed ${seed}${skew ? ', skewed clocks' : ''})`, async () => {
      const { dir, branches } = randomRepo(300, seed, skew)
      expect(branches.length).toBeGreaterThan(4)
      const tip = Object.fromEntries(branches.map(b => [b, git(dir, 'rev-parse', b)]))
      const read = await reader(dir)
      const graph = new CommitGraph()
      const cache = new AheadBehindCache()
      let unrelated = 0
      let several = 0
      for (const [a, b] of pairs(branches.slice(0, 6))) {
        const [behind, ahead] = git(dir, 'rev-list', '--left-right', '--count', `${a}...${b}`).split(/\s+/).map(Number)
        expect(await cache.get(graph, tip[a], tip[b], read), `${a}...${b}`).toEqual({ ahead, behind })
        const m = await meetTips(graph, tip[a], tip[b], read)
        let want: string[] = []
        try { want = git(dir, 'merge-base', '--all', a, b).split('\n').filter(Boolean) } catch { unrelated++ }
        expect([...m.mergeBases].sort(), `merge-base ${a} ${b}`).toEqual([...want].sort())
        if (want.length > 1) several++
        else if (want.length === 1) expect(m.mergeBases[0]).toBe(git(dir, 'merge-base', a, b))
        const range = await commitRange(graph, tip[a], tip[b], read)
        if (!skew) expect(range.oids, `log ${a}..${b}`).toEqual(git(dir, 'log', '--topo-order', '--format=%H', `${a}..${b}`).split('\n').filter(Boolean))
        // with skewed clocks git's walk stops early by date (its "slop") and may list a commit base has;
        // the exact set is what base's full list leaves out of head's
        else expect(new Set(range.oids), `${a}..${b}`).toEqual(setMinus(git(dir, 'rev-list', b), git(dir, 'rev-list', a)))
        expect(range.oids.length).toBe(ahead)
      }
      // the histories have the hard shapes in them
      if (seed === 1) expect(unrelated + several).toBeGreaterThan(0)
    }, 60_000)
  }

  it('a commit against itself, an ancestor and a descendant', async () => {
    const { dir, branches } = randomRepo(80, 7)
    const read = await reader(dir)
    const graph = new CommitGraph()
    const head = git(dir, 'rev-parse', branches[0])
    const old = git(dir, 'rev-parse', `${branches[0]}~3`)
    expect(await meetTips(graph, head, head, read)).toEqual({ ahead: 0, behind: 0, mergeBases: [head], complete: true })
    expect(await meetTips(graph, old, head, read)).toMatchObject({ ahead: Number(git(dir, 'rev-list', '--count', `${old}..${head}`)), behind: 0, mergeBases: [old] })
    expect((await commitRange(graph, head, old, read)).oids).toEqual([])
    expect((await commitRange(graph, undefined, old, read)).oids).toEqual(git(dir, 'log', '--topo-order', '--format=%H', old).split('\n'))
  })

  it('the cache answers a pair once: a second ask reads nothing', async () => {
    const { dir, branches } = randomRepo(120, 5)
    const inner = await reader(dir)
    let reads = 0
    const read: ReadCommitFacts = async (oid) => { reads++; return await inner(oid) }
    const cache = new AheadBehindCache()
    const [a, b] = [git(dir, 'rev-parse', branches[0]), git(dir, 'rev-parse', branches[1])]
    const first = await cache.get(new CommitGraph(), a, b, read)
    const before = reads
    // even on a fresh graph: the answer is kept by the two tips
    expect(await cache.get(new CommitGraph(), a, b, read)).toEqual(first)
    expect(reads).toBe(before)
  })
})

describe('parts', () => {
  it('commitFacts reads parents and the committer date, not the message', () => {
    const a = 'a'.repeat(40)
    const raw = new TextEncoder().encode(`tree ${'c'.repeat(40)}\nparent ${a}\nauthor x <x@y> 5 +0000\ncommitter Some One <s@o> 1700000123 -0130\n\nparent ${'d'.repeat(40)}\ncommitter z <z> 9 +0000\n`)
    expect(commitFacts(raw)).toEqual({ parents: [a], date: 1700000123 })
  })
})
