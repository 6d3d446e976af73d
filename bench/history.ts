// Blame and file history against the stock git CLI, in the same run:
// `git blame --porcelain <rev> -- <file>` and `git log --topo-order
// --format=%H <rev> -- <path>`, on preact (a real history of 15,000 commits)
// and on a generated file of 2,000 lines edited by 500 commits. Each answer
// is checked against git's before it is timed.
//
// cold: a fresh object store and memo (packs read from disk, nothing known);
// warm: the same store and memo again (packs in memory, commit headers and
// path lookups known, and for blame the line maps of every pair of versions
// it diffed: what the tab has after a first walk, as when it blames at a
// commit's parent; the app also keeps each answer, which costs nothing to
// show again and is not timed here); re-diff (blame only): warm but without
// the line maps, so every version is read, split and diffed again.
// git: the median of 3 runs (the OS has its files cached after the first).
//
//   node --import tsx bench/history.ts [--repo <bare gitdir>]
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { mulberry32 } from '../test/fixtures/prng.js'
import { blameIn } from '../src/repo/blame.js'
import { openObjectStore } from '../src/repo/object-files.js'
import { pathHistoryIn } from '../src/repo/path-history.js'
import { HistoryMemo } from '../src/repo/path-history-reader.js'
import { measure } from './lib/measure.js'
import type { GitFs } from '../src/repo/fs.js'
import type { ObjectStore } from '../src/repo/pack/object-store.js'

const args = process.argv.slice(2)
const at = args.indexOf('--repo')
const PREACT = at >= 0 ? args[at + 1] : '/work/.mirror/preactjs+preact/repo'
const TARGET = 3

/** A file of 2,000 lines and 500 commits editing it (a few lines each, now and then a block moved), made once. */
function generated (): string {
  const dir = path.join(path.dirname(new URL(import.meta.url).pathname), '.cache', 'history-gen-v1.git')
  if (fs.existsSync(path.join(dir, 'made'))) return dir
  fs.rmSync(dir, { recursive: true, force: true })
  execFileSync('git', ['init', '-q', '--bare', dir])
  const rand = mulberry32(2000)
  const word = (): string => ['const', 'return', 'if', 'value', 'next', 'item', '}', '{', 'await', 'render'][Math.floor(rand() * 10)]
  const line = (): string => ' '.repeat(2 * Math.floor(rand() * 4)) + Array.from({ length: 1 + Math.floor(rand() * 6) }, word).join(' ')
  let lines = Array.from({ length: 2000 }, line)
  let stream = ''
  const enc = new TextEncoder()
  for (let c = 1; c <= 500; c++) {
    if (c > 1) {
      for (let n = 1 + Math.floor(rand() * 5); n > 0; n--) {
        const i = Math.floor(rand() * lines.length)
        const k = rand()
        if (k < 0.5) lines[i] = line()
        else if (k < 0.7) lines.splice(i, 0, ...Array.from({ length: 1 + Math.floor(rand() * 4) }, line))
        else if (k < 0.9) lines.splice(i, 1 + Math.floor(rand() * 3))
        else { const block = lines.splice(i, 10); lines.splice(Math.floor(rand() * lines.length), 0, ...block) }
      }
      while (lines.length < 1990) lines.push(line())
      if (lines.length > 2010) lines = lines.slice(0, 2000)
    }
    const text = lines.join('\n') + '\n'
    const msg = `edit ${c}\n`
    const t = 1_600_000_000 + c * 3600
    stream += `commit refs/heads/main\ncommitter Bench <b@example.org> ${t} +0000\ndata ${enc.encode(msg).length}\n${msg}`
    stream += `M 100644 inline big.ts\ndata ${enc.encode(text).length}\n${text}\n`
  }
  const r = spawnSync('git', ['--git-dir', dir, 'fast-import', '--quiet'], { input: stream })
  if (r.status !== 0) throw new Error(`fast-import failed: ${r.stderr.toString()}`)
  execFileSync('git', ['--git-dir', dir, 'repack', '-a', '-d', '-q'])
  fs.writeFileSync(path.join(dir, 'made'), '')
  return dir
}

interface Case { repo: string, label: string, kind: 'blame' | 'history', rev: string, path: string }

const open = async (gitdir: string): Promise<ObjectStore> => await openObjectStore(fs as unknown as GitFs, gitdir)

