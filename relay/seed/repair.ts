// Before serving, after any stop: make every seeded repository one we can
// vouch for, losing nothing that can be rebuilt. The signed refs in the index
// are the authority; per repository:
//  - an .idx whose checksum fails, and a pack with no .idx, are indexed again
//    from the pack with our own indexer (every object hashed), when the
//    pack's trailer matches its content;
//  - a pack with no .idx and a bad trailer is a write cut short: removed;
//  - a pack found damaged (its trailer does not match its content or the
//    trailer its .idx records, its header does not fit its .idx, an entry
//    fails to inflate or hash) takes the repository out of service: its git
//    directory and index record go to the quarantine (quarantine.ts), and a
//    fetch from peers is recorded (pending-fetches.ts);
//  - so does a tip of the signed refs that no .idx nor loose object holds:
//    refs never point at missing objects.
// Only the cheap checks run at every start (an .idx's own checksum, the
// pack's ends against it, the tips); scrubPacks() reads every pack through,
// in the background. Staging directories left by killed imports are removed.
import { readdir, rename, rm, stat, writeFile, open } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { FileRepoIndex } from './file-repo-index.js'
import { PendingFetches } from './pending-fetches.js'
import { quarantine } from './quarantine.js'
import { checkIdx, idxHas, indexPackFile, packEnds, packTrailerMatches } from './pack-check.js'
import { removeStaleStaging } from './staging.js'
import { PackError } from '../../src/repo/pack/index-pack.js'
import { recordSeq } from '../../src/repo/repo-index.js'
import { gitRefsOf } from '../../src/repo/settle-record.js'
import { writeIdentityChain } from '../../src/repo/identity-git.js'
import type { Logger } from '../log.js'
import type { Repos } from '../../src/repo/repos.js'
import type { RepoRecord } from '../../src/repo/repo-index.js'

export interface RepairOptions {
  /** the relay's data directory: quarantine/ and pending.json go there */
  dataDir: string
  /** where fetches are recorded (default: <dataDir>/pending.json) */
  pending?: PendingFetches
  log?: Logger
  signal?: AbortSignal
  /** a pack with no .idx modified this recently is left alone: `relay import` may be writing it (default 60 s) */
  orphanGraceMs?: number
  /** a staging directory of a live process is removed once untouched this long (default 1 h) */
  stagingMaxAgeMs?: number
}

export interface RepairReport {
  /** repositories checked */
  checked: number
  /** repositories in which something was changed */
  repaired: number
  /** .idx files written again from their pack */
  rebuilt: string[]
  /** what was moved to the quarantine; `outOfService`: the whole repository, which is fetched again */
  quarantined: Array<{ rid: string, reason: string, dir: string, outOfService: boolean }>
  /** leftovers of writes cut short: half-written packs, temporary files, staging directories */
  removed: string[]
  /** repositories that could not be checked (an error of this machine, not of the files): left as they are */
  failed: Array<{ rid: string, err: string }>
  ms: number
}

interface Context {
  repos: Repos
  opts: RepairOptions
  pending: PendingFetches
  log: Logger
  report: RepairReport
}

const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }

export async function repairRepositories (repos: Repos, opts: RepairOptions): Promise<RepairReport> {
  const started = performance.now()
  const ctx = context(repos, opts)
  const { report, log } = ctx
  await removeStaleStaging(dirname(repos.gitdir('x')), { maxAgeMs: opts.stagingMaxAgeMs, log }).then(r => report.removed.push(...r))
  // records the index cannot vouch for are set aside as they are read
  const index = repos.index instanceof FileRepoIndex ? repos.index : undefined
  const told = index?.onCorrupt
  let collecting = true
  const tell = (file: string, err: Error, movedTo?: string): void => {
    if (opts.log != null) log.warn(movedTo != null ? 'set aside an unreadable repository record' : 'could not read a repository record', { file, err: err.message })
    else told?.(file, err, movedTo)
    if (!collecting || movedTo == null) return
    report.quarantined.push({ rid: basename(file).replace(/\.json$/, ''), reason: `index record ${file}: ${err.message}`, dir: movedTo, outOfService: true })
    report.repaired++
  }
  if (index != null) index.onCorrupt = tell
  try {
    for (const record of await repos.list()) {
      opts.signal?.throwIfAborted()
      report.checked++
      const before = changes(report)
      try {
        await checkRepository(ctx, record, { full: false })
      } catch (err: any) {
        if (err.name === 'AbortError') throw err
        report.failed.push({ rid: record.rid, err: err.message })
        log.error('could not check a repository; left as it is', { rid: record.rid, err: err.message })
      }
      if (changes(report) > before) report.repaired++
    }
  } finally {
    collecting = false
  }
  report.ms = Math.round(performance.now() - started)
  return report
}

