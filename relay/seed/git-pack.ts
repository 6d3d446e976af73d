// Relays build the packs they serve with the stock git, as `git upload-pack`
// would (`git pack-objects --revs`: deltas reused, only what the peer
// lacks), into a temporary file that is streamed to the peer. Nothing of the
// pack is held in memory, and the disk such files take is capped.
//
// Peers asking for the same thing share one build: a classroom cloning the
// same repository, everyone fetching the same new commit (same wants, same
// haves), a crowd of identities asking for one pack. A built pack stays for
// a while after its last reader, for the next one (a clone's for 10
// minutes: every new reader of a repository asks for the same).
//
// A client that can complete a thin pack and sends haves gets one, as `git
// fetch` does (`--thin`: deltas on objects the haves reach, left out of the
// pack): an edited file costs its delta, not its whole new version. Thin
// and self-contained builds are never shared with each other.
//
// Clones too are built by git, not sent as the stored pack: a stored pack
// may hold objects no published ref reaches any more (history rewritten,
// a branch deleted), and a clone sends what the refs reach and no more.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { join } from 'node:path'
import { fileSource, packObjectCount } from '../../src/repo/pack-source.js'
import { UnknownWantError } from '../../src/repo/remote.js'
import { allTips, recordSeq } from '../../src/repo/repo-index.js'
import type { PackSource } from '../../src/repo/pack-source.js'
import type { Repos } from '../../src/repo/repos.js'
import type { PackBuilder } from '../../src/sync/pack/index.js'
import type { GitFs } from '../../src/repo/fs.js'

/** Too many built packs are waiting on their readers right now: ask again later. */
export class BusyError extends Error {
  static name = 'BusyError'
  name = 'BusyError'
}

export interface GitPackInit {
  repos: Repos
  /** where packs are built; emptied when the relay starts */
  dir: string
  /** bytes of built packs on disk at once; default 1 GiB */
  maxDiskBytes?: number
  /** largest pack built; default 256 MiB */
  maxPackBytes?: number
  /** how long a built pack is kept after its last reader; default 30 s, and 10 min for a clone's */
  keepMs?: number
  cloneKeepMs?: number
}

interface Built { file: string, bytes: number, objects: number }
interface Entry { built: Promise<Built>, readers: number, timer?: ReturnType<typeof setTimeout> }

export function gitPackBuilder (init: GitPackInit): PackBuilder {
  const maxDisk = init.maxDiskBytes ?? 1024 * 1024 * 1024
  const maxPack = init.maxPackBytes ?? 256 * 1024 * 1024
  const keepMs = init.keepMs ?? 30_000
  const cloneKeepMs = init.cloneKeepMs ?? 10 * 60_000
  const cache = new Map<string, Entry>()
  let onDisk = 0

  const drop = (key: string, entry: Entry): void => {
    if (cache.get(key) !== entry) return
    cache.delete(key)
    void entry.built.then(b => { onDisk -= b.bytes; fs.rmSync(b.file, { force: true }) }, () => {})
  }
  /** frees idle built packs until `need` more bytes fit */
  const makeRoom = (need: number): void => {
    for (const [key, e] of cache) {
      if (onDisk + need <= maxDisk) return
      if (e.readers === 0) { clearTimeout(e.timer); drop(key, e) }
    }
  }

  return async ({ rid, wants, haves, thin }, signal) => {
    const record = await init.repos.get(rid)
    // every writer's tips: a fork's commits are wanted too
    const tips = allTips(record)
    // every want a tip: our clients only ever want tips (from signed refs),
    // and checking a stranger's want for reachability would mean walking the
    // whole history for anyone who sends a random id
    const stray = wants.find(w => !tips.has(w))
    if (stray != null) throw new UnknownWantError(`${stray} is not a tip of this repository's signed refs`)
    const gitdir = init.repos.gitdir(rid)
    const common = await heldCommits(gitdir, haves, signal)
    const asThin = thin === true && common.length > 0
    const key = `${rid}\n${recordSeq(record)}\n${asThin ? 'thin' : 'whole'}\n${[...new Set(wants)].sort().join(',')}\n${[...new Set(common)].sort().join(',')}`
    let entry = cache.get(key)
    if (entry == null) {
      makeRoom(0)
      if (onDisk >= maxDisk) throw new BusyError('this relay is sending too many packs; try again later')
      const built = build(gitdir, [...wants, ...common.map(h => `^${h}`)], asThin, init.dir, maxPack, signal)
      const e: Entry = { built, readers: 0 }
      entry = e
      cache.set(key, e)
      built.then(b => { onDisk += b.bytes }, () => { if (cache.get(key) === e) cache.delete(key) })
    }
    entry.readers++
    clearTimeout(entry.timer)
    let b: Built
    try {
      b = await entry.built
    } catch (err) {
      entry.readers--
      throw err
    }
    const e = entry
    const source = fileSource(fs as unknown as GitFs, b.file, { objects: b.objects, bytes: b.bytes })
    let closed = false
    const done: PackSource = {
      ...source,
      close: async () => {
        if (closed) return
        closed = true
        await source.close()
        if (--e.readers > 0) return
        if (onDisk > maxDisk) { drop(key, e); return }
        e.timer = setTimeout(() => { if (e.readers === 0) drop(key, e) }, common.length === 0 ? cloneKeepMs : keepMs)
        e.timer.unref?.()
      }
    }
    return done
  }
}

