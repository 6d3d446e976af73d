// Benchmark: the browsing queries of the app handle (app.repos.*, what the
// views call) on Node's fs, against the stock git CLI doing the same in the
// same run. On preact (a bare clone: /work/.mirror/preactjs+preact/repo, or
// BROWSE_REPO=<gitdir>) imported as relay/import.ts imports (git fetch,
// then Repos.importWith), and on the generated repository of bench/lib
// (its bundle, through Repos.importBundle).
//
// Cold: the first call on a fresh Repos (no object cache, no cached walk:
// a tab that just opened the repository). Warm: the median of the calls
// after that one. git runs each command once to warm the page cache, then
// the median of its runs; every git figure includes starting a process
// (~2-5 ms), which a view in a tab never pays. Target: 100 ms warm.
//
//   node --import tsx bench/browse.ts      (or: npm run bench:browse)
import '../relay/polyfills.js'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { fillWithGit } from '../relay/git-import.js'
import { createRepositories } from '../src/app/repositories.js'
import { MemoryRepoIndex } from '../src/repo/repo-index.js'
import { Repos } from '../src/repo/repos.js'
import { makeRepo } from './lib/make-repo.js'
import { median } from './lib/measure.js'
import type { Repositories } from '../src/app/repositories.js'
import type { GitFs } from '../src/repo/fs.js'
import type { RepoRecord } from '../src/repo/repo-index.js'

const WARM_RUNS = 5
const TARGET_MS = 100
const PAGE = 30

const benchDir = path.dirname(fileURLToPath(import.meta.url))
const projectDir = path.dirname(benchDir)
const runsDir = path.join(benchDir, '.cache', 'browse')
const PREACT = process.env.BROWSE_REPO ?? '/work/.mirror/preactjs+preact/repo'

interface Case {
  name: string
  ours: (h: Repositories, record: RepoRecord) => Promise<unknown>
  /** the git commands doing the same (several: run one after the other, times summed) */
  git: string[][]
}

interface Row { repo: string, name: string, cold: number, warm: number, git: number }

