// Benchmark: what SHA-1 collision detection (src/repo/pack/sha1dc.ts)
// costs the pack indexer. A real pack (every object of preact's bare clone, packed
// by `git pack-objects`) is indexed in memory by our
// indexer as it is (every object hashed with sha1dc) and with object-id.ts's
// hashing swapped back to plain SHA-1 (sha1.ts) by a module resolve hook,
// nothing else changed; `git index-pack --stdin` (git hashes with sha1dc
// too) on the same bytes for reference. Then the hashing alone, on every
// object's content. Each of our runs is a fresh Node process, interleaved
// with the others. A measurement, not a test: it exits 0 either way.
//
//   node --import tsx bench/sha1dc.ts [runs] [bare repository]
//
// (the repository defaults to /work/.mirror/preactjs+preact/repo)
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import { register } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { ObjectTypeName } from '../src/repo/pack/pack-reader.js'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const DEFAULT_REPO = '/work/.mirror/preactjs+preact/repo'
const GNU_TIME = '/usr/bin/time'

interface IndexResult { ms: number, cpuMs: number, objects: number, idxHash: string }
interface HashResult { plainMBs: number, dcMBs: number, bytes: number, objects: number }

/**
 * Makes object-id.ts import a plain-SHA-1 stand-in for sha1dc.js: the
 * indexer as it was before collision detection, everything else the same.
 */
function usePlainSha1 (): void {
  const sha1 = pathToFileURL(path.join(root, 'src/repo/pack/sha1.ts')).href
  const shim = 'data:text/javascript,' + encodeURIComponent(
    `import { sha1Into, sha1 } from ${JSON.stringify(sha1)};` +
    'export function sha1dcInto (prefix, p, body, out, at) { sha1Into(prefix, p, body, out, at); return false }' +
    'export function sha1dc (bytes) { return { hash: sha1(bytes), collision: false } }')
  const hook = 'data:text/javascript,' + encodeURIComponent(
    `export async function resolve (specifier, context, next) {
      if (specifier === './sha1dc.js' && context.parentURL != null && context.parentURL.includes('/src/repo/pack/object-id.')) return { url: ${JSON.stringify(shim)}, shortCircuit: true }
      return next(specifier, context)
    }`)
  register(hook)
}

// ---- children

const [, , mode, file] = process.argv
if (mode === '--index-plain' || mode === '--index-dc') {
  if (mode === '--index-plain') usePlainSha1()
  const { indexPack } = await import('../src/repo/pack/index-pack.js')
  const pack = new Uint8Array(fs.readFileSync(file))
  const start = performance.now()
  const cpu = process.cpuUsage()
  const result = await indexPack(pack)
  const ms = performance.now() - start
  const used = process.cpuUsage(cpu)
  const out: IndexResult = { ms, cpuMs: (used.user + used.system) / 1000, objects: result.oids.length, idxHash: crypto.createHash('sha1').update(result.idx).digest('hex') }
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`)
} else if (mode === '--hash') {
  const { hashObject, hashReceivedObject } = await import('../src/repo/pack/object-id.js')
  const objects = readBatch(new Uint8Array(fs.readFileSync(file)))
  const bytes = objects.reduce((n, o) => n + o.content.length, 0)
  const out = new Uint8Array(20)
  let plainMs = Infinity
  let dcMs = Infinity
  // alternately, best of 3 each: the machine is shared
  for (let r = 0; r < 3; r++) {
    let t = performance.now()
    for (const o of objects) hashObject(o.type, o.content, out, 0)
    plainMs = Math.min(plainMs, performance.now() - t)
    t = performance.now()
    for (const o of objects) if (hashReceivedObject(o.type, o.content, out, 0)) throw new Error('a collision in a real repository?')
    dcMs = Math.min(dcMs, performance.now() - t)
  }
  const result: HashResult = { plainMBs: bytes / 1e6 / (plainMs / 1000), dcMBs: bytes / 1e6 / (dcMs / 1000), bytes, objects: objects.length }
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`)
} else {
  await main()
}

/** `git cat-file --batch` output: `<id> <type> <size>\n<content>\n`, again and again. */
function readBatch (b: Uint8Array): Array<{ type: ObjectTypeName, content: Uint8Array }> {
  const out: Array<{ type: ObjectTypeName, content: Uint8Array }> = []
  let at = 0
  while (at < b.length) {
    const nl = b.indexOf(0x0a, at)
    const [, type, size] = new TextDecoder().decode(b.subarray(at, nl)).split(' ')
    const start = nl + 1
    out.push({ type: type as ObjectTypeName, content: b.subarray(start, start + Number(size)) })
    at = start + Number(size) + 1
  }
  return out
}

// ---- parent

