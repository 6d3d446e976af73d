// Benchmark: the branches page's queries and compare on a real repository
// (a bare clone of preact: 15,005 commits, 607 branches and tags), ours
// (refs-queries.ts over Node's fs, straight from the pack) against the stock
// git CLI doing the same work in the same run. A measurement, not a test.
//
//   node --import tsx bench/refs.ts [gitdir]     (default: /work/.mirror/preactjs+preact/repo)
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { refsQueries } from '../src/app/refs-queries.js'
import type { Repos } from '../src/repo/repos.js'
import type { RepoRecord } from '../src/repo/repo-index.js'

const gitdir = process.argv[2] ?? '/work/.mirror/preactjs+preact/repo'
const git = (...args: string[]): string => execFileSync('git', ['--git-dir', gitdir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 }).trim()
const time = async <T>(fn: () => Promise<T> | T): Promise<[number, T]> => { const t = performance.now(); const v = await fn(); return [performance.now() - t, v] }

const refs: Record<string, string> = {}
for (const line of git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags').split('\n')) {
  const [name, oid] = line.split(' ')
  refs[name] = oid
}
const defaultBranch = git('symbolic-ref', '--short', 'HEAD')
const record = { rid: 'bench', name: 'bench', description: '', defaultBranch, signedRefs: { refs, seq: 1 }, updated: 0 } as unknown as RepoRecord
// what the queries use of the store: the fs, the git directory, isomorphic-git's cache
const cache = {}
const repos = { fs, gitdir: () => gitdir, cache: () => cache } as unknown as Repos

const rows: Array<[string, number, number]> = []
const q = refsQueries(repos)

// 1. the branches and the tags with their last commits, sorted
const [oursBranches, branches] = await time(async () => await q.refs(record, 'branches'))
const [gitBranches] = await time(() => git('for-each-ref', '--sort=-committerdate', '--format=%(refname:short) %(objectname) %(subject) %(authorname) %(committerdate:unix)', 'refs/heads'))
rows.push([`branches page list (${branches.length} branches, cold)`, oursBranches, gitBranches])
const [oursTags, tags] = await time(async () => await q.refs(record, 'tags'))
const [gitTags] = await time(() => git('for-each-ref', '--sort=-creatordate', '--format=%(refname:short) %(objectname) %(*objectname) %(subject) %(creatordate:unix)', 'refs/tags'))
rows.push([`tags page list (${tags.length} tags)`, oursTags, gitTags])

// 2. ahead/behind of the first 100 branches against the default branch
const heads = branches.filter(b => !b.isDefault).slice(0, 100).map(b => b.name)
const [oursCold, counts] = await time(async () => await q.aheadBehind(record, defaultBranch, heads))
const [gitCounts, want] = await time(() => heads.map(h => git('rev-list', '--left-right', '--count', `${defaultBranch}...${h}`)))
const wrong = heads.filter((h, i) => `${counts[h].behind}\t${counts[h].ahead}` !== want[i])
rows.push([`ahead/behind, ${heads.length} branches (first: walks ${defaultBranch})`, oursCold, gitCounts])
const [oursWarm] = await time(async () => await q.aheadBehind(record, defaultBranch, heads))
rows.push(['ahead/behind again (cached by tips)', oursWarm, gitCounts])

// 3. compare: the most diverged of those branches
const far = heads.reduce((a, b) => counts[b].ahead + counts[b].behind > counts[a].ahead + counts[a].behind ? b : a)
const [oursCompare, c] = await time(async () => await q.compare(record, defaultBranch, far))
const [gitCompare, gitLog] = await time(() => { const log = git('log', '--topo-order', '--format=%H', `${defaultBranch}..${far}`); git('diff', '--name-status', '-M', `${defaultBranch}...${far}`); return log })
rows.push([`compare ${defaultBranch}...${far} (${c.ahead} ahead, ${c.behind} behind, ${c.total} files)`, oursCompare, gitCompare])
const rangeOk = JSON.stringify(c.commits.map(x => x.oid)) === JSON.stringify(gitLog.split('\n').filter(Boolean).slice(0, 250))

console.log(`repository: ${gitdir} — ${git('rev-list', '--count', '--all')} commits, ${Object.keys(refs).length} branches and tags`)
console.log()
console.log('| what | ours ms | git ms | ours/git |')
console.log('|---|---:|---:|---:|')
for (const [what, ours, theirs] of rows) console.log(`| ${what} | ${ours.toFixed(0)} | ${theirs.toFixed(0)} | ${(ours / theirs).toFixed(2)} |`)
console.log()
console.log(`ahead/behind equal to git rev-list --left-right --count: ${wrong.length === 0 ? 'all' : `NOT for ${wrong.join(', ')}`}`)
console.log(`compare's commits equal to git log --topo-order: ${rangeOk ? 'yes' : 'NO'}`)
