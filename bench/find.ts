// Benchmark: the file finder and content search on a real repository
// (preact's bare clone) and on 10,000 made-up paths, against the stock git
// CLI measured in the same run where there is a like-for-like command.
//  - fuzzy: the time from a keystroke to the ranked hits (render/fuzzy.ts),
//    typing a query one character at a time (target: under 50 ms on 10,000
//    paths). git has no fuzzy finder: no ratio.
//  - paths: every path of HEAD's tree (repo/list-paths.ts) against
//    `git ls-tree -r --name-only HEAD`.
//  - search: every file of HEAD (repo/search-tree.ts, as the worker runs it)
//    against `git grep -n -I <flags> -e <q> HEAD`. "cold" opens the store
//    and loads the pack first (a first search); "warm" reuses it (the worker
//    keeps it between searches).
// A measurement, not a test: it exits 0 whatever the numbers.
//
//   node --import tsx bench/find.ts [gitdir]     (or: npm run bench:find)
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { FuzzyIndex } from '../src/render/fuzzy.js'
import { listPathsIn } from '../src/repo/list-paths.js'
import { openObjectStore } from '../src/repo/object-files.js'
import { searchTree } from '../src/repo/search-tree.js'
import { generatePaths } from '../test/fixtures/paths-fixture.js'
import { median } from './lib/measure.js'
import type { SearchQuery } from '../src/core/search.js'
import type { GitFs } from '../src/repo/fs.js'

const gitdir = process.argv[2] ?? '/work/.mirror/preactjs+preact/repo'
const RUNS = 5
const nodeFs = fs as unknown as GitFs

const git = (args: string[]): string => execFileSync('git', ['--git-dir', gitdir, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 })
const timeMs = (fn: () => unknown): number => { const t = performance.now(); fn(); return performance.now() - t }
const timeAsync = async (fn: () => Promise<unknown>): Promise<number> => { const t = performance.now(); await fn(); return performance.now() - t }
const ms = (x: number): string => x.toFixed(1).padStart(8)
const row = (cells: string[]): void => { console.log(cells.map((c, i) => i === 0 ? c.padEnd(44) : c.padStart(10)).join(' ')) }

const tree = git(['rev-parse', 'HEAD^{tree}']).trim()
// files only, as listPathsIn lists them: preact's benchmarks/ is a submodule
const headPaths = git(['ls-tree', '-r', 'HEAD']).split('\n').filter(l => l.split(' ')[1] === 'blob').map(l => l.slice(l.indexOf('\t') + 1))
const everPaths = [...new Set(git(['log', '--all', '--name-only', '--format=']).split('\n').filter(Boolean))]
console.log(`repository: ${gitdir}`)
console.log(`            HEAD has ${headPaths.length} files; ${everPaths.length} paths ever existed in its history`)
console.log()

// ---- fuzzy: one keystroke at a time

/** each query typed REPEAT times; per keystroke the median of its REPEAT times (a busy machine's pauses are not the finder's) */
function typing (paths: string[], queries: string[]): { first: number, median: number, max: number } {
  const REPEAT = 5
  const index = new FuzzyIndex(paths)
  index.search('warm'); index.search('') // the JIT, as after the first few keystrokes
  const perKey: number[][] = []
  const firstKeys = new Set<number>() // which keystrokes are a query's first (a scan of every path)
  for (let r = 0; r < REPEAT; r++) {
    let k = 0
    for (const q of queries) {
      for (let i = 1; i <= q.length; i++, k++) {
        const t = timeMs(() => index.search(q.slice(0, i)))
        ;(perKey[k] ??= []).push(t)
        if (i === 1) firstKeys.add(k)
      }
      index.search('')
    }
  }
  const medians = perKey.map(median)
  return { first: Math.max(...[...firstKeys].map(k => medians[k])), median: median(medians), max: Math.max(...medians) }
}

