// Benchmark: indexing the pack of the benchmark bundle with our indexer
// (src/repo/pack/index-pack.ts, in memory, pako + JS SHA-1) against
// `git index-pack --stdin` on the same pack bytes, in the same run on the
// same machine. Each of our runs is a fresh Node process, so its peak memory
// is the indexing's. A measurement, not a test: it exits 0 either way.
//
//   node --import tsx bench/pack-index.ts [runs]
//
// Needs the bundle bench/import.ts generates (npm run bench:import).
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'
import { indexPack, PackError } from '../src/repo/pack/index-pack.js'
import type { InflateFn } from '../src/repo/pack/index-pack.js'

interface ChildResult {
  ms: number
  /** process.resourceUsage().maxRSS after indexing, KB */
  maxRssKB: number
  /** RSS with the pack read and modules loaded, before indexing, KB */
  rssBeforeKB: number
  /** CPU time (user + system, all threads) while indexing */
  cpuMs: number
  objects: number
  /** SHA-1 of the .idx we wrote, to compare with git's */
  idxHash: string
}

const benchDir = path.dirname(fileURLToPath(import.meta.url))
const GNU_TIME = '/usr/bin/time'

/** The pack inside a git bundle: it starts after the header's blank line. */
function packOfBundle (bytes: Uint8Array): Uint8Array {
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] === 0x0a && bytes[i + 1] === 0x0a) return bytes.subarray(i + 2)
  }
  throw new Error('no blank line in the bundle: not a bundle?')
}

/** node:zlib as the inflater: for comparison only, as the browser has no such thing. */
const nodeInflate: InflateFn = (input, start, limit, size) => {
  let r: { buffer: Buffer, engine: { bytesWritten: number } }
  try {
    r = zlib.inflateSync(input.subarray(start, limit), { info: true, maxOutputLength: Math.max(size, 1) }) as any
  } catch (err: any) {
    throw new PackError(`object at offset ${start}: ${err.message}`)
  }
  if (r.buffer.length !== size) throw new PackError(`object at offset ${start} inflates to ${r.buffer.length} bytes, its header says ${size}`)
  return { data: r.buffer, end: start + r.engine.bytesWritten }
}

// ---- child: one indexing, then report

