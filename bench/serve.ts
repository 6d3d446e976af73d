// Benchmark: a relay as a git server, against stock git in the same run on
// the same real-history repository (bench/lib/make-repo.ts's BIG shape,
// ~35,000 objects):
//  - import: `npm run relay -- import <repo>` vs `git clone --mirror --no-local`
//  - clone: a Guts peer cloning from the relay over loopback TCP (our sync
//    protocol) vs `git clone --mirror` from `git daemon`
//  - one more commit imported, then an incremental fetch of it: Guts peer
//    (dial + fetch) vs `git fetch` from `git daemon`
// Bytes are counted on the wire by a TCP proxy in front of each server
// (handshakes, ref advertisements and packs), and the packs' own bytes are
// printed too. A measurement, not a test: it exits 0 whether or not the
// targets are met (clone bytes ≤ 1.05× git's, fetch bytes ≤ 1.2×, fetch
// time ≤ 2×, import time ≤ 2×), non-zero only when something failed.
//
//   node --import tsx bench/serve.ts      (or: npm run bench:serve)
//
// Environment: BENCH_RUNS=3 (median of this many runs of each);
// BENCH_DEBUG=1 prints the incremental fetch's sync log, timed
import '../relay/polyfills.js'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import { startRelayProcess } from '../e2e/relay-process.js'
import { startByteProxy } from './lib/byte-proxy.js'
import { createBenchPeer } from './lib/guts-peer.js'
import { BIG, git, makeRepo, reachableObjects } from './lib/make-repo.js'
import { measure, median, seconds } from './lib/measure.js'
import { startGitDaemon } from './sync/git-daemon.js'