async function build (gitdir: string, revs: string[], thin: boolean, dir: string, maxBytes: number, signal: AbortSignal): Promise<Built> {
  fs.mkdirSync(dir, { recursive: true })
  const file = join(dir, `outgoing-${randomBytes(8).toString('hex')}.pack`)
  try {
    const bytes = await packObjects(gitdir, revs, thin, file, maxBytes, signal)
    const head = Buffer.alloc(12)
    const fd = fs.openSync(file, 'r')
    try { fs.readSync(fd, head, 0, 12, 0) } finally { fs.closeSync(fd) }
    const objects = packObjectCount(head)
    if (objects == null) throw new Error('git pack-objects wrote no pack')
    return { file, bytes, objects }
  } catch (err) {
    fs.rmSync(file, { force: true })
    throw err
  }
}

/** The haves that are commits we hold (git refuses to exclude what it does not know). */
async function heldCommits (gitdir: string, haves: string[], signal: AbortSignal): Promise<string[]> {
  if (haves.length === 0) return []
  const out = await run(['--git-dir', gitdir, 'cat-file', '--batch-check'], haves.join('\n') + '\n', signal)
  return out.split('\n').map(l => l.split(' ')).filter(p => p.length === 3 && p[1] === 'commit').map(p => p[0])
}

async function run (args: string[], input: string, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { stdio: ['pipe', 'pipe', 'pipe'], signal })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => { out += d })
    child.stderr.on('data', (d) => { err += String(d).slice(0, 1000) })
    child.on('error', reject)
    child.on('close', (code) => code === 0 ? resolve(out) : reject(new Error(`git ${args.slice(2).join(' ')} failed: ${err.trim() || `exit ${code}`}`)))
    child.stdin.on('error', () => {})
    child.stdin.end(input)
  })
}

/** Runs git pack-objects for `revs` into `file` (`thin`: with deltas on what the ^revs reach, left out); its size. */
async function packObjects (gitdir: string, revs: string[], thin: boolean, file: string, maxBytes: number, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const args = ['--git-dir', gitdir, 'pack-objects', '--stdout', '--revs', '--delta-base-offset', '--quiet', ...(thin ? ['--thin'] : [])]
    const child = spawn('git', args, { stdio: ['pipe', 'pipe', 'pipe'], signal })
    const out = fs.createWriteStream(file)
    let bytes = 0
    let err = ''
    let failed: Error | undefined
    child.stdout.on('data', (d: Buffer) => {
      bytes += d.length
      if (bytes > maxBytes && failed == null) {
        failed = new Error(`the pack would be over ${maxBytes} bytes`)
        child.kill('SIGKILL')
      }
    })
    child.stdout.pipe(out)
    child.stderr.on('data', (d) => { err += String(d).slice(0, 1000) })
    child.on('error', (e) => { failed ??= e })
    child.stdin.on('error', () => {})
    child.stdin.end(revs.join('\n') + '\n')
    let exit: number | null | undefined
    let flushed = false
    const finish = (): void => {
      if (exit === undefined || !flushed) return
      if (failed != null) reject(failed)
      else if (exit !== 0) reject(new Error(`git pack-objects failed: ${err.trim() || `exit ${exit}`}`))
      else resolve(bytes)
    }
    child.on('close', (code) => { exit = code; finish() })
    out.on('close', () => { flushed = true; finish() })
    out.on('error', (e) => { failed ??= e; flushed = true; finish() })
  })
}