if (process.argv[2] === '--child') {
  const [, , , bundle, inflater] = process.argv
  const pack = packOfBundle(new Uint8Array(fs.readFileSync(bundle)))
  const rssBeforeKB = Math.round(process.memoryUsage.rss() / 1024)
  const start = performance.now()
  const cpu = process.cpuUsage()
  const result = await indexPack(pack, { inflate: inflater === 'node' ? nodeInflate : undefined })
  const ms = performance.now() - start
  const cpuUsed = process.cpuUsage(cpu)
  const out: ChildResult = {
    ms,
    cpuMs: (cpuUsed.user + cpuUsed.system) / 1000,
    maxRssKB: process.resourceUsage().maxRSS,
    rssBeforeKB,
    objects: result.oids.length,
    idxHash: crypto.createHash('sha1').update(result.idx).digest('hex')
  }
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`)
} else {
  await main()
}

// ---- parent

async function main (): Promise<void> {
  const runs = Number(process.argv[2] ?? 5)
  const cacheDir = path.join(benchDir, '.cache')
  const bundle = fs.existsSync(cacheDir)
    ? fs.readdirSync(cacheDir).map(d => path.join(cacheDir, d, 'repo.bundle')).find(f => fs.existsSync(f))
    : undefined
  if (bundle == null) {
    console.error('no bench/.cache/*/repo.bundle: run `npm run bench:import` once to make it')
    process.exit(1)
  }
  const pack = packOfBundle(new Uint8Array(fs.readFileSync(bundle)))
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-index-bench-'))
  process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true })) // also when a run fails
  const packFile = path.join(tmp, 'in.pack')
  fs.writeFileSync(packFile, pack)
  console.log(`pack:   ${mb(pack.length)} MB from ${path.relative(process.cwd(), bundle)}`)
  console.log(`memory: ours = the child's process.resourceUsage().maxRSS; git = ${fs.existsSync(GNU_TIME) ? '/usr/bin/time %M' : 'unknown (no /usr/bin/time)'}`)
  console.log()

  // interleaved (git, ours with pako, ours with node:zlib, git, ...) so that
  // a machine that gets busier or quieter mid-benchmark affects all alike.
  // git: a fresh bare repository per run, the pack on stdin; ours: a fresh
  // Node process per run
  const script = fileURLToPath(import.meta.url)
  const gitRuns: Array<{ ms: number, cpuMs?: number, rssKB?: number }> = []
  const ours: Record<string, ChildResult[]> = { pako: [], 'node:zlib': [] }
  let gitIdxHash: string | undefined
  for (let i = 0; i < runs; i++) {
    const repo = path.join(tmp, `git-${i}.git`)
    await run('git', ['init', '-q', '--bare', repo])
    const r = await run('git', ['-C', repo, 'index-pack', '--stdin'], { stdinFile: packFile, time: true })
    gitRuns.push({ ms: r.ms, cpuMs: r.cpuMs, rssKB: r.rssKB })
    const dir = path.join(repo, 'objects', 'pack')
    gitIdxHash = crypto.createHash('sha1').update(fs.readFileSync(path.join(dir, fs.readdirSync(dir).find(f => f.endsWith('.idx'))!))).digest('hex')
    fs.rmSync(repo, { recursive: true, force: true })
    console.log(`run ${i + 1}: git               ${seconds(r.ms)} s (cpu ${seconds(r.cpuMs ?? NaN)} s), peak ${kb(r.rssKB)} MB`)

    for (const inflater of ['pako', 'node:zlib']) {
      const c = await run(process.execPath, ['--import', 'tsx', script, '--child', bundle, inflater === 'pako' ? 'pako' : 'node'])
      const line = c.stdout.split('\n').find(l => l.startsWith('RESULT '))
      if (line == null) throw new Error(`the child printed no result:\n${c.stdout}\n${c.stderr}`)
      const result = JSON.parse(line.slice('RESULT '.length)) as ChildResult
      ours[inflater].push(result)
      const same = result.idxHash === gitIdxHash
      console.log(`run ${i + 1}: ours, ${inflater.padEnd(9)}  ${seconds(result.ms)} s (cpu ${seconds(result.cpuMs)} s), peak ${kb(result.maxRssKB)} MB ` +
        `(${kb(result.rssBeforeKB)} MB before), ${result.objects} objects, idx ${same ? 'identical to git\'s' : 'DIFFERS from git\'s'}`)
    }
  }

  const gitMs = median(gitRuns.map(r => r.ms))
  const gitCpuMs = median(gitRuns.map(r => r.cpuMs ?? NaN))
  console.log()
  table([
    ['', 'time (median)', 'ratio', 'cpu (median)', 'ratio', 'peak RSS (max)', 'RSS growth (median)', 'growth / pack'],
    ['git index-pack --stdin', `${seconds(gitMs)} s`, '1.00', `${seconds(gitCpuMs)} s`, '1.00', `${kb(maxOf(gitRuns.map(r => r.rssKB)))} MB`, '', ''],
    ...Object.entries(ours).map(([name, rs]) => {
      const ms = median(rs.map(r => r.ms))
      const cpuMs = median(rs.map(r => r.cpuMs))
      const peak = Math.max(...rs.map(r => r.maxRssKB))
      const growth = median(rs.map(r => r.maxRssKB - r.rssBeforeKB))
      return [`ours, ${name}${name === 'pako' ? ' (default)' : ''}`, `${seconds(ms)} s`, (ms / gitMs).toFixed(2), `${seconds(cpuMs)} s`, (cpuMs / gitCpuMs).toFixed(2),
        `${kb(peak)} MB`, `${kb(growth)} MB`, (growth * 1024 / pack.length).toFixed(1)]
    })
  ])
  console.log('(ours: peak RSS is process.resourceUsage().maxRSS of the child, which holds the bundle and Node itself;')
  console.log(' growth is that peak minus the RSS just before indexing. cpu counts all threads, user + system.)')
}

// ---- helpers

async function run (cmd: string, args: string[], opts: { stdinFile?: string, time?: boolean } = {}): Promise<{ ms: number, cpuMs?: number, rssKB?: number, stdout: string, stderr: string }> {
  const timeFile = path.join(os.tmpdir(), `pack-index-time-${Math.random().toString(36).slice(2)}`)
  const timed = opts.time === true && fs.existsSync(GNU_TIME)
  const [file, argv] = timed ? [GNU_TIME, ['-o', timeFile, '-f', '%M %U %S', cmd, ...args]] : [cmd, args]
  const stdin = opts.stdinFile != null ? fs.openSync(opts.stdinFile, 'r') : 'ignore'
  const start = performance.now()
  const child = spawn(file, argv, { stdio: [stdin, 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (s: string) => { stdout += s })
  child.stderr!.setEncoding('utf8').on('data', (s: string) => { stderr += s })
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', c => resolve(c ?? -1))
  })
  const ms = performance.now() - start
  if (typeof stdin === 'number') fs.closeSync(stdin)
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${code}\n${stderr}`)
  let rssKB: number | undefined
  let cpuMs: number | undefined
  if (timed) {
    // the last line: GNU time may write a "Command exited..." line before it
    const lines = fs.readFileSync(timeFile, 'utf8').trim().split('\n')
    const [maxRss, user, system] = lines[lines.length - 1].split(' ').map(Number)
    rssKB = maxRss
    cpuMs = (user + system) * 1000
    fs.rmSync(timeFile, { force: true })
  }
  return { ms, cpuMs, rssKB, stdout, stderr }
}

function median (xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

function maxOf (xs: Array<number | undefined>): number | undefined {
  const known = xs.filter((x): x is number => x != null)
  return known.length === 0 ? undefined : Math.max(...known)
}

function mb (bytes: number): string { return (bytes / 1024 / 1024).toFixed(1) }
function seconds (ms: number): string { return (ms / 1000).toFixed(2) }
function kb (k: number | undefined): string { return k == null ? '?' : (k / 1024).toFixed(0) }

function table (rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map(r => (r[c] ?? '').length)))
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd())
}
