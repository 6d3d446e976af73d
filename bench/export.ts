// Benchmark: exporting a repository as a bundle with our code
// (Repos.exportBundle on Node's fs, the code the tab runs) against
// `git bundle create --all` on the same git directory, in the same run,
// runs interleaved. The repositories: preact's real history (from the
// mirror, if it is here) and a generated one (bench/lib/make-repo.ts), each
// imported through Repos.importBundle first, so each is held as Guts holds
// it. It is a measurement, not a test: it exits 0 whether or not the target
// (ours at most 2x git's time, size within 1.2x) is met.
//
//   node --import tsx bench/export.ts [--big] [--runs N] [--gitdir DIR]...
//   (or: npm run bench:export)
//
// Wall time is the target; CPU time (user + system, ours from
// process.cpuUsage, git's from /usr/bin/time over its process tree) is
// printed beside it, as a shared machine stretches wall time unevenly.
import '../relay/polyfills.js'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { MemoryRepoIndex } from '../src/repo/repo-index.js'
import { Repos } from '../src/repo/repos.js'
import { BIG, DEFAULT_SHAPE, makeRepo } from './lib/make-repo.js'
import { mb, median, seconds } from './lib/measure.js'
import type { GitFs } from '../src/repo/fs.js'

const TIME_TARGET = 2
const SIZE_TARGET = 1.2
const PREACT = '/work/.mirror/preactjs+preact/repo'

const args = process.argv.slice(2)
const flag = (name: string): string | undefined => { const i = args.indexOf(name); return i < 0 ? undefined : args[i + 1] }
const runs = Number(flag('--runs') ?? 5)
const benchDir = path.dirname(fileURLToPath(import.meta.url))
const projectDir = path.dirname(benchDir)
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'guts-bench-export-'))

interface Source { name: string, bundle: string }

function git (cwd: string, ...argv: string[]): string {
  const r = spawnSync('git', argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 })
  if (r.status !== 0) throw new Error(`git ${argv.join(' ')}: ${r.stderr}`)
  return r.stdout
}

