// Benchmark: importing a git bundle with our code (isomorphic-git on Node's
// fs, through Repos.importBundle) against `git clone --mirror` of the same
// bundle, in the same run on the same machine. Reports time, peak memory and
// where our time goes. It is a measurement, not a test: it exits 0 whether
// or not the target (ours at most 3x git's time) is met.
//
//   node --import tsx bench/import.ts      (or: npm run bench:import)
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseBundleHeader } from '../src/core/bundle.js'
import { makeRepo, reachableObjects } from './lib/make-repo.js'
import { mb, measure, median, memoryMethod, seconds } from './lib/measure.js'
import type { ChildResult } from './lib/import-child.js'

const RUNS = 3
const TARGET_RATIO = 3

const benchDir = path.dirname(fileURLToPath(import.meta.url))
const projectDir = path.dirname(benchDir)
const runsDir = path.join(benchDir, '.cache', 'runs')

// ---- 1. the repository and its bundle

const t0 = performance.now()
const repo = await makeRepo(benchDir, path.join(projectDir, 'node_modules'))
const bundleBytes = fs.readFileSync(repo.bundle)
const packBytes = bundleBytes.length - parseBundleHeader(bundleBytes).packOffset
const types = ['commit', 'tree', 'blob', 'tag'].map(t => `${repo.types[t] ?? 0} ${t}s`).join(', ')
console.log(`repository: ${repo.objects} objects (${types}), ${repo.files} source files (${mb(repo.sourceBytes)} MB of text)` +
  ` — ${repo.cached ? 'cached' : `generated in ${seconds(performance.now() - t0)} s`}`)
console.log(`            ${repo.commits} commits on ${repo.refs.join(', ')}`)
console.log(`bundle:     ${mb(repo.bundleBytes)} MB (pack ${mb(packBytes)} MB)  ${path.relative(projectDir, repo.bundle)}`)
console.log(`memory:     ${memoryMethod}`)
console.log()

// ---- 2. stock git

fs.rmSync(runsDir, { recursive: true, force: true })
fs.mkdirSync(runsDir, { recursive: true })
const gitRuns: Array<{ ms: number, rssKB?: number }> = []
for (let i = 0; i < RUNS; i++) {
  const out = path.join(runsDir, 'git-clone.git')
  fs.rmSync(out, { recursive: true, force: true }) // a fresh target every run
  const r = await measure('git', ['clone', '--mirror', '-q', repo.bundle, out])
  gitRuns.push({ ms: r.wallMs, rssKB: r.peakRssKB })
  console.log(`git  run ${i + 1}: ${seconds(r.wallMs)} s, peak ${kbToMb(r.peakRssKB)} MB`)
}
fs.rmSync(path.join(runsDir, 'git-clone.git'), { recursive: true, force: true })

// ---- 3. ours, each run in a fresh Node process

const childScript = path.join(benchDir, 'lib', 'import-child.ts')
const ourRuns: Array<{ processMs: number, result: ChildResult }> = []
for (let i = 0; i < RUNS; i++) {
  const root = path.join(runsDir, 'ours')
  fs.rmSync(root, { recursive: true, force: true })
  fs.mkdirSync(root, { recursive: true }) // Repos wants its root to exist
  const r = await measure(process.execPath, ['--import', 'tsx', childScript, repo.bundle, root], { cwd: projectDir })
  const line = r.stdout.split('\n').find(l => l.startsWith('RESULT '))
  if (line == null) throw new Error(`the import child printed no result:\n${r.stdout}\n${r.stderr}`)
  const result = JSON.parse(line.slice('RESULT '.length)) as ChildResult
  // peak memory is the child's own maxRSS: the process tree would also count
  // the esbuild service tsx starts, which is not part of the import
  ourRuns.push({ processMs: r.wallMs, result })
  console.log(`ours run ${i + 1}: ${seconds(result.importMs)} s import, ${seconds(r.wallMs)} s whole process, peak ${kbToMb(result.maxRssKB)} MB`)
}

// ---- verification: the same objects as the source repository, once

const last = ourRuns[ourRuns.length - 1].result
const same = JSON.stringify(reachableObjects(last.gitdir)) === JSON.stringify(reachableObjects(repo.gitdir))
fs.rmSync(runsDir, { recursive: true, force: true })

// ---- 4. the report

const gitMs = median(gitRuns.map(r => r.ms))
const oursMs = median(ourRuns.map(r => r.result.importMs))
const oursProcessMs = median(ourRuns.map(r => r.processMs))
const gitPeakKB = maxOf(gitRuns.map(r => r.rssKB))
const oursPeakKB = Math.max(...ourRuns.map(r => r.result.maxRssKB))
const oursBaseKB = median(ourRuns.map(r => r.result.rssBeforeKB))
const ratio = oursMs / gitMs

console.log()
console.log(`verify: ours rev-list --all --objects vs source: ${same ? 'OK' : 'MISMATCH'}`)
console.log()
table([
  ['', 'git clone --mirror', 'ours (importBundle)'],
  [`time, median of ${RUNS}`, `${seconds(gitMs)} s`, `${seconds(oursMs)} s (whole process ${seconds(oursProcessMs)} s)`],
  ['ratio ours / git', '1.00', ratio.toFixed(2)],
  [`peak RSS, max of ${RUNS}`, `${kbToMb(gitPeakKB)} MB`, `${kbToMb(oursPeakKB)} MB (${kbToMb(oursBaseKB)} MB before the import)`],
  ['peak RSS / pack size', gitPeakKB == null ? '?' : (gitPeakKB * 1024 / packBytes).toFixed(1), (oursPeakKB * 1024 / packBytes).toFixed(1)],
  ['bundle / pack size', `${mb(repo.bundleBytes)} MB / ${mb(packBytes)} MB`, '']
])
console.log()
console.log(`ours by phase (run with the median import time; RSS sampled at progress reports):`)
const mid = ourRuns.find(r => r.result.importMs === oursMs) ?? ourRuns[0]
table([
  ['phase', 'time', 'share', 'peak RSS'],
  ...mid.result.phases.map(p => [p.phase, `${seconds(p.ms)} s`, `${(100 * p.ms / mid.result.importMs).toFixed(0)}%`, `${kbToMb(p.peakRssKB)} MB`])
])
console.log('(the last phase also includes signing and writing the refs, which reports no phase of its own)')
console.log()
console.log(`target (≤${TARGET_RATIO}x git): ${ratio <= TARGET_RATIO ? 'met' : 'not met'} (${ratio.toFixed(1)}x)`)

// ---- helpers

function kbToMb (kb: number | undefined): string { return kb == null ? '?' : (kb / 1024).toFixed(0) }

function maxOf (xs: Array<number | undefined>): number | undefined {
  const known = xs.filter((x): x is number => x != null)
  return known.length === 0 ? undefined : Math.max(...known)
}

function table (rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map(r => (r[c] ?? '').length)))
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd())
}
