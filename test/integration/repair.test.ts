// Start-up repair and the index against damaged files, on repositories made
// by the stock git CLI and imported with the relay's own code: an .idx is
// rebuilt byte for byte, never deleted with its pack; a damaged pack takes
// its repository out of service (quarantined, fetched again later); refs
// never point at missing objects; an unreadable index record is set aside
// and the rest are served; staging directories of dead imports go. Last, a
// real relay process on such a data directory starts and serves `git clone`.
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRelayProcess } from '../../e2e/relay-process.js'
import { importRepository } from '../../relay/import.js'
import { loadOrCreateKey } from '../../relay/key.js'
import { createLogger } from '../../relay/log.js'
import { PendingFetches } from '../../relay/seed/pending-fetches.js'
import { NOTE_FILE } from '../../relay/seed/quarantine.js'
import { repairRepositories, scrubPacks } from '../../relay/seed/repair.js'
import { openRelayRepos } from '../../relay/seed/seeder.js'
import { Repos } from '../../src/repo/repos.js'
import { git, listFiles, makeFixtureRepo, refList } from '../fixtures/git-fixture.js'
import type { RelayOptions } from '../../relay/cli.js'
import type { GitFs } from '../../src/repo/fs.js'
import type { PickedFile } from '../../src/repo/gitdir-files.js'

let fixture: string
let work: string