const queries = ['compat/src/index', 'hooks test', 'renderToString', 'd.ts', 'xyzzy']
console.log('fuzzy file finder (ms per keystroke, typing each query one character at a time)')
row(['paths', 'first key', 'median', 'max', 'target'])
console.log('  (first key: the slowest first keystroke, a scan of every path; max: the slowest keystroke)')
for (const [name, paths] of [
  [`preact HEAD (${headPaths.length})`, headPaths],
  [`preact, every path ever (${everPaths.length})`, everPaths],
  ['made up (10,000)', generatePaths(10_000)],
  ['made up (50,000)', generatePaths(50_000)]
] as Array<[string, string[]]>) {
  const r = typing(paths, queries)
  row([name, ms(r.first), ms(r.median), ms(r.max), r.max < 50 ? '< 50 ok' : 'OVER 50'])
}
console.log()

// ---- paths of a tree

const gitLs: number[] = []
const oursLs: number[] = []
const oursLsWarm: number[] = []
for (let i = 0; i < RUNS; i++) {
  gitLs.push(timeMs(() => git(['ls-tree', '-r', 'HEAD'])))
  let store = await openObjectStore(nodeFs, gitdir)
  oursLs.push(await timeAsync(async () => { store = await openObjectStore(nodeFs, gitdir); await listPathsIn(store, tree) }))
  oursLsWarm.push(await timeAsync(async () => await listPathsIn(store, tree)))
}
const ourList = (await listPathsIn(await openObjectStore(nodeFs, gitdir), tree)).entries.map(e => e.path)
console.log(`paths of HEAD's tree (median of ${RUNS}; same ${ourList.length} paths as git: ${JSON.stringify(ourList) === JSON.stringify(headPaths)})`)
row(['', 'git ms', 'guts ms', 'guts/git'])
row(['git ls-tree -r vs listPathsIn, cold (opens the pack)', ms(median(gitLs)), ms(median(oursLs)), (median(oursLs) / median(gitLs)).toFixed(2)])
row(['  warm (pack in memory)', ms(median(gitLs)), ms(median(oursLsWarm)), (median(oursLsWarm) / median(gitLs)).toFixed(2)])
console.log()

// ---- content search

const searches: Array<[string, SearchQuery, string[]]> = [
  ['usestate (either case)', { text: 'usestate' }, ['-i', '-F', '-e', 'usestate']],
  ['options._ (match case)', { text: 'options._', caseSensitive: true }, ['-F', '-e', 'options._']],
  ['xyzzy (no match)', { text: 'xyzzy' }, ['-i', '-F', '-e', 'xyzzy']],
  ['regex \\bset[A-Z]\\w+\\(', { text: '\\bset[A-Z]\\w+\\(', regex: true, caseSensitive: true }, ['-P', '-e', '\\bset[A-Z]\\w+\\(']]
]
console.log(`search every file of HEAD (median of ${RUNS})`)
row(['query', 'lines', 'git ms', 'cold ms', 'warm ms', 'warm/git'])
const warmStore = await openObjectStore(nodeFs, gitdir)
for (const [name, q, args] of searches) {
  const gitT: number[] = []
  const cold: number[] = []
  const warm: number[] = []
  let lines = 0
  let gitLines = 0
  for (let i = 0; i < RUNS; i++) {
    gitT.push(timeMs(() => {
      try { gitLines = git(['grep', '-n', '-I', ...args, 'HEAD']).split('\n').filter(Boolean).length } catch { gitLines = 0 }
    }))
    cold.push(await timeAsync(async () => { await searchTree(await openObjectStore(nodeFs, gitdir), tree, q, { max: Infinity }) }))
    warm.push(await timeAsync(async () => { lines = (await searchTree(warmStore, tree, q, { max: Infinity })).matches }))
  }
  row([name, `${lines}${lines === gitLines ? '' : `≠${gitLines}`}`, ms(median(gitT)), ms(median(cold)), ms(median(warm)), (median(warm) / median(gitT)).toFixed(2)])
}
console.log()
console.log('git times include starting the git process (~2-5 ms). In the tab, search runs in a worker; the pack is copied to it once.')
