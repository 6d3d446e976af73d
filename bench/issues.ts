// Issues at scale (COLLABORATION.md "Collaborative objects"): 1,000 issues
// with 10,000 comments from 20 writers, each change a signed commit, each
// writer's tips in its own signed refs document. Measured:
//  - cold evaluation: the whole list from nothing (every change read,
//    its signature checked, every issue evaluated), through the app handle;
//  - warm list: the same again on the same cache;
//  - one new comment by another writer: the list after it (one issue
//    evaluated again, incrementally) and that issue's thread;
//  - what one new comment puts on the wire: the pack a peer that held
//    everything before needs (built by the stock git), and the writer's
//    signed refs document gossip carries;
//  - stock git walking the same store (rev-list, log) as a reference;
//  - where the cold evaluation's time goes (reading, signatures, rules).
// Usage: npm run bench:issues [-- --issues 1000 --comments 10 --writers 20 --profile]
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { issueQueries } from '../src/app/issue-queries.js'
import { objectReader } from '../src/app/diff-object-store.js'
import { evaluate } from '../src/core/cob/evaluate.js'
import { ISSUE_TYPE, issueReducer, summarizeIssue } from '../src/core/cob/issue.js'
import { DEFAULT_NAMESPACE_CAPS } from '../src/core/namespace-accept.js'
import { encodeSignedRefs, signRefs } from '../src/core/signed-refs.js'
import { verifyCommit } from '../src/core/signed-commit.js'
import { MemoryCobCache } from '../src/repo/cob-cache.js'
import { identityVersions, objectTips } from '../src/repo/cob-index.js'
import { loadNewChanges } from '../src/repo/cob-read.js'
import { allTips, MemoryRepoIndex, namespaceOf, namespacesOf } from '../src/repo/repo-index.js'
import { Repos } from '../src/repo/repos.js'
import { gitRefsOf, identityOfRecord, settleRecord } from '../src/repo/settle-record.js'
import { profiled } from './lib/cpu-profile.js'
import { seeded, writeIssueHistory } from './lib/issue-history.js'
import type { LoadedChange } from '../src/core/cob/change.js'
import type { ObjectReader } from '../src/repo/cob-read.js'
import type { GitFs } from '../src/repo/fs.js'
import type { RepoRecord } from '../src/repo/repo-index.js'
import type { PrivateKey } from '@libp2p/interface'

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const ISSUES = arg('issues', 1000)
const COMMENTS = arg('comments', 10)
const WRITERS = arg('writers', 20)
const gitFs = fs as unknown as GitFs