async function ours (c: Case, store: ObjectStore, memo: HistoryMemo, start: string): Promise<string[]> {
  if (c.kind === 'blame') return (await blameIn(store, start, c.path, { memo })).lines.map(l => `${l.commit} ${l.line}`)
  return (await pathHistoryIn(store, start, c.path, { memo })).oids
}

function gitArgs (c: Case): string[] {
  return c.kind === 'blame'
    ? ['--git-dir', c.repo, 'blame', '--porcelain', c.rev, '--', c.path]
    : ['--git-dir', c.repo, 'log', '--topo-order', '--format=%H', c.rev, '--', c.path]
}

function gitAnswer (c: Case, out: string): string[] {
  if (c.kind === 'history') return out.split('\n').filter(l => l !== '')
  return out.split('\n').flatMap(l => { const m = /^([0-9a-f]{40}) (\d+) \d+/.exec(l); return m == null ? [] : [`${m[1]} ${m[2]}`] })
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function main (): Promise<void> {
  const gen = generated()
  const cases: Case[] = [
    { repo: PREACT, label: 'preact src/diff/index.js', kind: 'blame', rev: 'HEAD', path: 'src/diff/index.js' },
    { repo: PREACT, label: 'preact src/component.js', kind: 'blame', rev: 'HEAD', path: 'src/component.js' },
    { repo: PREACT, label: 'preact src/diff/index.js', kind: 'history', rev: 'HEAD', path: 'src/diff/index.js' },
    { repo: PREACT, label: 'preact src (folder)', kind: 'history', rev: 'HEAD', path: 'src' },
    { repo: PREACT, label: 'preact package.json', kind: 'history', rev: 'HEAD', path: 'package.json' },
    { repo: gen, label: 'generated big.ts (2,000 lines, 500 commits)', kind: 'blame', rev: 'main', path: 'big.ts' },
    { repo: gen, label: 'generated big.ts (2,000 lines, 500 commits)', kind: 'history', rev: 'main', path: 'big.ts' }
  ]
  console.log(`${os.cpus().length} cores, load ${os.loadavg().map(l => l.toFixed(1)).join(' ')}; git ${execFileSync('git', ['--version']).toString().trim()}\n`)
  const rows: string[][] = [['case', 'what', 'git ms', 'cold ms', 'warm ms', 're-diff ms', 'cold ×', 'warm ×', 're-diff ×', 'ok']]
  let failed = false
  for (const c of cases) {
    const start = execFileSync('git', ['--git-dir', c.repo, 'rev-parse', `${c.rev}^{commit}`]).toString().trim()
    const times: number[] = []
    let out = ''
    for (let i = 0; i < 3; i++) { const m = await measure('git', gitArgs(c)); times.push(m.wallMs); out = m.stdout }
    const want = gitAnswer(c, out)
    const gitMs = median(times)

    let t = performance.now()
    const store = await open(c.repo)
    const memo = new HistoryMemo()
    const got = await ours(c, store, memo, start)
    const cold = performance.now() - t
    t = performance.now()
    await ours(c, store, memo, start)
    const warm = performance.now() - t
    let rediff: number | undefined
    if (c.kind === 'blame') {
      const known = new HistoryMemo()
      for (const [k, v] of memo.commits) known.commits.set(k, v)
      for (const [k, v] of memo.lookups) known.lookups.set(k, v)
      t = performance.now()
      await ours(c, store, known, start)
      rediff = performance.now() - t
    }
    store.release()

    const same = got.length === want.length && got.every((g, i) => g === want[i])
    const ok = same && cold <= TARGET * gitMs && warm <= TARGET * gitMs && (rediff ?? 0) <= TARGET * gitMs
    if (!ok) failed = true
    const ms = (x: number | undefined): string => x == null ? '' : x.toFixed(0)
    const ratio = (x: number | undefined): string => x == null ? '' : (x / gitMs).toFixed(2)
    rows.push([c.label, c.kind, gitMs.toFixed(0), ms(cold), ms(warm), ms(rediff), ratio(cold), ratio(warm), ratio(rediff), same ? (ok ? 'yes' : `over ${TARGET}×`) : `DIFFERS (${got.length} vs ${want.length})`])
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)))
  for (const r of rows) console.log(r.map((v, i) => i < 2 ? v.padEnd(widths[i]) : v.padStart(widths[i])).join('  '))
  console.log(`\ntarget: within ${TARGET}× git, cold, warm and re-diff; every answer equal to git's`)
  if (failed) process.exitCode = 1
}

await main()