export interface ScrubOptions extends RepairOptions {
  /** rest between packs, ms (default 100); within a pack, as long as each chunk took */
  pauseMs?: number
}

/**
 * The background check a seeder runs after start: reads every pack through
 * and checks its trailer SHA-1 (and its .idx), one repository at a time,
 * holding it only while its packs are checked, resting between packs and
 * between chunks, so serving goes on. Damage takes the repository out of
 * service as at start.
 */
export async function scrubPacks (repos: Repos, opts: ScrubOptions): Promise<RepairReport & { packs: number, bytes: number }> {
  const started = performance.now()
  const ctx = context(repos, opts)
  const totals = { packs: 0, bytes: 0 }
  const rest = async (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))
  let chunkStart = performance.now()
  const pace = async (): Promise<void> => {
    // at most half the time: rest as long as the chunk took
    await rest(Math.min(50, performance.now() - chunkStart))
    chunkStart = performance.now()
  }
  for (const { rid } of await repos.list()) {
    opts.signal?.throwIfAborted()
    await repos.locked(rid, async () => {
      const record = await repos.index.get(rid)
      if (record == null) return
      ctx.report.checked++
      const before = changes(ctx.report)
      try {
        await checkRepository(ctx, record, { full: true, pace, counted: totals })
      } catch (err: any) {
        if (err.name === 'AbortError') throw err
        ctx.report.failed.push({ rid, err: err.message })
        ctx.log.error('could not check a repository; left as it is', { rid, err: err.message })
      }
      if (changes(ctx.report) > before) ctx.report.repaired++
    })
    await rest(opts.pauseMs ?? 100)
  }
  ctx.report.ms = Math.round(performance.now() - started)
  return { ...ctx.report, ...totals }
}

function changes (r: RepairReport): number {
  return r.rebuilt.length + r.removed.length + r.quarantined.length
}

function context (repos: Repos, opts: RepairOptions): Context {
  return {
    repos,
    opts,
    pending: opts.pending ?? new PendingFetches(join(opts.dataDir, 'pending.json')),
    log: opts.log ?? quiet,
    report: { checked: 0, repaired: 0, rebuilt: [], quarantined: [], removed: [], failed: [], ms: 0 }
  }
}

interface CheckMode {
  /** a running relay: every pack read through; leftovers are not touched (a writer may be at work) */
  full: boolean
  pace?: () => Promise<void>
  counted?: { packs: number, bytes: number }
}