function git (gitdir: string, ...args: string[]): string {
  const r = spawnSync('git', ['--git-dir', gitdir, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`)
  return r.stdout
}

function timeGit (gitdir: string, commands: string[][]): number {
  const once = (): number => {
    const t = performance.now()
    for (const c of commands) git(gitdir, ...c)
    return performance.now() - t
  }
  once()
  return median(Array.from({ length: WARM_RUNS }, once))
}

/** A fresh Repos over the same store: nothing cached. */
function openRepos (root: string, index: MemoryRepoIndex, key: Awaited<ReturnType<typeof generateKeyPair>>): Repos {
  return new Repos({ fs: fs as unknown as GitFs, index, key, root, author: () => ({ name: 'bench', email: 'bench@example.org' }) })
}

/** the diffs a commit page draws at once (DiffFiles.tsx's EAGER_FILES) */
const FIRST_SCREEN = 8

/** the paths of a commit's first files, both sides of a rename (git limits its diff to them) */
function firstPaths (gitdir: string, oid: string): string[] {
  return git(gitdir, 'show', '--name-status', '-M', '--format=', oid).split('\n').filter(Boolean).slice(0, FIRST_SCREEN).flatMap(l => l.split('\t').slice(1))
}

/** The cases for one repository, from what git says is in it. */
function casesFor (gitdir: string, branch: string, diffs: string[]): Case[] {
  const rev = `refs/heads/${branch}`
  const dirs = git(gitdir, 'ls-tree', '-r', '-d', '--name-only', rev).split('\n').filter(Boolean)
  const deep = dirs.reduce((a, b) => b.split('/').length > a.split('/').length ? b : a, dirs[0] ?? '')
  // the biggest text file of 2,000 lines or more that is not a lock file
  const files = git(gitdir, 'ls-tree', '-r', '-l', rev).split('\n').filter(Boolean)
    .map(l => { const [meta, p] = l.split('\t'); const f = meta.split(/\s+/); return { type: f[1], size: Number(f[3]), path: p } })
    .filter(f => f.type === 'blob' && !/lock|\.min\./.test(f.path) && f.size < 512 * 1024)
    .sort((a, b) => b.size - a.size)
  let blob: { path: string, lines: number } | undefined
  for (const f of files.slice(0, 40)) {
    const text = git(gitdir, 'cat-file', '-p', `${rev}:${f.path}`)
    const lines = text.split('\n').length - 1
    if (lines >= 2000 && !text.includes('\0')) { blob = { path: f.path, lines }; break }
  }
  const root = git(gitdir, 'ls-tree', '--name-only', rev).split('\n').filter(Boolean)
  const commits = Number(git(gitdir, 'rev-list', '--count', rev).trim())
  const page50 = Math.min(49, Math.floor((commits - 1) / PAGE))
  const cases: Case[] = [
    { name: 'tree /', ours: async (h, r) => h.tree(r, branch, ''), git: [['ls-tree', rev]] },
    { name: `tree ${deep}`, ours: async (h, r) => h.tree(r, branch, deep), git: [['ls-tree', rev, `${deep}/`]] }
  ]
  if (blob != null) cases.push({ name: `blob ${blob.path} (${blob.lines.toLocaleString('en-US')} lines)`, ours: async (h, r) => h.blob(r, branch, blob.path), git: [['cat-file', '-p', `${rev}:${blob.path}`]] })
  cases.push(
    { name: 'log page 1', ours: async (h, r) => h.log(r, branch, { skip: 0, limit: PAGE }), git: [['log', '--topo-order', '-n', String(PAGE), rev]] },
    { name: `log page ${page50 + 1}`, ours: async (h, r) => h.log(r, branch, { skip: page50 * PAGE, limit: PAGE }), git: [['log', '--topo-order', '-n', String(PAGE), `--skip=${page50 * PAGE}`, rev]] }
  )
  for (const d of diffs) {
    const oid = git(gitdir, 'rev-parse', `${d}^{commit}`).trim()
    const stat = git(gitdir, 'show', '--stat', '-M', '--format=', oid).trim().split('\n').pop() ?? ''
    const files = /(\d+) files? changed/.exec(stat)?.[1] ?? '?'
    cases.push(
      // what the commit page waits for: its file list (renames paired), then the first screen of diffs
      { name: `diff list ${oid.slice(0, 8)} (${files} files, git show -M --name-status)`, ours: async (h, r) => h.diffList(r, oid), git: [['show', '--name-status', '-M', '--format=', oid]] },
      { name: `diff first ${FIRST_SCREEN} files ${oid.slice(0, 8)}`, ours: async (h, r) => { const l = await h.diffList(r, oid); for (const d of l.deltas.slice(0, FIRST_SCREEN)) await h.fileDiff(r, d); return l }, git: [['show', '-M', '--format=', oid, '--', ...firstPaths(gitdir, oid)]] },
      { name: `diff all ${oid.slice(0, 8)} (${files} files, git show -M)`, ours: async (h, r) => h.diff(r, oid), git: [['show', '--stat', '-M', oid]] }
    )
  }
  cases.push({
    name: `lastCommits / (${root.length} entries)`,
    ours: async (h, r) => h.lastCommits(r, branch, ''),
    git: [['log', '-1', '--format=%H', rev, '--', '.'], ...root.map(p => ['log', '-1', '--format=%H', rev, '--', p])]
  })
  return cases
}

async function bench (label: string, gitdir: string, importInto: (repos: Repos) => Promise<RepoRecord>, diffs: (gitdir: string) => string[]): Promise<Row[]> {
  const root = path.join(runsDir, label)
  fs.rmSync(root, { recursive: true, force: true })
  fs.mkdirSync(root, { recursive: true })
  const index = new MemoryRepoIndex()
  const key = await generateKeyPair('Ed25519')
  const t0 = performance.now()
  const record = await importInto(openRepos(root, index, key))
  const objects = git(gitdir, 'count-objects', '-v').match(/in-pack: (\d+)/)?.[1]
  console.log(`${label}: ${objects ?? '?'} objects, ${Object.keys(record.signedRefs.refs).length} refs, imported in ${((performance.now() - t0) / 1000).toFixed(1)} s; default branch ${record.defaultBranch}`)
  const rows: Row[] = []
  for (const c of casesFor(gitdir, record.defaultBranch, diffs(gitdir))) {
    const handle = createRepositories({ repos: openRepos(root, index, key) })
    let t = performance.now()
    const first = await c.ours(handle, record)
    const cold = performance.now() - t
    if (first == null) throw new Error(`${label} ${c.name}: our query found nothing`)
    const warm: number[] = []
    for (let i = 0; i < WARM_RUNS; i++) {
      t = performance.now()
      await c.ours(handle, record)
      warm.push(performance.now() - t)
    }
    rows.push({ repo: label, name: c.name, cold, warm: median(warm), git: timeGit(gitdir, c.git) })
    const r = rows[rows.length - 1]
    console.log(`  ${c.name}: cold ${ms(r.cold)}, warm ${ms(r.warm)}, git ${ms(r.git)}`)
  }
  fs.rmSync(root, { recursive: true, force: true })
  return rows
}

// ---- the repositories

const rows: Row[] = []
if (fs.existsSync(PREACT)) {
  rows.push(...await bench('preact', PREACT, async (repos) => repos.importWith({ name: 'preact' }, async (staging) => {
    const { refs, headBranch } = await fillWithGit(PREACT, staging)
    const names = refs.filter(r => r.name.startsWith('refs/heads/')).map(r => r.name.slice(11))
    return { refs, defaultBranch: headBranch != null && names.includes(headBranch) ? headBranch : names[0] }
  }), () => ['8e3e4ce5', '4f52598']))
} else {
  console.log(`(no preact at ${PREACT}: set BROWSE_REPO to a bare clone)`)
}
const generated = await makeRepo(benchDir, path.join(projectDir, 'node_modules'))
rows.push(...await bench('generated', generated.gitdir, async (repos) => repos.importBundle(new Uint8Array(fs.readFileSync(generated.bundle)), { name: 'generated' }), (gitdir) => {
  // the merge's first-parent diff, and the commit touching the most files
  const merge = git(gitdir, 'rev-list', '--merges', '-n', '1', '--all').trim()
  const widest = git(gitdir, 'log', '--all', '--no-merges', '--format=%H', '--shortstat').split('\n\n').map(block => {
    const [oid, stat] = block.trim().split('\n')
    return { oid, files: Number(/(\d+) files? changed/.exec(stat ?? '')?.[1] ?? 0) }
  }).sort((a, b) => b.files - a.files)[0]?.oid
  return [merge, widest].filter((x): x is string => x != null && x !== '')
}))
fs.rmSync(runsDir, { recursive: true, force: true })

// ---- the report

console.log()
table([
  ['repository', 'query', 'ours cold', 'ours warm', 'git', 'warm / git', 'cold / git', `warm ≤ ${TARGET_MS} ms`],
  ...rows.map(r => [r.repo, r.name, ms(r.cold), ms(r.warm), ms(r.git), ratio(r.warm, r.git), ratio(r.cold, r.git), r.warm <= TARGET_MS ? 'yes' : 'OVER'])
])
const over = rows.filter(r => r.warm > TARGET_MS)
console.log()
console.log(over.length === 0 ? `every query under ${TARGET_MS} ms warm` : `over ${TARGET_MS} ms warm: ${over.map(r => `${r.repo} ${r.name} (${ms(r.warm)})`).join('; ')}`)

function ms (x: number): string { return `${x < 10 ? x.toFixed(1) : Math.round(x)} ms` }
function ratio (a: number, b: number): string { return `${(a / b).toFixed(1)}x` }

function table (t: string[][]): void {
  const widths = t[0].map((_, c) => Math.max(...t.map(r => (r[c] ?? '').length)))
  for (const r of t) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd())
}