const ms = (x: number): string => x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0)
async function timed<T> (fn: () => Promise<T>): Promise<[number, T]> {
  const [s, v] = await sampled(fn)
  return [s.wall, v]
}
function timedSync<T> (fn: () => T): [number, T] {
  const t = performance.now()
  const v = fn()
  return [performance.now() - t, v]
}
/** wall time, and CPU time (this process's, or the child's) when known; ms */
interface Sample { wall: number, cpu?: number }
const medianSample = (xs: Sample[]): Sample => [...xs].sort((a, b) => a.wall - b.wall)[Math.floor(xs.length / 2)]
const cpuText = (x: Sample): string => x.cpu == null ? '' : `${ms(x.cpu)} ms`
const ratio = (a: number, b: number): string => (a / b).toFixed(a / b < 10 ? 2 : 0)
async function sampled<T> (fn: () => Promise<T>): Promise<[Sample, T]> {
  const u = process.cpuUsage()
  const t = performance.now()
  const v = await fn()
  const wall = performance.now() - t
  const c = process.cpuUsage(u)
  return [{ wall, cpu: (c.user + c.system) / 1000 }, v]
}
/** `n` runs one after another, the median */
async function medianOf (n: number, fn: () => Promise<unknown>): Promise<Sample> {
  const xs: Sample[] = []
  for (let k = 0; k < n; k++) xs.push((await sampled(fn))[0])
  return medianSample(xs)
}
const TIME = '/usr/bin/time'
/** A git command's wall time, and its CPU time from GNU time when there is one (10 ms steps). */
function gitTimed (gitdir: string, args: string[], discard = false): Sample & { stdout: string } {
  const hasTime = fs.existsSync(TIME)
  const out = join(tmpdir(), `bench-issues-time-${process.pid}`)
  const argv = ['git', '--git-dir', gitdir, ...args]
  const t = performance.now()
  const r = hasTime ? spawnSync(TIME, ['-o', out, '-f', '%U %S', ...argv], { stdio: ['ignore', discard ? 'ignore' : 'pipe', 'pipe'], maxBuffer: 1 << 30 }) : spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', discard ? 'ignore' : 'pipe', 'pipe'], maxBuffer: 1 << 30 })
  const wall = performance.now() - t
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr.toString()}`)
  const cpu = hasTime ? fs.readFileSync(out, 'utf8').trim().split(/\s+/).reduce((n, x) => n + Number(x) * 1000, 0) : undefined
  if (hasTime) rmSync(out, { force: true })
  return { wall, cpu, stdout: r.stdout?.toString() ?? '' }
}
const git = (gitdir: string, args: string[], input?: string): Buffer => execFileSync('git', ['--git-dir', gitdir, ...args], { input, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] })

/** Each writer's tips in one signed refs document; writer 0 (the delegate) keeps its branches too. */
async function signTips (gitdir: string, record: RepoRecord, keys: PrivateKey[], peers: string[], tips: Array<Map<string, string>>, now: number): Promise<RepoRecord> {
  const docs = []
  for (let w = 0; w < keys.length; w++) {
    const own = namespaceOf(record, peers[w])
    const refs: Record<string, string> = { ...(own?.refs ?? {}) }
    for (const [id, oid] of tips[w]) refs[`refs/cobs/${ISSUE_TYPE}/${id}`] = oid
    if (tips[w].size === 0 && own == null) continue
    docs.push(await signRefs(keys[w], { rid: record.rid, seq: (own?.seq ?? 0) + 1, refs, timestamp: now }))
  }
  return await settleRecord(gitFs, gitdir, { ...record, namespaces: docs, updated: now }, await identityOfRecord(record))
}

/** The record's git refs on disk as one packed-refs file, so stock git sees every writer's tips. */
function writePackedRefs (gitdir: string, record: RepoRecord): void {
  const lines = Object.entries(gitRefsOf(record)).sort(([a], [b]) => a < b ? -1 : 1).map(([ref, oid]) => `${oid} ${ref}\n`)
  writeFileSync(join(gitdir, 'packed-refs'), '# pack-refs with: peeled fully-peeled sorted \n' + lines.join(''))
}

/** this process's CPU time so far, ms: on a shared machine wall time counts the neighbours too */
function cpuNow (): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/** signatures checked again on their own: one change in VERIFY_SAMPLE (scaled up) */
const VERIFY_SAMPLE = 4

/**
 * The cold evaluation again, by hand, in CPU time, in three passes over
 * every change: loading them as cob-read.ts does (reads timed on their own),
 * checking their signatures alone (a sample), and evaluating them; decoding
 * is the first pass less its reads and the signatures.
 */
async function breakdown (repos: Repos, record: RepoRecord): Promise<{ read: number, verify: number, decode: number, evaluate: number, objects: number }> {
  const raw = objectReader(repos, record.rid)
  let readMs = 0
  let objects = 0
  const read: ObjectReader = async (oid) => {
    const t = cpuNow()
    const o = await raw(oid)
    readMs += cpuNow() - t
    objects++
    return o
  }
  const loaded = new Map<string, LoadedChange[]>()
  const t0 = cpuNow()
  for (const [id, tips] of objectTips(record, ISSUE_TYPE)) loaded.set(id, (await loadNewChanges(read, ISSUE_TYPE, tips, new Set())).fresh)
  const loadMs = cpuNow() - t0
  let verifyMs = 0
  let n = 0
  for (const changes of loaded.values()) {
    for (const l of changes) {
      if (n++ % VERIFY_SAMPLE !== 0) continue
      const commit = await raw(l.ok ? l.change.id : l.bad.id)
      const t = cpuNow()
      if ((await verifyCommit(commit!.data)).state !== 'valid') throw new Error('a change does not verify')
      verifyMs += (cpuNow() - t) * VERIFY_SAMPLE
    }
  }
  const ids = identityVersions(record)
  const t1 = cpuNow()
  for (const [id, changes] of loaded) summarizeIssue(evaluate(id, changes, issueReducer, ids).state!)
  const evalMs = cpuNow() - t1
  return { read: readMs, verify: verifyMs, decode: loadMs - readMs - verifyMs, evaluate: evalMs, objects }
}

async function main (): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'guts-bench-issues-'))
  const index = new MemoryRepoIndex()
  const keys = await Promise.all(Array.from({ length: WRITERS }, async () => await generateKeyPair('Ed25519')))
  const make = (key: PrivateKey, name: string): Repos => new Repos({ fs: gitFs, index, key, root: dir, author: () => ({ name, email: `${name}@example.org` }) })
  const writers = keys.map((k, i) => make(k, `writer${i}`))
  const peers = writers.map(w => w.peerId)
  const rows: Array<[string, string, string, string]> = []
  const row = (what: string, value: string, cpu = '', note = ''): void => { rows.push([what, value, cpu, note]) }

  // ---- generation
  const tGen = performance.now()
  let record = await writers[0].create({ name: 'issues' })
  const rid = record.rid
  const gitdir = writers[0].gitdir(rid)
  const [writeMs, written] = await timed(async () => await writeIssueHistory(gitdir, keys, { issues: ISSUES, commentsPerIssue: COMMENTS, concurrency: 0.1, labelled: 0.1, closed: 0.05 }, seeded(42), Date.now() - 30 * 86400_000))
  const [signMs, settled] = await timed(async () => await signTips(gitdir, record, keys, peers, written.tips, Date.now()))
  record = settled
  writePackedRefs(gitdir, record)
  const [packMs] = timedSync(() => git(gitdir, ['repack', '-adq']))
  await index.put(record)
  const genMs = performance.now() - tGen
  const docs = namespacesOf(record)
  const refCounts = docs.map(d => Object.keys(d.refs).length)
  const docBytes = docs.map(d => encodeSignedRefs(d).length)
  const packBytes = fs.readdirSync(join(gitdir, 'objects', 'pack')).filter(f => f.endsWith('.pack')).reduce((n, f) => n + fs.statSync(join(gitdir, 'objects', 'pack', f)).size, 0)
  console.log(`generated ${ISSUES} issues, ${written.comments} comments, ${written.changes} changes (${written.merges} merges) by ${WRITERS} writers in ${(genMs / 1000).toFixed(1)} s: objects signed and packed ${(writeMs / 1000).toFixed(1)} s, ${docs.length} refs documents signed and settled ${ms(signMs)} ms, git repack -ad ${ms(packMs)} ms; pack ${(packBytes / 1e6).toFixed(1)} MB`)
  console.log(`refs documents: ${Math.min(...refCounts)}–${Math.max(...refCounts)} refs, ${Math.min(...docBytes)}–${Math.max(...docBytes)} bytes (writer 0, the delegate: ${refCounts[docs.findIndex(d => d.signer === peers[0])]} refs); over the ${DEFAULT_NAMESPACE_CAPS.maxRefs}-ref cap a peer keeps: ${refCounts.filter(n => n > DEFAULT_NAMESPACE_CAPS.maxRefs).length}; over its ${DEFAULT_NAMESPACE_CAPS.maxBytes}-byte cap: ${docBytes.filter(n => n > DEFAULT_NAMESPACE_CAPS.maxBytes).length}`)
  row('generation (setup, not compared)', `${(genMs / 1000).toFixed(1)} s`, '', `${written.changes} signed changes (${written.merges} merges), one pack; ${docs.length} refs documents of ${Math.min(...refCounts)}–${Math.max(...refCounts)} refs, ${(Math.min(...docBytes) / 1024).toFixed(0)}–${(Math.max(...docBytes) / 1024).toFixed(0)} KiB`)

  // ---- stock git over the same store
  const revList: Sample[] = []
  const logAll: Sample[] = []
  let commitCount = 0
  for (let k = 0; k < 3; k++) {
    const r = gitTimed(gitdir, ['rev-list', '--count', '--all'])
    revList.push(r)
    commitCount = Number(r.stdout.trim())
    logAll.push(gitTimed(gitdir, ['log', '--all', '--format=%H%x00%s%x00%b'], true))
  }
  const gitRev = medianSample(revList)
  const gitLog = medianSample(logAll)
  row('git rev-list --count --all', `${ms(gitRev.wall)} ms`, cpuText(gitRev), `${commitCount} commits; median of 3`)
  row('git log --all --format=%H%x00%s%x00%b', `${ms(gitLog.wall)} ms`, cpuText(gitLog), 'to /dev/null; median of 3')
  const vsGit = (x: Sample): string => `${ratio(x.wall, gitLog.wall)}× git log, ${ratio(x.wall, gitRev.wall)}× git rev-list` + (x.cpu != null && gitLog.cpu != null && gitLog.cpu > 0 && gitRev.cpu != null && gitRev.cpu > 0 ? ` (CPU: ${ratio(x.cpu, gitLog.cpu)}×, ${ratio(x.cpu, gitRev.cpu)}×)` : '')

  // ---- cold: a reader that holds nothing evaluated yet (its own object store and cache)
  const count = (list: Awaited<ReturnType<ReturnType<typeof issueQueries>['issues']['list']>>): void => {
    const comments = list.issues.reduce((n, i) => n + i.comments, 0)
    if (list.issues.length !== ISSUES || comments !== written.comments || list.pending !== 0) throw new Error(`the list holds ${list.issues.length} issues, ${comments} comments, ${list.pending} pending`)
  }
  const readerKey = await generateKeyPair('Ed25519')
  const colds: Sample[] = []
  let cacheOf = new MemoryCobCache()
  let handle = issueQueries(make(readerKey, 'reader'), () => {}, cacheOf).issues
  // three when cheap; on a shared machine the faster of two when not
  for (let k = 0; k < 3; k++) {
    cacheOf = new MemoryCobCache()
    handle = issueQueries(make(readerKey, 'reader'), () => {}, cacheOf).issues
    const h = handle
    const [t, list] = await sampled(async () => await h.list(record))
    count(list)
    colds.push(t)
    if (t.wall > 5000 && k === 1) break
  }
  const cold = colds.length === 3 ? medianSample(colds) : colds.reduce((a, b) => a.wall <= b.wall ? a : b)
  row('cold evaluation: issues.list, fresh cache', `${ms(cold.wall)} ms`, cpuText(cold), `${colds.length === 3 ? 'median of 3' : `faster of ${colds.length} (${colds.map(c => ms(c.wall)).join(', ')} ms)`}; ${ms(cold.wall / written.changes * 1000)} µs per change; ${vsGit(cold)}`)

  // ---- warm
  const warms: Sample[] = []
  for (let k = 0; k < 5; k++) {
    const [t, list] = await sampled(async () => await handle.list(record))
    count(list)
    warms.push(t)
  }
  const warm = medianSample(warms)
  // the parts of a warm list: every writer's refs scanned for the objects' tips, and the kept list read (copied) from the cache
  const listKey = `${rid}/${ISSUE_TYPE}`
  const tipsScan = await medianOf(5, async () => objectTips(record, ISSUE_TYPE))
  const cacheRead = await medianOf(5, async () => await cacheOf.list(listKey))
  row('warm list: issues.list again, same cache', `${ms(warm.wall)} ms`, cpuText(warm), `median of 5; target < 200 ms; ${vsGit(warm)}; of it, CPU: the objects' tips (objectTips over ${allTips(record).size} refs; kept by the documents' signatures) ${cpuText(tipsScan)}, the kept list copied out of the cache ${cpuText(cacheRead)}`)

  // ---- one new comment, by writer 7 through its own handle (its own cache: it evaluates that issue once to write on it)
  const before = record
  const target = [...objectTips(record, ISSUE_TYPE).keys()][Math.floor(ISSUES / 2)]
  const commenter = writers[7]
  const [comment, commentId] = await sampled(async () => await issueQueries(commenter, () => {}, new MemoryCobCache()).issues.comment(before, target, { body: 'Same here on Firefox 133: the list comes back empty after a reload, then every commit shows twice.' }))
  record = await commenter.get(rid)
  row('writing one comment: issues.comment (another writer)', `${ms(comment.wall)} ms`, cpuText(comment), `the issue evaluated (its own fresh cache), the change signed, its refs document (${Object.keys(namespaceOf(record, commenter.peerId)!.refs).length} refs) signed, the record settled and stored`)
  const [after, afterList] = await sampled(async () => await handle.list(record))
  if (afterList.issues.find(i => i.id === target)?.comments !== COMMENTS + 1 || afterList.issues.reduce((n, i) => n + i.comments, 0) !== written.comments + 1) throw new Error('the new comment is not in the list')
  const afterWarm = await medianOf(5, async () => await handle.list(record))
  row('list after that comment (same cache as warm)', `${ms(after.wall)} ms`, cpuText(after), `that issue's new change read and applied on its kept state; warm again after: ${ms(afterWarm.wall)} ms (median of 5)`)
  const gets: Sample[] = []
  for (let k = 0; k < 3; k++) {
    const [t, view] = await sampled(async () => await handle.get(record, target))
    if (view?.comments.at(-1)?.id !== commentId) throw new Error('the thread lacks the new comment')
    gets.push(t)
  }
  const get = medianSample(gets)
  row('issues.get of that issue, cached', `${ms(get.wall)} ms`, cpuText(get), `median of 3; ${COMMENTS + 2} comments`)
  const coldGets: Sample[] = []
  for (let k = 0; k < 3; k++) {
    const fresh = issueQueries(make(readerKey, 'reader'), () => {}, new MemoryCobCache()).issues
    coldGets.push((await sampled(async () => await fresh.get(record, target)))[0])
  }
  const coldGet = medianSample(coldGets)
  row('issues.get of that issue, cold', `${ms(coldGet.wall)} ms`, cpuText(coldGet), 'median of 3; fresh cache and object store each')

  // ---- bytes on the wire for that one comment
  const oldTips = [...allTips(before)]
  const tip = namespaceOf(record, commenter.peerId)!.refs[`refs/cobs/${ISSUE_TYPE}/${target}`]
  if (tip !== commentId) throw new Error('the writer\'s tip is not its comment')
  const pack = git(gitdir, ['pack-objects', '--revs', '--stdout', '-q'], [tip, ...oldTips.map(t => `^${t}`)].join('\n') + '\n')
  const objectsInPack = pack.readUInt32BE(8)
  const doc = encodeSignedRefs(namespaceOf(record, commenter.peerId)!).length
  row('wire: pack for one comment (git pack-objects, new tip ^old tips)', `${pack.length} B`, '', `${objectsInPack} objects (commit, tree, action blob)`)
  row('wire: the writer\'s signed refs document', `${doc} B`, '', `${Object.keys(namespaceOf(record, commenter.peerId)!.refs).length} refs; gossip carries it whole`)
  row('wire: sum', `${pack.length + doc} B`, '', `the refs document is ${(doc / (pack.length + doc) * 100).toFixed(0)}%`)

  // ---- where the cold time goes
  const b = await breakdown(make(readerKey, 'reader'), record)
  const sum = b.read + b.verify + b.decode + b.evaluate
  const pct = (x: number): string => `${(x / sum * 100).toFixed(0)}%`
  const line = `reading ${b.objects} objects ${ms(b.read)} ms (${pct(b.read)}), SSH signatures ${ms(b.verify)} ms (${pct(b.verify)}), parsing and decoding ${ms(b.decode)} ms (${pct(b.decode)}), evaluating ${ms(b.evaluate)} ms (${pct(b.evaluate)}); the cache's copies, the yields and the list: the rest of the cold list's CPU time (${ms(Math.max(0, (cold.cpu ?? 0) - sum))} ms)`
  console.log(`cold evaluation by hand, CPU time: ${line}`)
  row('cold, by hand: read / verify / decode / evaluate', '', `${ms(b.read)} / ${ms(b.verify)} / ${ms(b.decode)} / ${ms(b.evaluate)} ms`, `${pct(b.read)} / ${pct(b.verify)} / ${pct(b.decode)} / ${pct(b.evaluate)} of ${ms(sum)} ms CPU (signatures: one change in ${VERIFY_SAMPLE}, scaled)`)

  // --profile: CPU profiles of one more cold list, a warm one and one more comment written, summed by function
  if (process.argv.includes('--profile')) {
    const fresh = issueQueries(make(readerKey, 'reader'), () => {}, new MemoryCobCache()).issues
    const second = issueQueries(writers[8], () => {}, new MemoryCobCache()).issues
    const runs: Array<[string, string, () => Promise<unknown>]> = [
      ['cold list', 'issues-cold.cpuprofile', async () => await fresh.list(record)],
      ['warm list', 'issues-warm.cpuprofile', async () => await fresh.list(record)],
      ['writing one more comment (writer 8)', 'issues-comment.cpuprofile', async () => await second.comment(record, target, { body: 'And on Chromium too.' })]
    ]
    for (const [what, file, run] of runs) {
      const p = await profiled(run, { write: join(tmpdir(), file), top: 20 })
      console.log(`\n${what}, ${ms(p.totalMs)} ms wall profiled (${join(tmpdir(), file)}); self time by function:`)
      for (const h of p.hot) console.log(`  ${ms(h.selfMs).padStart(8)} ms ${(h.share * 100).toFixed(1).padStart(5)}%  ${h.name}`)
    }
  }

  const load = execFileSync('uptime').toString().trim()
  rmSync(dir, { recursive: true, force: true })
  console.log('')
  console.log(`${ISSUES} issues, ${written.comments} comments, ${WRITERS} writers; Node ${process.version}, git ${execFileSync('git', ['--version']).toString().trim().replace('git version ', '')}; the cache is MemoryCobCache (IndexedDB's cost, in the tab, is not measurable in Node)`)
  console.log(`load: ${load}`)
  console.log('')
  console.log('| measure | wall | CPU | note |')
  console.log('|---|---:|---:|---|')
  for (const r of rows) console.log(`| ${r.join(' | ')} |`)
}

await main()