/** One repository: its packs, then its tips, then its git refs. */
async function checkRepository (ctx: Context, record: RepoRecord, mode: CheckMode): Promise<void> {
  const { repos, report, log, opts } = ctx
  const rid = record.rid
  const gitdir = repos.gitdir(rid)
  const packDir = join(gitdir, 'objects', 'pack')
  const files = await readdir(packDir).catch(() => [] as string[])
  const idxs: Uint8Array[] = []
  const rebuiltBefore = report.rebuilt.length
  let uncertain = false
  for (const f of files) {
    const path = join(packDir, f)
    const stem = f.replace(/\.(pack|idx)$/, '')
    const hasPack = files.includes(`${stem}.pack`)
    const hasIdx = files.includes(`${stem}.idx`)
    if (mode.full && !(hasPack && hasIdx && f.endsWith('.pack'))) continue
    if (f.startsWith('tmp') || f.startsWith('.tmp-')) {
      // a git tool's (git repack's .tmp-*, or our own rebuild's) temporary file
      await rm(path, { recursive: true, force: true })
      report.removed.push(path)
    } else if (f.endsWith('.idx') && !hasPack) {
      // it indexes nothing: git ignores it, and nothing can be rebuilt from it
      await rm(path, { force: true })
      report.removed.push(path)
      log.warn('removed a pack index without its pack', { rid, file: path })
    } else if (f.endsWith('.pack') && !hasIdx) {
      const idx = await orphanPack(ctx, rid, path)
      if (idx != null) idxs.push(idx)
    } else if (f.endsWith('.pack')) {
      const idxPath = join(packDir, `${stem}.idx`)
      const damage = await checkPair(ctx, path, idxPath, idxs, mode)
      if (damage == null) continue
      const why = `pack ${path} is damaged: ${damage}`
      // a pack being rewritten in place (`relay import` copies packs with
      // writeFile) looks damaged for a moment: bit rot leaves the time alone
      if (await recentlyModified([path, idxPath], opts.orphanGraceMs ?? 60_000)) {
        uncertain = true
        report.failed.push({ rid, err: `${why}; it was modified in the last minute, so it may still be being written: checked again later` })
        log.warn('a pack looks damaged but was just modified; left as it is for now', { rid, file: path, err: damage })
        continue
      }
      await outOfService(ctx, record, why)
      return
    }
  }
  // isomorphic-git keeps parsed .idx files: forget a rebuilt one's old self
  if (report.rebuilt.length > rebuiltBefore) repos.dropCache(rid)
  if (uncertain) return
  // refs never point at missing objects
  // every writer's refs (and the canonical ones, which are among them)
  for (const [ref, oid] of Object.entries(gitRefsOf(record))) {
    if (idxs.some(idx => idxHas(idx, oid))) continue
    if (await stat(join(gitdir, 'objects', oid.slice(0, 2), oid.slice(2))).catch(() => undefined) != null) continue
    await outOfService(ctx, record, `${ref} points at ${oid}, which no pack or loose object here holds`)
    return
  }
  if (!mode.full) {
    await repos.mirrorRefs(rid, record.defaultBranch, {}, gitRefsOf(record))
    if ((record.identity?.length ?? 0) > 0) await writeIdentityChain(repos.fs, gitdir, record.identity ?? [])
  }
}

/**
 * A pack and its .idx: the .idx's checksum and layout, the pack's header,
 * size and trailer against it; with `full`, the pack's content against its
 * trailer too. A bad .idx is rebuilt from an intact pack. Returns what is
 * wrong with the pack, if it is damaged; pushes the good .idx on `idxs`.
 */
async function checkPair (ctx: Context, packPath: string, idxPath: string, idxs: Uint8Array[], mode: CheckMode): Promise<string | undefined> {
  const idx = new Uint8Array(await readFileOrEmpty(idxPath))
  let info
  try {
    info = checkIdx(idx)
  } catch (err: any) {
    ctx.log.warn('a pack index is damaged; indexing its pack again', { file: idxPath, err: err.message })
    const rebuilt = await rebuildIdx(ctx, packPath, idxPath, mode)
    if (typeof rebuilt === 'string') return rebuilt
    idxs.push(rebuilt)
    return undefined
  }
  const ends = await packEnds(packPath)
  if (ends.header instanceof PackError) return ends.header.message
  if (!Buffer.from(info.packChecksum).equals(ends.trailer)) return 'its trailer is not the checksum its index records'
  if (ends.header.count !== info.count) return `its header announces ${ends.header.count} objects, its index lists ${info.count}`
  if (info.maxOffset >= ends.size - 20) return `it is ${ends.size} bytes, too short for the objects its index lists`
  if (mode.full) {
    if (mode.counted != null) { mode.counted.packs++; mode.counted.bytes += ends.size }
    if (!await packTrailerMatches(packPath, { signal: ctx.opts.signal, pace: mode.pace })) return 'its trailer does not match its content'
  }
  idxs.push(idx)
  return undefined
}

/** An .idx from an intact pack, written in place of a bad one; or why the pack is damaged. */
async function rebuildIdx (ctx: Context, packPath: string, idxPath: string, mode: CheckMode): Promise<Uint8Array | string> {
  if (!await packTrailerMatches(packPath, { signal: ctx.opts.signal, pace: mode.pace })) return 'its trailer does not match its content'
  let idx: Uint8Array
  try {
    idx = (await indexPackFile(packPath, { signal: ctx.opts.signal, pace: mode.pace })).idx
  } catch (err: any) {
    if (!(err instanceof PackError)) throw err
    return err.message
  }
  await writeAtomically(idxPath, idx)
  ctx.report.rebuilt.push(idxPath)
  ctx.log.warn('rebuilt a pack index from its pack', { file: idxPath })
  return idx
}

