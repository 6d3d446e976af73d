// Patches at scale: a base of 1,000 files, a patch of 50 commits touching
// 300 of them (revision 1), revision 2 the same with 10 commits amended
// (bench/lib/patch-history.ts makes it all with the git CLI), measured
// against the stock git CLI in the same run, each as wall and CPU time,
// the median of 5:
//  - page open: the patch's file list and every file's diff base..head1,
//    with the project's code (diffTrees, then diffText over each pair of
//    blobs), read through isomorphic-git on Node's fs, and through the
//    app's own path (diff-files.ts over a Repos: the pack reader), against
//    `git diff base head1` (the whole patch, written to /dev/null);
//  - revision compare: compareRevisions (interdiff and commit pairs)
//    against `git range-diff base..head1 base..head2`, its pairs checked
//    against git's;
//  - merge: planMerge (src/repo/merge-plan.ts, when it exists) of
//    revision 1 into the moved target against `git merge-tree
//    --write-tree`, its tree checked against git's.
// Usage: npm run bench:patches [-- --files 1000 --commits 50 --touched 300 --amended 10 --runs 5 --profile]
import '../relay/polyfills.js'
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { fillWithGit } from '../relay/git-import.js'
import { commitsDeltas, fileDiff } from '../src/app/diff-files.js'
import { objectReader } from '../src/app/diff-object-store.js'
import { carry } from '../src/core/cob/anchor.js'
import { diffText, isBinary } from '../src/core/diff.js'
import git from '../src/repo/git.js'
import { MemoryRepoIndex } from '../src/repo/repo-index.js'
import { Repos } from '../src/repo/repos.js'
import { compareRevisions } from '../src/repo/revision-compare.js'
import { diffTrees } from '../src/repo/tree-diff.js'
import { profiled } from './lib/cpu-profile.js'
import { writePatchHistory } from './lib/patch-history.js'
import type { GitFs } from '../src/repo/fs.js'
import type { RevisionCompare } from '../src/repo/revision-compare.js'

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const SHAPE = { files: arg('files', 1000), commits: arg('commits', 50), touched: arg('touched', 300), amended: arg('amended', 10), upstream: 50 }
const RUNS = arg('runs', 5)
/** a real repository for the anchors' check (a bare clone) */
const REAL_REPO = process.env.PATCHES_REPO ?? '/work/.mirror/preactjs+preact/repo'
const REAL_COMMITS = arg('real-commits', 300)
/** how many first-parent commits later revision 2's head is */
const REAL_LATER = 5
const gitFs = fs as unknown as GitFs
const benchDir = dirname(fileURLToPath(import.meta.url))

/** wall and CPU time, ms (CPU: this process's, or git's from GNU time) */
interface Sample { wall: number, cpu?: number }
const ms = (x: number): string => x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0)
const cpuText = (x: Sample): string => x.cpu == null ? '' : x.cpu === 0 ? '< 10 ms' : `${ms(x.cpu)} ms`
const ratio = (a: number | undefined, b: number | undefined): string => a == null || b == null || b === 0 ? '' : `${(a / b).toFixed(a / b < 10 ? 2 : 1)}×`
const median = (xs: Sample[]): Sample => {
  const by = (k: 'wall' | 'cpu'): number | undefined => xs.some(x => x[k] == null) ? undefined : [...xs].map(x => x[k]!).sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  return { wall: by('wall')!, cpu: by('cpu') }
}

async function sampled<T> (fn: () => Promise<T>): Promise<[Sample, T]> {
  const u = process.cpuUsage()
  const t = performance.now()
  const v = await fn()
  const wall = performance.now() - t
  const c = process.cpuUsage(u)
  return [{ wall, cpu: (c.user + c.system) / 1000 }, v]
}
async function medianOf<T> (fn: () => Promise<T>): Promise<[Sample, T]> {
  const xs: Sample[] = []
  let v: T | undefined
  for (let k = 0; k < RUNS; k++) {
    const [s, r] = await sampled(fn)
    xs.push(s)
    v = r
  }
  return [median(xs), v!]
}