beforeAll(() => {
  fixture = makeFixtureRepo()
  // one pack, as most repositories on a relay are
  git(fixture, 'repack', '-a', '-d', '-q')
  work = mkdtempSync(join(tmpdir(), 'guts-repair-'))
})
afterAll(() => {
  rmSync(fixture, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

let dirs = 0
/** A fresh data directory with `n` imports of the fixture (each its own RID). */
async function dataDirWith (n: number): Promise<{ dataDir: string, rids: string[] }> {
  const dataDir = join(work, `data-${++dirs}`)
  const rids: string[] = []
  for (let i = 0; i < n; i++) {
    const source = join(work, `source-${dirs}-${i}`)
    cpSync(fixture, source, { recursive: true })
    rids.push((await importRepository({ dataDir, host: '127.0.0.1', port: 8080 } as RelayOptions, source)).rid)
  }
  // imported long ago: what was just written may still be being written, and is judged more gently
  const hourAgo = new Date(Date.now() - 3600_000)
  for (const rid of rids) {
    const dir = join(dataDir, 'repos', `${rid}.git`, 'objects', 'pack')
    for (const f of readdirSync(dir)) utimesSync(join(dir, f), hourAgo, hourAgo)
  }
  return { dataDir, rids }
}

async function open (dataDir: string): Promise<Repos> {
  const { key } = await loadOrCreateKey(dataDir)
  return (await openRelayRepos(dataDir, key)).repos
}

function packFiles (dataDir: string, rid: string): { pack: string, idx: string } {
  const dir = join(dataDir, 'repos', `${rid}.git`, 'objects', 'pack')
  const stem = readdirSync(dir).find(f => f.endsWith('.pack'))!.slice(0, -5)
  return { pack: join(dir, `${stem}.pack`), idx: join(dir, `${stem}.idx`) }
}

function gitdirFiles (gitdir: string): PickedFile[] {
  return listFiles(gitdir).map(path => ({ path, read: async () => new Uint8Array(readFileSync(join(gitdir, path))) }))
}

/** Bit rot: one bit changes, the modification time does not (and is long past). */
function flipBit (file: string, at: number): void {
  const b = readFileSync(file)
  b[at < 0 ? b.length + at : at] ^= 0x10
  writeFileSync(file, b)
  const hourAgo = new Date(Date.now() - 3600_000)
  utimesSync(file, hourAgo, hourAgo)
}

const sha1 = (file: string): string => createHash('sha1').update(readFileSync(file)).digest('hex')

function capture (): { log: ReturnType<typeof createLogger>, lines: string[] } {
  const lines: string[] = []
  return { log: createLogger({ level: 'debug', write: (l) => lines.push(l) }), lines }
}

/** what was moved to <data>/quarantine/<rid>/<time>/ */
function quarantined (dataDir: string, rid: string): string[] {
  const root = join(dataDir, 'quarantine', rid)
  if (!existsSync(root)) return []
  return readdirSync(root).flatMap(t => readdirSync(join(root, t)))
}

describe('start-up repair', () => {
  it('rebuilds an .idx with one flipped bit from its intact pack, byte for byte, and keeps the pack', async () => {
    const { dataDir, rids: [rid] } = await dataDirWith(1)
    const { pack, idx } = packFiles(dataDir, rid)
    const original = readFileSync(idx)
    const packSum = sha1(pack)
    flipBit(idx, 1032 + 7) // inside the table of object ids

    const repos = await open(dataDir)
    const report = await repairRepositories(repos, { dataDir })
    expect(sha1(pack)).toBe(packSum)
    expect(readFileSync(idx).equals(original)).toBe(true)
    expect(report.rebuilt).toEqual([idx])
    expect(report.quarantined).toEqual([])
    // git's own index of the pack is the same file
    execFileSync('git', ['index-pack', '-o', join(work, 'git.idx'), pack])
    expect(readFileSync(join(work, 'git.idx')).equals(original)).toBe(true)
    const gitdir = repos.gitdir(rid)
    git(gitdir, '--git-dir', gitdir, 'fsck', '--full')
    expect(await repos.has(rid)).toBe(true)
    const clone = join(work, `clone-${rid}`)
    git(work, 'clone', '-q', '--mirror', gitdir, clone)
    expect(refList(clone)).toEqual(refList(join(fixture, '.git')))
  })

  it('indexes a pack left without its .idx when the pack is intact, and keeps it', async () => {
    const { dataDir, rids: [rid] } = await dataDirWith(1)
    const { pack, idx } = packFiles(dataDir, rid)
    const original = readFileSync(idx)
    rmSync(idx)
    const report = await repairRepositories(await open(dataDir), { dataDir })
    expect(existsSync(pack)).toBe(true)
    expect(readFileSync(idx).equals(original)).toBe(true)
    expect(await (await open(dataDir)).has(rid)).toBe(true)
    expect(report.rebuilt).toEqual([idx])
  })

  it('removes a half-written pack with no .idx (bad trailer), but not one that may still be being written', async () => {
    const { dataDir, rids: [rid] } = await dataDirWith(1)
    const { pack } = packFiles(dataDir, rid)
    const half = join(pack, '..', `pack-${'0'.repeat(40)}.pack`)
    const young = join(pack, '..', `pack-${'1'.repeat(40)}.pack`)
    for (const f of [half, young]) {
      cpSync(pack, f)
      truncateSync(f, Math.floor(readFileSync(pack).length / 2))
    }
    utimesSync(half, new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000))
    const report = await repairRepositories(await open(dataDir), { dataDir })
    expect(existsSync(half)).toBe(false)
    expect(existsSync(young)).toBe(true)
    expect(existsSync(pack)).toBe(true)
    expect(await (await open(dataDir)).has(rid)).toBe(true)
    expect(report.removed).toEqual([half])
  })

  it('quarantines a repository whose pack trailer no longer matches its .idx, and records a fetch that accepts no older refs', async () => {
    const { dataDir, rids: [rid, other] } = await dataDirWith(2)
    const { pack } = packFiles(dataDir, rid)
    flipBit(pack, -3)
    const repos = await open(dataDir)
    const seq = (await repos.get(rid)).signedRefs.seq
    const { log, lines } = capture()
    const report = await repairRepositories(repos, { dataDir, log })
    expect(await repos.has(rid)).toBe(false)
    expect(await repos.has(other)).toBe(true)
    expect(quarantined(dataDir, rid).sort()).toEqual([`${rid}.git`, `${rid}.json`, NOTE_FILE].sort())
    expect(report.quarantined.map(q => [q.rid, q.outOfService])).toEqual([[rid, true]])
    expect(report.quarantined[0].reason).toContain('its trailer is not the checksum its index records')
    // moved, not deleted: the damaged pack is there to look at
    const [time] = readdirSync(join(dataDir, 'quarantine', rid))
    expect(existsSync(join(dataDir, 'quarantine', rid, time, `${rid}.git`, 'objects', 'pack', pack.split('/').pop()!))).toBe(true)
    expect(readFileSync(join(dataDir, 'quarantine', rid, time, NOTE_FILE), 'utf8')).toContain('trailer')
    expect(existsSync(repos.gitdir(rid))).toBe(false)
    const pending = await new PendingFetches(join(dataDir, 'pending.json')).get(rid)
    expect(pending).toMatchObject({ rid, reason: 'damaged', minSeq: seq, attempts: 0 })
    expect(pending?.genesis).toBe(Buffer.from((JSON.parse(readFileSync(join(dataDir, 'quarantine', rid, time, `${rid}.json`), 'utf8'))).genesis, 'base64').toString('base64'))
    expect(lines.join('\n')).toContain(rid)
  })

  it('leaves a pack that looks damaged alone while it was modified in the last minute (a writer may be at work)', async () => {
    const { dataDir, rids: [rid] } = await dataDirWith(1)
    const { pack } = packFiles(dataDir, rid)
    const b = readFileSync(pack)
    b[b.length - 3] ^= 0x10
    writeFileSync(pack, b) // just now
    const repos = await open(dataDir)
    const report = await repairRepositories(repos, { dataDir })
    expect(await repos.has(rid)).toBe(true)
    expect(existsSync(pack)).toBe(true)
    expect(report.failed[0].err).toContain('may still be being written')
    // once it has been left like that for a while, it is damage
    const hourAgo = new Date(Date.now() - 3600_000)
    utimesSync(pack, hourAgo, hourAgo)
    expect((await repairRepositories(repos, { dataDir })).quarantined.map(q => q.rid)).toEqual([rid])
    expect(await repos.has(rid)).toBe(false)
  })

  it('quarantines a repository when its .idx must be rebuilt and its pack turns out damaged inside', async () => {
    const { dataDir, rids: [rid] } = await dataDirWith(1)
    const { pack, idx } = packFiles(dataDir, rid)
    flipBit(idx, 1032 + 7)
    flipBit(pack, Math.floor(readFileSync(pack).length / 2))
    const repos = await open(dataDir)
    const report = await repairRepositories(repos, { dataDir })
    expect(await repos.has(rid)).toBe(false)
    expect(quarantined(dataDir, rid)).toContain(`${rid}.git`)
    expect(report.quarantined[0]).toMatchObject({ rid, outOfService: true })
    expect(report.quarantined[0].reason).toContain('does not match its content')
  })

  it('takes a repository out of service when a tip of its signed refs is missing (its pack was deleted)', async () => {
    const { dataDir, rids: [rid, other] } = await dataDirWith(2)
    const { pack } = packFiles(dataDir, rid)
    rmSync(pack)
    const repos = await open(dataDir)
    const seq = (await repos.get(rid)).signedRefs.seq
    const report = await repairRepositories(repos, { dataDir })
    // not advertised: the refs protocol and git HTTP both ask has()
    expect(await repos.has(rid)).toBe(false)
    expect((await repos.list()).map(r => r.rid)).toEqual([other])
    expect(await new PendingFetches(join(dataDir, 'pending.json')).get(rid)).toMatchObject({ reason: 'damaged', minSeq: seq })
    expect(report.quarantined.map(q => q.rid)).toEqual([rid])
    expect(report.quarantined[0].reason).toMatch(/points at [0-9a-f]{40}, which no pack or loose object here holds/)
  })

  it('removes staging directories of dead imports, keeps one whose process is alive', async () => {
    const { dataDir } = await dataDirWith(1)
    const root = join(dataDir, 'repos')
    const dead = spawn('true')
    await new Promise(resolve => dead.once('exit', resolve))
    const live = spawn('sleep', ['60'])
    try {
      const deadDir = join(root, `.staging-${dead.pid!}-abc`)
      const liveDir = join(root, `.staging-${live.pid!}-def`)
      const oldStyle = join(root, '.staging-ghi')
      for (const d of [deadDir, liveDir, oldStyle]) mkdirSync(join(d, 'objects', 'pack'), { recursive: true })
      const hourAgo = new Date(Date.now() - 2 * 3600_000)
      for (const p of [oldStyle, join(oldStyle, 'objects'), join(oldStyle, 'objects', 'pack')]) utimesSync(p, hourAgo, hourAgo)
      const report = await repairRepositories(await open(dataDir), { dataDir })
      expect(existsSync(deadDir)).toBe(false)
      expect(existsSync(oldStyle)).toBe(false)
      expect(existsSync(liveDir)).toBe(true)
      expect(report.removed.sort()).toEqual([deadDir, oldStyle].sort())
    } finally {
      live.kill()
    }
  })

  it('names an import\'s staging directory after its process, so a running import is told from a dead one', async () => {
    const dataDir = join(work, `data-${++dirs}`)
    const { key } = await loadOrCreateKey(dataDir)
    const { repos: real } = await openRelayRepos(dataDir, key)
    const staged: string[] = []
    const fsSpy = { ...fs, promises: { ...fs.promises, rename: async (from: string, to: string) => { staged.push(from); return fs.promises.rename(from, to) } } }
    const repos = new Repos({ fs: fsSpy as unknown as GitFs, index: real.index, key, root: join(dataDir, 'repos'), author: () => ({ name: 'a', email: 'a@b' }) })
    await repos.importGitdir(gitdirFiles(join(fixture, '.git')), { name: 'staged' })
    expect(staged.some(p => p.includes(`/.staging-${process.pid}-`))).toBe(true)
  })

  it('a pack damaged inside passes the cheap checks at start; the background scrub finds it and quarantines the repository', async () => {
    const { dataDir, rids: [rid, other] } = await dataDirWith(2)
    const { pack } = packFiles(dataDir, rid)
    const size = readFileSync(pack).length
    flipBit(pack, Math.floor(size / 2))
    const repos = await open(dataDir)
    await repairRepositories(repos, { dataDir })
    expect(await repos.has(rid)).toBe(true)
    const scrub = await scrubPacks(repos, { dataDir, pauseMs: 0 })
    expect(scrub.packs).toBe(2)
    expect(scrub.bytes).toBe(size * 2)
    expect(scrub.quarantined.map(q => q.rid)).toEqual([rid])
    expect(await repos.has(rid)).toBe(false)
    expect(await repos.has(other)).toBe(true)
    expect(await new PendingFetches(join(dataDir, 'pending.json')).get(rid)).toMatchObject({ reason: 'damaged' })
  })
})

describe('the index on disk', () => {
  it('sets aside records it cannot vouch for, names them in the log, and lists the others', async () => {
    const { dataDir, rids } = await dataDirWith(6)
    const [good, garbage, truncated, shape, wrongGenesis, badSignature] = rids
    const file = (rid: string): string => join(dataDir, 'index', `${rid}.json`)
    const text = (rid: string): string => readFileSync(file(rid), 'utf8')
    const genesisOf = (rid: string): string => JSON.parse(text(rid)).genesis
    writeFileSync(file(garbage), Buffer.from([0xff, 0x00, 0x13, 0x37]))
    writeFileSync(file(truncated), text(truncated).slice(0, 200))
    writeFileSync(file(shape), JSON.stringify({ rid: shape, genesis: genesisOf(shape), refs: [] }))
    writeFileSync(file(wrongGenesis), JSON.stringify({ ...JSON.parse(text(wrongGenesis)), genesis: genesisOf(good) }))
    const signed = JSON.parse(text(badSignature))
    signed.signedRefs.seq += 1
    writeFileSync(file(badSignature), JSON.stringify(signed))

    const { log, lines } = capture()
    const repos = await open(dataDir)
    const report = await repairRepositories(repos, { dataDir, log })
    expect((await repos.list()).map(r => r.rid)).toEqual([good])
    const pending = new PendingFetches(join(dataDir, 'pending.json'))
    for (const rid of [garbage, truncated, shape, wrongGenesis, badSignature]) {
      expect(lines.some(l => l.includes('set aside an unreadable repository record') && l.includes(file(rid)))).toBe(true)
      expect(quarantined(dataDir, rid)).toContain(`${rid}.json`)
      expect(existsSync(file(rid))).toBe(false)
      expect(await repos.has(rid)).toBe(false)
      expect(await pending.get(rid)).toMatchObject({ reason: 'unreadable-index' })
    }
    // the genesis comes back when it still hashes to the rid
    expect((await pending.get(shape))?.genesis).toBeDefined()
    expect((await pending.get(badSignature))?.genesis).toBeDefined()
    expect((await pending.get(wrongGenesis))?.genesis).toBeUndefined()
    expect((await pending.get(garbage))?.genesis).toBeUndefined()
    expect(report.quarantined.map(q => q.rid).sort()).toEqual([garbage, truncated, shape, wrongGenesis, badSignature].sort())
    const gitdir = repos.gitdir(good)
    git(gitdir, '--git-dir', gitdir, 'fsck', '--full')
  })

  it('get() of a corrupt record answers undefined instead of throwing', async () => {
    const { dataDir, rids: [rid] } = await dataDirWith(1)
    writeFileSync(join(dataDir, 'index', `${rid}.json`), '{"rid":')
    const repos = await open(dataDir)
    expect(await repos.index.get(rid)).toBeUndefined()
    expect(await repos.has(rid)).toBe(false)
  })
})

describe('a real relay process', () => {
  it('starts on a data directory with a corrupt index record and a flipped-bit .idx, names the file, and serves git clone', async () => {
    const { dataDir, rids: [intact, broken] } = await dataDirWith(2)
    const { idx } = packFiles(dataDir, intact)
    const original = readFileSync(idx)
    flipBit(idx, 1032 + 7)
    const brokenFile = join(dataDir, 'index', `${broken}.json`)
    writeFileSync(brokenFile, readFileSync(brokenFile, 'utf8').slice(0, 100))

    const relay = await startRelayProcess({ dataDir, args: ['--log-level', 'info'] })
    try {
      expect(relay.output()).toContain(brokenFile)
      expect(readFileSync(idx).equals(original)).toBe(true)
      const clone = join(work, 'http-clone')
      git(work, 'clone', '-q', `http://127.0.0.1:${relay.port}/git/${intact}`, clone)
      expect(git(clone, 'rev-parse', 'HEAD').trim()).toBe(git(fixture, 'rev-parse', 'HEAD').trim())
      git(clone, 'fsck', '--full')
      const res = await fetch(`http://127.0.0.1:${relay.port}/git/${broken}/info/refs?service=git-upload-pack`)
      expect(res.status).toBe(404)
    } finally {
      await relay.stop()
    }
  }, 60_000)
})