async function main (): Promise<void> {
  const runs = Number(process.argv[2] ?? 5)
  const repo = process.argv[3] ?? DEFAULT_REPO
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sha1dc-bench-'))
  process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }))
  const packFile = path.join(tmp, 'all.pack')
  // every object it holds (not --all: a mirror's refs may name objects it lacks)
  await run('sh', ['-c', `git -C '${repo}' cat-file --batch-all-objects --batch-check='%(objectname)' | git -C '${repo}' pack-objects --stdout -q > '${packFile}'`])
  const batchFile = path.join(tmp, 'all.batch')
  await run('sh', ['-c', `git -C '${repo}' cat-file --batch-all-objects --batch > '${batchFile}'`])
  const packBytes = fs.statSync(packFile).size
  console.log(`pack: ${mb(packBytes)} MB, git pack-objects of every object in ${repo}; ${runs} runs of each, interleaved`)
  console.log()

  const script = fileURLToPath(import.meta.url)
  const gitMs: number[] = []
  const gitCpuMs: number[] = []
  const ours: Record<'plain' | 'dc', IndexResult[]> = { plain: [], dc: [] }
  let gitIdx = ''
  for (let i = 0; i < runs; i++) {
    const bare = path.join(tmp, `git-${i}.git`)
    await run('git', ['init', '-q', '--bare', bare])
    // GNU time for git's cpu (all its threads): on a shared machine, cpu compares better than wall time
    const timeFile = path.join(tmp, 'time')
    const timed = fs.existsSync(GNU_TIME)
    const g = timed
      ? await run(GNU_TIME, ['-o', timeFile, '-f', '%U %S', 'git', '-C', bare, 'index-pack', '--stdin'], packFile)
      : await run('git', ['-C', bare, 'index-pack', '--stdin'], packFile)
    gitMs.push(g.ms)
    if (timed) {
      const last = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop()!
      const [user, system] = last.split(' ').map(Number)
      gitCpuMs.push((user + system) * 1000)
    }
    const dir = path.join(bare, 'objects', 'pack')
    gitIdx = crypto.createHash('sha1').update(fs.readFileSync(path.join(dir, fs.readdirSync(dir).find(f => f.endsWith('.idx'))!))).digest('hex')
    fs.rmSync(bare, { recursive: true, force: true })
    const line = [`run ${i + 1}: git ${seconds(g.ms)} s (cpu ${gitCpuMs.length > i ? seconds(gitCpuMs[i]) : '?'} s)`]
    for (const kind of ['plain', 'dc'] as const) {
      const c = await run(process.execPath, ['--import', 'tsx', script, kind === 'plain' ? '--index-plain' : '--index-dc', packFile])
      const r = result<IndexResult>(c.stdout, c.stderr)
      ours[kind].push(r)
      line.push(`${kind === 'plain' ? 'plain SHA-1' : 'sha1dc'} ${seconds(r.ms)} s (cpu ${seconds(r.cpuMs)} s)${r.idxHash === gitIdx ? '' : ' (idx DIFFERS from git\'s)'}`)
    }
    console.log(line.join(', '))
  }
  const hashed = await run(process.execPath, ['--import', 'tsx', script, '--hash', batchFile])
  const h = result<HashResult>(hashed.stdout, hashed.stderr)

  const git = median(gitMs)
  const plain = median(ours.plain.map(r => r.ms))
  const dc = median(ours.dc.map(r => r.ms))
  console.log()
  const gitCpu = gitCpuMs.length > 0 ? median(gitCpuMs) : NaN
  const plainCpu = median(ours.plain.map(r => r.cpuMs))
  const dcCpu = median(ours.dc.map(r => r.cpuMs))
  const rate = (ms: number): string => (packBytes / 1e6 / (ms / 1000)).toFixed(1)
  table([
    ['indexing the pack', 'time (median)', 'MB/s of pack', 'ratio to git', 'cpu (median)', 'MB/s of pack per cpu s', 'ratio to git'],
    ['git index-pack --stdin (sha1dc)', `${seconds(git)} s`, rate(git), '1.00', `${seconds(gitCpu)} s`, rate(gitCpu), '1.00'],
    ['ours, plain SHA-1', `${seconds(plain)} s`, rate(plain), (plain / git).toFixed(2), `${seconds(plainCpu)} s`, rate(plainCpu), (plainCpu / gitCpu).toFixed(2)],
    ['ours, sha1dc (as shipped)', `${seconds(dc)} s`, rate(dc), (dc / git).toFixed(2), `${seconds(dcCpu)} s`, rate(dcCpu), (dcCpu / gitCpu).toFixed(2)]
  ])
  console.log(`sha1dc / plain SHA-1, whole indexing: ${(dc / plain).toFixed(2)}x the time, ${(dcCpu / plainCpu).toFixed(2)}x the cpu (+${seconds(dcCpu - plainCpu)} s); ${ours.dc[0].objects} objects`)
  console.log()
  console.log(`hashing alone, all ${h.objects} objects (${mb(h.bytes)} MB of content, best of 3): ` +
    `plain SHA-1 ${h.plainMBs.toFixed(0)} MB/s, sha1dc ${h.dcMBs.toFixed(0)} MB/s, ${(h.plainMBs / h.dcMBs).toFixed(2)}x the time`)
}

// ---- helpers

function result<T> (stdout: string, stderr: string): T {
  const line = stdout.split('\n').find(l => l.startsWith('RESULT '))
  if (line == null) throw new Error(`the child printed no result:\n${stdout}\n${stderr}`)
  return JSON.parse(line.slice('RESULT '.length)) as T
}

async function run (cmd: string, args: string[], stdinFile?: string): Promise<{ ms: number, stdout: string, stderr: string }> {
  const stdin = stdinFile != null ? fs.openSync(stdinFile, 'r') : 'ignore'
  const start = performance.now()
  const child = spawn(cmd, args, { stdio: [stdin, 'pipe', 'pipe'] })
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
  return { ms, stdout, stderr }
}

function median (xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

function mb (bytes: number): string { return (bytes / 1024 / 1024).toFixed(1) }
function seconds (ms: number): string { return (ms / 1000).toFixed(2) }

function table (rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map(r => (r[c] ?? '').length)))
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd())
}