/** A bundle of a git directory's branches and tags (a mirror's pull refs left out: Guts holds branches and tags). */
function bundleOf (gitdir: string, name: string): string {
  const file = path.join(work, `${name}-source.bundle`)
  const refs = git(gitdir, '--git-dir', gitdir, 'for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/tags')
  const r = spawnSync('git', ['--git-dir', gitdir, 'bundle', 'create', '-q', file, '--stdin'], { input: refs, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`git bundle create: ${r.stderr}`)
  return file
}

const sources: Source[] = []
const given = args.flatMap((a, i) => a === '--gitdir' ? [args[i + 1]] : [])
for (const dir of given) sources.push({ name: path.basename(dir.replace(/\/(\.git|repo)$/, '')), bundle: bundleOf(dir, `given${sources.length}`) })
if (given.length === 0 && fs.existsSync(PREACT)) sources.push({ name: 'preact (real history)', bundle: bundleOf(PREACT, 'preact') })
if (given.length === 0) {
  const shape = args.includes('--big') ? BIG : DEFAULT_SHAPE
  const repo = await makeRepo(benchDir, path.join(projectDir, 'node_modules'), { shape, log: (s) => console.log(s) })
  sources.push({ name: `generated (${shape.name})`, bundle: repo.bundle })
}

const root = path.join(work, 'repos')
fs.mkdirSync(root, { recursive: true })
const repos = new Repos({
  fs: fs as unknown as GitFs,
  index: new MemoryRepoIndex(),
  key: await generateKeyPair('Ed25519'),
  root,
  author: () => ({ name: 'bench', email: 'bench@example.org' })
})

interface Row { name: string, objects: number, packs: number, git: { ms: number[], cpu: number[], bytes: number }, ours: { ms: number[], cpu: number[], bytes: number, phases: string }, verified: string }
const rows: Row[] = []

for (const source of sources) {
  const t0 = performance.now()
  const record = await repos.importBundle(new Uint8Array(fs.readFileSync(source.bundle)), { name: 'bench' })
  const gitdir = repos.gitdir(record.rid)
  const objects = Number(git(gitdir, '--git-dir', gitdir, 'count-objects', '-v').match(/in-pack: (\d+)/)?.[1] ?? 0)
  const packs = fs.readdirSync(path.join(gitdir, 'objects', 'pack')).filter(f => f.endsWith('.pack')).length
  console.log(`${source.name}: imported in ${seconds(performance.now() - t0)} s: ${objects} objects in ${packs} pack(s), ${Object.keys(record.signedRefs.refs).length} refs`)
  const row: Row = { name: source.name, objects, packs, git: { ms: [], cpu: [], bytes: 0 }, ours: { ms: [], cpu: [], bytes: 0, phases: '' }, verified: '' }
  const gitFile = path.join(work, 'git.bundle')
  const ourFile = path.join(work, 'ours.bundle')
  for (let i = 0; i < runs; i++) {
    // git: the whole command, as a user would run it (its process start included)
    fs.rmSync(gitFile, { force: true })
    const g = timed(gitdir, ['git', '--git-dir', gitdir, 'bundle', 'create', '-q', gitFile, '--all'])
    row.git.ms.push(g.ms)
    row.git.cpu.push(g.cpu)
    row.git.bytes = fs.statSync(gitFile).size
    // ours: the export, and the file written, as the tab hands it to a download
    fs.rmSync(ourFile, { force: true })
    const phases: Array<[string, number]> = []
    let phase = ''
    const start = performance.now()
    const cpu0 = process.cpuUsage()
    const bytes = await repos.exportBundle(record.rid, {
      onProgress: (p) => { if (p.phase !== phase) { phase = p.phase; phases.push([phase, performance.now()]) } }
    })
    fs.writeFileSync(ourFile, bytes)
    const end = performance.now()
    const cpu = process.cpuUsage(cpu0)
    row.ours.ms.push(end - start)
    row.ours.cpu.push((cpu.user + cpu.system) / 1000)
    row.ours.bytes = bytes.length
    row.ours.phases = phases.map(([name, at], j) => `${name} ${seconds((phases[j + 1]?.[1] ?? end) - at)} s`).join(', ')
    console.log(`  run ${i + 1}: git ${seconds(g.ms)} s (cpu ${seconds(g.cpu)}), ours ${seconds(end - start)} s (cpu ${seconds((cpu.user + cpu.system) / 1000)}): ${row.ours.phases}`)
  }
  // ours is a bundle git takes, of the same objects as git's own
  git(gitdir, '--git-dir', gitdir, 'bundle', 'verify', '-q', ourFile)
  const clone = path.join(work, 'clone.git')
  fs.rmSync(clone, { recursive: true, force: true })
  git(work, 'clone', '-q', '--mirror', ourFile, clone)
  git(clone, '--git-dir', clone, 'fsck', '--full', '--no-dangling')
  const same = git(clone, '--git-dir', clone, 'rev-list', '--objects', '--all').split('\n').sort().join('\n') === git(gitdir, '--git-dir', gitdir, 'rev-list', '--objects', '--all').split('\n').sort().join('\n')
  row.verified = same ? 'bundle verify, clone, fsck: OK; same objects' : 'MISMATCH in rev-list --objects --all'
  fs.rmSync(clone, { recursive: true, force: true })
  rows.push(row)
}
fs.rmSync(work, { recursive: true, force: true })

console.log()
table([
  ['repository', 'objects', `git bundle create --all (median of ${runs})`, `ours, Repos.exportBundle (median of ${runs})`, 'time ours/git', 'cpu ours/git', 'size ours/git'],
  ...rows.map(r => {
    const g = median(r.git.ms)
    const o = median(r.ours.ms)
    return [r.name, String(r.objects), `${seconds(g)} s (cpu ${seconds(median(r.git.cpu))}), ${mb(r.git.bytes)} MB`, `${seconds(o)} s (cpu ${seconds(median(r.ours.cpu))}), ${mb(r.ours.bytes)} MB`,
      (o / g).toFixed(2), (median(r.ours.cpu) / median(r.git.cpu)).toFixed(2), (r.ours.bytes / r.git.bytes).toFixed(3)]
  })
])
console.log()
for (const r of rows) {
  const t = median(r.ours.ms) / median(r.git.ms)
  const s = r.ours.bytes / r.git.bytes
  console.log(`${r.name}: ${r.verified}; last run's phases: ${r.ours.phases}`)
  console.log(`  target (time ≤${TIME_TARGET}x, size ≤${SIZE_TARGET}x git's): ${t <= TIME_TARGET && s <= SIZE_TARGET ? 'met' : 'not met'} (${t.toFixed(2)}x, ${s.toFixed(3)}x)`)
}
console.log(`load average while it ran: ${os.loadavg().map(l => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`)

/** Wall and CPU time of a command; CPU from GNU time (the kernel's rusage, children included) when it is there. */
function timed (cwd: string, argv: string[]): { ms: number, cpu: number } {
  const hasTime = fs.existsSync('/usr/bin/time')
  const cmd = hasTime ? ['/usr/bin/time', '-f', '%U %S', ...argv] : argv
  const start = performance.now()
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd, encoding: 'utf8' })
  const ms = performance.now() - start
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`)
  const last = r.stderr.trim().split('\n').pop() ?? ''
  const [u, s] = last.split(' ').map(Number)
  return { ms, cpu: hasTime ? (u + s) * 1000 : NaN }
}

function table (rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map(r => (r[c] ?? '').length)))
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd())
}