const TIME = '/usr/bin/time'
/** one git command: its wall time, and its CPU time from GNU time (10 ms steps) when there is one */
function gitOnce (gitdir: string, args: string[], keep: boolean): Sample & { stdout: string } {
  const hasTime = fs.existsSync(TIME)
  const out = join(tmpdir(), `bench-patches-time-${process.pid}`)
  const argv = ['git', '--git-dir', gitdir, ...args]
  const stdio: Array<'ignore' | 'pipe'> = ['ignore', keep ? 'pipe' : 'ignore', 'pipe']
  const t = performance.now()
  const r = hasTime ? spawnSync(TIME, ['-o', out, '-f', '%U %S', ...argv], { stdio, maxBuffer: 1 << 30 }) : spawnSync(argv[0], argv.slice(1), { stdio, maxBuffer: 1 << 30 })
  const wall = performance.now() - t
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr.toString()}`)
  const cpu = hasTime ? fs.readFileSync(out, 'utf8').trim().split('\n').at(-1)!.split(/\s+/).reduce((n, x) => n + Number(x) * 1000, 0) : undefined
  if (hasTime) rmSync(out, { force: true })
  return { wall, cpu, stdout: r.stdout?.toString() ?? '' }
}
function gitMedian (gitdir: string, args: string[], keep = false): [Sample, string] {
  const xs = Array.from({ length: RUNS }, () => gitOnce(gitdir, args, keep))
  return [median(xs), xs[0].stdout]
}
const gitText = (gitdir: string, ...args: string[]): string => execFileSync('git', ['--git-dir', gitdir, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })

interface PageTotals { files: number, added: number, removed: number }

/** The page's work with isomorphic-git reading: the file list, then each file's two blobs and their diff. */
async function pageOpenIso (gitdir: string, base: string, head: string): Promise<PageTotals> {
  const cache = {}
  const [b, h] = await Promise.all([base, head].map(async oid => (await git.readCommit({ fs: gitFs, gitdir, oid, cache })).commit))
  const deltas = await diffTrees(gitFs, gitdir, b.tree, h.tree, cache)
  const read = async (oid: string | undefined): Promise<Uint8Array> => oid == null ? new Uint8Array() : (await git.readBlob({ fs: gitFs, gitdir, oid, cache })).blob
  const decoder = new TextDecoder()
  const totals = { files: deltas.length, added: 0, removed: 0 }
  for (const d of deltas) {
    const [x, y] = await Promise.all([read(d.oldOid), read(d.newOid)])
    if (isBinary(x) || isBinary(y)) continue
    const t = diffText(decoder.decode(x), decoder.decode(y))
    totals.added += t.added
    totals.removed += t.removed
  }
  return totals
}

/** The same through the app's own functions (diff-files.ts) over a fresh Repos: nothing cached but the OS's files. */
async function pageOpenApp (repos: Repos, rid: string, base: string, head: string): Promise<PageTotals> {
  const { deltas, total } = await commitsDeltas(repos, rid, base, head)
  const totals = { files: total, added: 0, removed: 0 }
  for (const d of deltas) {
    const body = await fileDiff(repos, rid, d)
    totals.added += body.diff?.added ?? 0
    totals.removed += body.diff?.removed ?? 0
  }
  return totals
}

/** `git range-diff`'s pairs as `from status to` lines with full ids ('-' for none) */
function gitPairs (out: string, oids: string[]): string[] {
  const full = (s: string): string => /^-+$/.test(s) ? '-' : oids.find(o => o.startsWith(s)) ?? `?${s}`
  return out.split('\n').map(l => /^\s*(?:\d+|-):\s+([0-9a-f]+|-+) ([=!<>]) \s*(?:\d+|-):\s+([0-9a-f]+|-+) /.exec(l))
    .filter((m): m is RegExpExecArray => m != null).map(m => `${full(m[1])} ${m[2]} ${full(m[3])}`)
}
const ourPairs = (c: RevisionCompare): string[] => c.commits.map(p => `${p.from ?? '-'} ${p.to == null ? '<' : p.from == null ? '>' : p.same ? '=' : '!'} ${p.to ?? '-'}`)

type Row = [string, Sample, Sample | undefined, string]

/** many `rev:path` blobs through one `git cat-file --batch` ('' for a missing one) */
function catFiles (gitdir: string, specs: string[]): string[] {
  const out = execFileSync('git', ['--git-dir', gitdir, 'cat-file', '--batch'], { input: specs.join('\n') + '\n', maxBuffer: 1 << 30 })
  const texts: string[] = []
  let at = 0
  for (let k = 0; k < specs.length; k++) {
    const nl = out.indexOf(10, at)
    const header = out.subarray(at, nl).toString()
    at = nl + 1
    if (header.endsWith(' missing')) { texts.push(''); continue }
    const size = Number(header.split(' ')[2])
    texts.push(out.subarray(at, at + size).toString('utf8'))
    at += size + 1
  }
  return texts
}

/**
 * Anchors on a real history: revision 1 = one commit C (C^..C), revision 2
 * = the same base to the commit REAL_LATER first parents after C (as if
 * the patch had grown); a comment on every line of revision 1's diff (and
 * on every 3-line window), carried to revision 2. A carried comment must
 * name the same text as where it was made: git's blobs, read with git
 * cat-file, line by line.
 */
async function realAnchors (gitdir: string): Promise<{ comments: number, kept: number, moved: number, outdated: number, wrong: number, files: number, carryMs: number }> {
  const chain = gitText(gitdir, 'rev-list', '--first-parent', '--parents', '-n', String(REAL_COMMITS + REAL_LATER), 'HEAD').trim().split('\n').map(l => l.split(' '))
  const tally = { comments: 0, kept: 0, moved: 0, outdated: 0, wrong: 0, files: 0, carryMs: 0 }
  for (let i = REAL_LATER; i < chain.length; i++) {
    const [c, ...parents] = chain[i]
    if (parents.length !== 1) continue
    const d = chain[i - REAL_LATER][0]
    const p = parents[0]
    const changed = (to: string): Set<string> => new Set(gitText(gitdir, 'diff', '--no-renames', '--diff-filter=M', '--name-only', p, to).trim().split('\n').filter(Boolean))
    const inD = changed(d)
    const paths = [...changed(c)].filter(x => inD.has(x))
    if (paths.length === 0) continue
    const blobs = catFiles(gitdir, paths.flatMap(x => [`${p}:${x}`, `${c}:${x}`, `${d}:${x}`]))
    for (let k = 0; k < paths.length; k++) {
      const [old, one, two] = blobs.slice(3 * k, 3 * k + 3)
      if ([old, one, two].some(t => t.includes('\0'))) continue
      tally.files++
      const made = diffText(old, one).hunks
      const shown = diffText(old, two).hunks
      const split = (t: string): string[] => t.split('\n').map(l => l.replace(/\r$/, ''))
      const lines = { old: split(old), one: split(one), two: split(two) }
      const t = performance.now()
      for (const h of made) {
        for (let j = 0; j < h.lines.length; j++) {
          for (const width of [1, 3]) {
            const first = h.lines[j]
            const side = first.kind === 'del' ? 'old' : 'new'
            const from = (side === 'old' ? first.oldNo : first.newNo)!
            const to = from + width - 1
            // (a 3-line window running out of its hunk is not a comment anyone could make)
            if (width === 3 && !h.lines.some(l => (side === 'old' ? l.oldNo : l.newNo) === to)) continue
            const loc = { commit: c, path: paths[k], [side]: [from, to] as [number, number] }
            const r = carry(loc, made, shown, { commit: d })
            tally.comments++
            tally[r.status]++
            if (r.status === 'outdated') continue
            const range = r.location[side]!
            const before = side === 'old' ? lines.old.slice(from - 1, to) : lines.one.slice(from - 1, to)
            const after = side === 'old' ? lines.old.slice(range[0] - 1, range[1]) : lines.two.slice(range[0] - 1, range[1])
            if (before.join('\n') !== after.join('\n')) tally.wrong++
          }
        }
      }
      tally.carryMs += performance.now() - t
    }
  }
  return tally
}

async function main (): Promise<void> {
  const t0 = performance.now()
  const h = writePatchHistory(SHAPE)
  const genMs = performance.now() - t0
  const { gitdir, base, head1, head2, head3, target } = h
  const numstat = gitText(gitdir, 'diff', '--numstat', base, head1).trim().split('\n').map(l => l.split('\t'))
  const gitTotals = { files: numstat.length, added: numstat.reduce((n, l) => n + Number(l[0]), 0), removed: numstat.reduce((n, l) => n + Number(l[1]), 0) }
  console.log(`generated in ${(genMs / 1000).toFixed(1)} s: ${SHAPE.files} files, revision 1 ${SHAPE.commits} commits over ${gitTotals.files} files (+${gitTotals.added} −${gitTotals.removed}), revision 2 with commits ${h.amended.map(k => k + 1).join(', ')} amended; target moved by one commit`)
  const rows: Row[] = []
  const notes: string[] = []

  // ---- (a) page open
  const [gitPage] = gitMedian(gitdir, ['diff', base, head1])
  const [isoPage, isoTotals] = await medianOf(async () => await pageOpenIso(gitdir, base, head1))
  if (JSON.stringify(isoTotals) !== JSON.stringify(gitTotals)) throw new Error(`page open: ours ${JSON.stringify(isoTotals)}, git ${JSON.stringify(gitTotals)}`)
  rows.push(['page open: diffTrees + diffText, isomorphic-git reading', isoPage, gitPage, `vs git diff base head1 (to /dev/null); ${isoTotals.files} files, +${isoTotals.added} −${isoTotals.removed} as git's --numstat; fresh isomorphic-git cache each run`])

  // the app's path: the repository imported into a Repos, each run a fresh Repos over the same store (cold caches)
  const root = mkdtempSync(join(tmpdir(), 'guts-bench-patches-store-'))
  const index = new MemoryRepoIndex()
  const key = await generateKeyPair('Ed25519')
  const open = (): Repos => new Repos({ fs: gitFs, index, key, root, author: () => ({ name: 'bench', email: 'bench@example.org' }) })
  const record = await open().importWith({ name: 'patches' }, async (staging) => ({ refs: (await fillWithGit(h.dir, staging)).refs, defaultBranch: 'main' }))
  const [appPage, appTotals] = await medianOf(async () => await pageOpenApp(open(), record.rid, base, head1))
  if (JSON.stringify(appTotals) !== JSON.stringify(gitTotals)) throw new Error(`page open (app): ours ${JSON.stringify(appTotals)}, git ${JSON.stringify(gitTotals)}`)
  rows.push(['page open: diff-files.ts (commitsDeltas + fileDiff), the app\'s pack reader', appPage, gitPage, 'the same work as the tab does it; a fresh Repos each run'])

  // ---- (b) revision compare
  const [gitCompare, rangeDiff] = gitMedian(gitdir, ['range-diff', '--no-color', `${base}..${head1}`, `${base}..${head2}`], true)
  const oids = gitText(gitdir, 'rev-list', '--all').trim().split('\n')
  if (!oids.includes(head3)) throw new Error('rev3 is not in the repository')
  const [isoCompare, compared] = await medianOf(async () => await compareRevisions(gitFs, gitdir, { base, oid: head1 }, { base, oid: head2 }, { cache: {} }))
  const theirs = gitPairs(rangeDiff, oids)
  const ours = ourPairs(compared)
  const agree = ours.length === theirs.length && ours.every((l, i) => l === theirs[i])
  if (!agree) notes.push(`range-diff pairs differ:\n  ours: ${ours.join('\n        ')}\n  git:  ${theirs.join('\n        ')}`)
  const count = (s: string): number => ours.filter(l => l.split(' ')[1] === s).length
  const interdiff = gitText(gitdir, 'diff', '--name-only', head1, head2).trim().split('\n').filter(Boolean)
  if (compared.deltas.map(d => d.path).join() !== interdiff.join()) notes.push(`interdiff files: ours ${compared.deltas.map(d => d.path).join(' ')}, git ${interdiff.join(' ')}`)
  rows.push(['revision compare: compareRevisions, isomorphic-git reading', isoCompare, gitCompare, `vs git range-diff base..head1 base..head2; ${count('=')} =, ${count('!')} !, ${count('<')} <, ${count('>')} > pairs, ${agree ? 'the same as git\'s' : 'NOT the same as git\'s (below)'}; interdiff ${compared.deltas.length} files; fresh cache each run`])
  const [appCompare] = await medianOf(async () => {
    const repos = open()
    return await compareRevisions(gitFs, repos.gitdir(record.rid), { base, oid: head1 }, { base, oid: head2 }, { cache: repos.cache(record.rid), readObject: objectReader(repos, record.rid) })
  })
  rows.push(['revision compare: compareRevisions, the app\'s pack reader', appCompare, gitCompare, 'a fresh Repos each run'])

  // a rebase: every commit new, each one's patch id from its lines
  const [gitRebased, rebasedDiff] = gitMedian(gitdir, ['range-diff', '--no-color', `${base}..${head1}`, `${target}..${head3}`], true)
  const [appRebased, rebased] = await medianOf(async () => {
    const repos = open()
    return await compareRevisions(gitFs, repos.gitdir(record.rid), { base, oid: head1 }, { base: target, oid: head3 }, { cache: repos.cache(record.rid), readObject: objectReader(repos, record.rid) })
  })
  const rebasedAgree = ourPairs(rebased).join() === gitPairs(rebasedDiff, oids).join()
  if (!rebasedAgree) notes.push(`range-diff pairs differ (rebased):\n  ours: ${ourPairs(rebased).join('\n        ')}\n  git:  ${gitPairs(rebasedDiff, oids).join('\n        ')}`)
  rows.push(['revision compare, revision 1 rebased onto the moved target: the app\'s pack reader', appRebased, gitRebased, `vs git range-diff base..head1 target..head3; ${rebased.commits.filter(p => p.same).length} of ${rebased.commits.length} pairs =, ${rebasedAgree ? 'the same as git\'s' : 'NOT the same as git\'s (below)'}; baseMoved ${String(rebased.baseMoved)}, interdiff ${rebased.deltas.length} files (upstream's other ${SHAPE.upstream} files left out)`])

  // ---- (c) merge: planMerge is another part's (src/repo/merge-plan.ts); measured when it is there
  const mergePlan = join(benchDir, '..', 'src', 'repo', 'merge-plan.ts')
  if (fs.existsSync(mergePlan)) {
    const { planMerge } = await import(pathToFileURL(mergePlan).href) as { planMerge: (fs: GitFs, gitdir: string, ours: string, theirs: string, opts?: { cache?: object }) => Promise<{ kind: string, tree?: string, conflicts: string[] }> }
    const [gitMerge, mergeOut] = gitMedian(gitdir, ['merge-tree', '--write-tree', target, head1], true)
    const [ourMerge, plan] = await medianOf(async () => await planMerge(gitFs, gitdir, target, head1, { cache: {} }))
    const gitTree = mergeOut.split('\n')[0].trim()
    rows.push(['merge: planMerge (MERGE ROW)', ourMerge, gitMerge, `vs git merge-tree --write-tree target head1; ours ${plan.kind}${plan.tree != null ? ` ${plan.tree.slice(0, 10)}` : ''}, git ${gitTree.slice(0, 10)}: ${plan.tree === gitTree ? 'the same tree' : 'NOT the same tree'}`])
  } else {
    notes.push('merge row skipped: src/repo/merge-plan.ts is not in this checkout (another part writes it)')
  }

  // ---- anchors on a real history
  if (fs.existsSync(REAL_REPO)) {
    const t = performance.now()
    const a = await realAnchors(REAL_REPO)
    const pct = (x: number): string => `${(x / a.comments * 100).toFixed(0)}%`
    notes.push(`anchors on ${REAL_REPO} (${REAL_COMMITS} first-parent commits; revision 1 = one commit, revision 2 = ${REAL_LATER} commits further on the same base): ${a.comments} comments (every line of revision 1's diffs, and every 3-line window) in ${a.files} files: ${a.kept} kept (${pct(a.kept)}), ${a.moved} moved (${pct(a.moved)}), ${a.outdated} outdated (${pct(a.outdated)}); carried onto other text: ${a.wrong}; carry ${ms(a.carryMs / a.comments * 1000)} µs a comment (${ms(a.carryMs)} ms in all; ${((performance.now() - t) / 1000).toFixed(1)} s with git reading)`)
    if (a.wrong > 0) process.exitCode = 1
  } else {
    notes.push(`anchors on a real history skipped: no ${REAL_REPO} (set PATCHES_REPO to a bare clone)`)
  }

  // --profile: where one more run of the app's paths spends its time, by function
  if (process.argv.includes('--profile')) {
    const runs: Array<[string, () => Promise<unknown>]> = [
      ['page open (app)', async () => await pageOpenApp(open(), record.rid, base, head1)],
      ['revision compare (app)', async () => { const repos = open(); return await compareRevisions(gitFs, repos.gitdir(record.rid), { base, oid: head1 }, { base, oid: head2 }, { cache: repos.cache(record.rid), readObject: objectReader(repos, record.rid) }) }]
    ]
    for (const [what, run] of runs) {
      const p = await profiled(run, { top: 15 })
      console.log(`\n${what}, ${ms(p.totalMs)} ms profiled; self time by function:`)
      for (const x of p.hot) console.log(`  ${ms(x.selfMs).padStart(8)} ms ${(x.share * 100).toFixed(1).padStart(5)}%  ${x.name}`)
    }
  }

  const load = execFileSync('uptime').toString().trim()
  rmSync(h.dir, { recursive: true, force: true })
  rmSync(root, { recursive: true, force: true })
  console.log('')
  console.log(`Node ${process.version}, git ${execFileSync('git', ['--version']).toString().trim().replace('git version ', '')}; median of ${RUNS}; CPU: this process's (process.cpuUsage), git's from GNU time (10 ms steps)`)
  console.log(`load: ${load}`)
  console.log('')
  console.log('| measure | ours wall | ours CPU | git wall | git CPU | wall ratio | CPU ratio | note |')
  console.log('|---|---:|---:|---:|---:|---:|---:|---|')
  for (const [what, o, g, note] of rows) console.log(`| ${what} | ${ms(o.wall)} ms | ${cpuText(o)} | ${g == null ? '' : `${ms(g.wall)} ms`} | ${g == null ? '' : cpuText(g)} | ${ratio(o.wall, g?.wall)} | ${ratio(o.cpu, g?.cpu)} | ${note} |`)
  for (const n of notes) console.log(`\n${n}`)
}

await main()