/**
 * A pack with no .idx: git ignores it. Intact, it is indexed (and so kept);
 * half-written, removed; intact but with an object that does not inflate or
 * hash, quarantined (nothing pointed at it, so the repository stays).
 */
async function orphanPack (ctx: Context, rid: string, path: string): Promise<Uint8Array | undefined> {
  const { report, log, opts } = ctx
  const st = await stat(path)
  if (!await packTrailerMatches(path, { signal: opts.signal })) {
    if (Date.now() - st.mtimeMs < (opts.orphanGraceMs ?? 60_000)) {
      log.info('left a pack without an index alone: it may still be being written', { rid, file: path })
      return undefined
    }
    await rm(path, { force: true })
    report.removed.push(path)
    log.warn('removed a half-written pack', { rid, file: path, bytes: st.size })
    return undefined
  }
  let idx: Uint8Array
  try {
    idx = (await indexPackFile(path, { signal: opts.signal })).idx
  } catch (err: any) {
    if (!(err instanceof PackError)) throw err
    const { dir } = await quarantine(opts.dataDir, rid, [path], `pack ${path} had no index, and indexing it failed: ${err.message}`)
    report.quarantined.push({ rid, reason: `pack ${path}: ${err.message}`, dir, outOfService: false })
    log.warn('quarantined a damaged pack that had no index', { rid, file: path, err: err.message, dir })
    return undefined
  }
  const idxPath = path.replace(/\.pack$/, '.idx')
  await writeAtomically(idxPath, idx)
  report.rebuilt.push(idxPath)
  log.warn('indexed a pack that had no index', { rid, file: idxPath })
  return idx
}

/**
 * Takes a repository out of service: a fetch from peers is recorded first,
 * then its git directory and its index record go to the quarantine (in that
 * order: a crash between the two leaves a record whose tips are missing,
 * which the next start handles the same way).
 */
async function outOfService (ctx: Context, record: RepoRecord, why: string): Promise<void> {
  const { repos, report, log, opts } = ctx
  const rid = record.rid
  await ctx.pending.add({ rid, reason: 'damaged', genesis: Buffer.from(record.genesis).toString('base64'), minSeq: recordSeq(record) })
  const index = repos.index instanceof FileRepoIndex ? repos.index : undefined
  const { dir } = await quarantine(opts.dataDir, rid, [repos.gitdir(rid), ...(index != null ? [index.fileOf(rid)] : [])], why)
  if (index == null) {
    // another index: keep a copy of the record beside the files, then drop it
    await writeFile(join(dir, `${rid}.json`), JSON.stringify({ ...record, genesis: Buffer.from(record.genesis).toString('base64') }, null, 1))
    await repos.index.delete(rid)
  }
  repos.dropCache(rid)
  report.quarantined.push({ rid, reason: why, dir, outOfService: true })
  log.warn('took a damaged repository out of service; it will be fetched again from peers', { rid, why, dir, seq: recordSeq(record) })
}

async function recentlyModified (paths: string[], withinMs: number): Promise<boolean> {
  for (const p of paths) {
    const st = await stat(p).catch(() => undefined)
    if (st != null && Date.now() - st.mtimeMs < withinMs) return true
  }
  return false
}

async function readFileOrEmpty (path: string): Promise<Buffer> {
  const fh = await open(path, 'r').catch(() => undefined)
  if (fh == null) return Buffer.alloc(0)
  try { return await fh.readFile() } finally { await fh.close() }
}

/** Written beside, flushed, renamed over: a crash leaves the old file or the new one. */
async function writeAtomically (path: string, bytes: Uint8Array): Promise<void> {
  // named tmp_*: what a crash leaves is removed at the next start
  const tmp = join(dirname(path), `tmp_idx_guts_${process.pid}_${Math.random().toString(36).slice(2)}`)
  const fh = await open(tmp, 'w')
  try {
    await fh.writeFile(bytes)
    await fh.sync()
  } finally {
    await fh.close()
  }
  await rename(tmp, path)
}