const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const benchDir = path.dirname(fileURLToPath(import.meta.url))
const projectDir = path.dirname(benchDir)
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'guts-bench-serve-'))
const kb = (n: number): string => (n / 1024).toFixed(1)
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`
const rows: string[][] = []
// BENCH_DEBUG=1: the sync log of the incremental fetch, timed
let debugFetch = false
let debugFrom = 0
const row = (...cells: string[]): void => { rows.push(cells); console.log(cells.join('  |  ')) }

try {
  const repo = await makeRepo(benchDir, path.join(projectDir, 'node_modules'), { shape: BIG, log: (s) => console.log(s) })
  console.log(`repository: ${repo.objects} objects, ${repo.commits} commits, ${repo.refs.length} refs, pack ${kb(repo.packBytes)} KB`)
  // a copy we may add commits to
  const source = path.join(work, 'source.git')
  git(work, 'clone', '-q', '--bare', '--no-local', repo.gitdir, source)

  // ---- import
  const relayImport = async (dataDir: string): Promise<{ ms: number, rid: string }> => {
    const m = await measure(process.execPath, ['--import', 'tsx', 'relay/main.ts', 'import', source, '--data', dataDir], { cwd: projectDir })
    const rid = /RID\s+(\S+)/.exec(m.stdout)?.[1]
    if (rid == null) throw new Error(`no RID in the import's output:\n${m.stdout}`)
    return { ms: m.wallMs, rid }
  }
  const importMs: number[] = []
  const mirrorMs: number[] = []
  let rid = ''
  const dataDir = path.join(work, 'relay-data')
  for (let i = 0; i < RUNS; i++) {
    const r = await relayImport(i === 0 ? dataDir : path.join(work, `import-${i}`))
    importMs.push(r.ms)
    if (i === 0) rid = r.rid
    mirrorMs.push((await measure('git', ['clone', '-q', '--mirror', '--no-local', source, path.join(work, `mirror-${i}.git`)])).wallMs)
  }
  row('what', 'Guts relay', 'stock git', 'ratio')
  row('import (s)', seconds(median(importMs)), seconds(median(mirrorMs)), ratio(median(importMs), median(mirrorMs)))

  // ---- servers, each behind a byte-counting proxy
  const relay = await startRelayProcess({ dataDir })
  const relayPeerId = await relay.peerId()
  const relayProxy = await startByteProxy(relay.tcpPort)
  const relayAddr = multiaddr(`/ip4/127.0.0.1/tcp/${relayProxy.port}/p2p/${relayPeerId}`)
  const daemon = await startGitDaemon(work)
  const daemonProxy = await startByteProxy(daemon.port)
  const daemonUrl = `git://127.0.0.1:${daemonProxy.port}/source.git`
  const stops = [async () => relay.stop(), async () => relayProxy.stop(), async () => daemon.stop(), async () => daemonProxy.stop()]
  try {
    // ---- clone
    const guts: Array<{ ms: number, wire: number, pack: number, objects: number }> = []
    const stock: Array<{ ms: number, wire: number }> = []
    let lastPeer: Awaited<ReturnType<typeof createBenchPeer>> | undefined
    for (let i = 0; i < RUNS; i++) {
      // it fetches only when told (no catch-up when it connects, no reconcile rounds), so each fetch is timed alone
      const peer = await createBenchPeer('tcp', 'bench', path.join(work, `peer-${i}`), { sync: { catchUpWith: () => false, reconcileEvery: 3_600_000 }, log: (msg, fields) => { if (debugFetch) console.log(`  [${(performance.now() - debugFrom).toFixed(0)} ms] ${msg}`, JSON.stringify(fields ?? {})) } })
      relayProxy.reset()
      const t0 = performance.now()
      await peer.node.dial(relayAddr, { signal: AbortSignal.timeout(30_000) })
      const outcome = await peer.sync.fetchFrom(peerIdFromString(relayPeerId), rid, { signal: AbortSignal.timeout(10 * 60_000) })
      const ms = performance.now() - t0
      if (outcome !== 'cloned') throw new Error(`the clone ended ${outcome}`)
      const t = peer.sync.transfers.find(x => x.rid === rid)
      guts.push({ ms, wire: relayProxy.down() + relayProxy.up(), pack: t?.bytes ?? 0, objects: t?.objects ?? 0 })
      if (i === 0) {
        // what came is what the refs reach, no more and no less
        const got = reachableObjects(peer.repos.gitdir(rid)).length
        if (got !== repo.objects) throw new Error(`the clone holds ${got} reachable objects, git sees ${repo.objects}`)
        const fsck = spawnSync('git', ['--git-dir', peer.repos.gitdir(rid), 'fsck', '--no-dangling'], { encoding: 'utf8' })
        if (fsck.status !== 0) throw new Error(`git fsck of the clone failed: ${fsck.stderr}`)
      }
      if (i < RUNS - 1) { await peer.sync.stop(); await peer.node.stop() } else lastPeer = peer
      daemonProxy.reset()
      const m = await measure('git', ['clone', '-q', '--mirror', daemonUrl, path.join(work, `clone-${i}.git`)])
      stock.push({ ms: m.wallMs, wire: daemonProxy.down() + daemonProxy.up() })
    }
    const gitPack = packBytesIn(path.join(work, 'clone-0.git'))
    row('clone (s)', seconds(median(guts.map(g => g.ms))), seconds(median(stock.map(s => s.ms))), ratio(median(guts.map(g => g.ms)), median(stock.map(s => s.ms))))
    row('clone pack (KB)', kb(guts[0].pack), kb(gitPack), ratio(guts[0].pack, gitPack))
    row('clone on the wire (KB)', kb(guts[0].wire), kb(stock[0].wire), ratio(guts[0].wire, stock[0].wire))

    // ---- one more commit, imported; then an incremental fetch of it
    const peer = lastPeer!
    // what connecting costs by itself (Noise, identify, the relay's gossip
    // subscriptions, refs and inventory compared): an up-to-date peer
    // dialling, asking, and staying a moment, as the fetch below does
    const relayId = peerIdFromString(relayPeerId)
    const SETTLE_MS = 1500
    await peer.node.hangUp(relayId)
    relayProxy.reset()
    await peer.node.dial(relayAddr, { signal: AbortSignal.timeout(30_000) })
    await peer.sync.fetchFrom(relayId, rid, { signal: AbortSignal.timeout(60_000) })
    await new Promise(resolve => setTimeout(resolve, SETTLE_MS))
    const connectWire = relayProxy.down() + relayProxy.up()
    await peer.node.hangUp(relayId)
    const wt = path.join(work, 'wt')
    git(work, 'clone', '-q', source, wt)
    const file = git(wt, 'ls-files').split('\n').filter(f => f.endsWith('.js'))[0]
    fs.appendFileSync(path.join(wt, file), '\n// one more line\n')
    git(wt, '-c', 'user.name=Bench', '-c', 'user.email=bench@example.org', 'commit', '-q', '-am', 'one more commit')
    git(wt, 'push', '-q', 'origin', 'HEAD')
    const newTip = git(wt, 'rev-parse', 'HEAD').trim()
    const before = relay.output().length
    const reimport = await relayImport(dataDir)
    const refetchGit = await measure('git', ['--git-dir', path.join(work, 'mirror-0.git'), 'fetch', '-q', source])
    row('import of one new commit (s)', seconds(reimport.ms), seconds(refetchGit.wallMs), ratio(reimport.ms, refetchGit.wallMs))
    // the running relay notices the import (it polls its index every 2 s)
    for (let until = Date.now() + 20_000; !relay.output().slice(before).includes('publishing repository');) {
      if (Date.now() > until) throw new Error('the relay did not notice the import')
      await new Promise(resolve => setTimeout(resolve, 100))
    }
    relayProxy.reset()
    const transfersBefore = peer.sync.transfers.length
    const t0 = performance.now()
    debugFrom = t0
    debugFetch = process.env.BENCH_DEBUG === '1'
    await peer.node.dial(relayAddr, { signal: AbortSignal.timeout(30_000) })
    const outcome = await peer.sync.fetchFrom(peerIdFromString(relayPeerId), rid, { signal: AbortSignal.timeout(60_000) })
    const fetchMs = performance.now() - t0
    debugFetch = false
    const heads = (await peer.repos.get(rid)).signedRefs.refs
    if (!Object.values(heads).includes(newTip)) throw new Error(`the fetch ended ${outcome} without the new commit`)
    const t = peer.sync.transfers.slice(transfersBefore).find(x => x.rid === rid)
    await new Promise(resolve => setTimeout(resolve, Math.max(0, SETTLE_MS - (performance.now() - t0 - fetchMs))))
    const gutsWire = relayProxy.down() + relayProxy.up()
    daemonProxy.reset()
    const gitFetch = await measure('git', ['--git-dir', path.join(work, 'clone-0.git'), '-c', 'fetch.unpackLimit=1', 'fetch', '-q', daemonUrl, '+refs/heads/*:refs/heads/*'])
    const gitWire = daemonProxy.down() + daemonProxy.up()
    // what git sent: the thin pack upload-pack makes for these wants and haves
    const oldTip = git(wt, 'rev-parse', 'HEAD~1').trim()
    const gitFetchPack = spawnSync('git', ['--git-dir', source, 'pack-objects', '--revs', '--thin', '--stdout', '-q'], { input: `${newTip}\n^${oldTip}\n` }).stdout.length
    row('fetch of one commit (s)', seconds(fetchMs), seconds(gitFetch.wallMs), ratio(fetchMs, gitFetch.wallMs))
    const newObjects = git(wt, 'rev-list', '--objects', 'HEAD', '^HEAD~1').split('\n').filter(Boolean).length
    row('fetch pack (bytes, objects)', `${t?.bytes ?? '?'} B, ${t?.objects ?? '?'}`, `${gitFetchPack} B, ${newObjects}`, t == null ? '?' : ratio(t.bytes, gitFetchPack))
    row('fetch on the wire, with connecting (KB)', kb(gutsWire), kb(gitWire), ratio(gutsWire, gitWire))
    row('  of which connecting, nothing to fetch (KB)', kb(connectWire), '—', '')
    row('  the fetch beyond connecting and asking (KB)', kb(gutsWire - connectWire), kb(gitWire), ratio(gutsWire - connectWire, gitWire))

    // the same over a connection already open (a tab stays connected to its
    // relay): one more commit imported while away, then dial, settle, fetch
    await peer.node.hangUp(relayId)
    fs.appendFileSync(path.join(wt, file), '// and another\n')
    git(wt, '-c', 'user.name=Bench', '-c', 'user.email=bench@example.org', 'commit', '-q', '-am', 'another commit')
    git(wt, 'push', '-q', 'origin', 'HEAD')
    const secondTip = git(wt, 'rev-parse', 'HEAD').trim()
    const before2 = relay.output().length
    await relayImport(dataDir)
    for (let until = Date.now() + 20_000; !relay.output().slice(before2).includes('publishing repository');) {
      if (Date.now() > until) throw new Error('the relay did not notice the import')
      await new Promise(resolve => setTimeout(resolve, 100))
    }
    // past gossipsub's message cache (3 s), so nothing replays it
    await new Promise(resolve => setTimeout(resolve, 4000))
    await peer.node.dial(relayAddr, { signal: AbortSignal.timeout(30_000) })
    await new Promise(resolve => setTimeout(resolve, SETTLE_MS))
    relayProxy.reset()
    const t1 = performance.now()
    await peer.sync.fetchFrom(relayId, rid, { signal: AbortSignal.timeout(60_000) })
    const openMs = performance.now() - t1
    const openWire = relayProxy.down() + relayProxy.up()
    if (!Object.values((await peer.repos.get(rid)).signedRefs.refs).includes(secondTip)) throw new Error('the fetch over an open connection did not bring the commit')
    row('fetch of one commit over an open connection (s)', seconds(openMs), seconds(gitFetch.wallMs), ratio(openMs, gitFetch.wallMs))
    row('  on the wire (KB)', kb(openWire), kb(gitWire), ratio(openWire, gitWire))
    await peer.sync.stop()
    await peer.node.stop()
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {})
  }
  console.log('\n| what | Guts relay | stock git | ratio |\n|---|---|---|---|')
  for (const r of rows.slice(1)) console.log(`| ${r.join(' | ')} |`)
} finally {
  fs.rmSync(work, { recursive: true, force: true })
}
process.exit(0)

/** The bytes of a repository's packs (a fresh clone has one). */
function packBytesIn (gitdir: string): number {
  const dir = path.join(gitdir, 'objects', 'pack')
  return fs.readdirSync(dir).filter(f => f.endsWith('.pack')).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0)
}
