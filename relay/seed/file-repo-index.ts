// The relay's repository index on disk: one JSON file per repository in
// <data>/index/<rid>.json, written to a temporary file, flushed and renamed,
// so a crash (even SIGKILL) leaves either the old record or the new one.
//
// A record is checked whenever it is read: the rid is its file's name, the
// genesis hashes to it, the signed refs verify against the genesis (a record
// we cannot vouch for would have peers cut us off as a forger). One that
// fails (a flipped bit, a truncated file, someone's edit) is not served: it
// is moved to <data>/quarantine/<rid>/<time>/ with the repository's git
// directory, a fetch from peers is recorded in <data>/pending.json, and the
// other repositories are served as usual.
//
// The contract every RepoIndex keeps is in src/repo/repo-index.ts. The data
// directory's layout (these records, pending.json) carries a schema version
// in <data>/SCHEMA: see checkDataSchema() below.
import { createHash } from 'node:crypto'
import { open, readdir, rename, rm, mkdir, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { isRid, ridOf } from '../../src/core/genesis.js'
import { createLogger } from '../log.js'
import { PendingFetches } from './pending-fetches.js'
import { quarantine } from './quarantine.js'
import { byRid, CallOrder, checkRecord, copyRecord, InvalidRecordError } from '../../src/repo/repo-index.js'
import type { RepoIndex, RepoRecord } from '../../src/repo/repo-index.js'

interface Stored extends Omit<RepoRecord, 'genesis'> { genesis: string }

/** a delegate's signed refs are at most 1 MiB, non-delegates' 16 MiB together (core/namespace-accept.ts), a genesis 8 KiB: a larger record is not one of ours */
const MAX_RECORD_BYTES = 24 * 1024 * 1024

export class CorruptRecordError extends Error {
  static name = 'CorruptRecordError'
  name = 'CorruptRecordError'
}

/**
 * The layout of a relay's data directory, in <data>/SCHEMA. 1: index/<rid>.json
 * records and pending.json as this file and pending-fetches.ts write them. A
 * change of layout bumps it, and init() migrates older data before writing the
 * new number; a relay never reads data of a version it does not know.
 */
export const DATA_SCHEMA_VERSION = 1
export const SCHEMA_FILE = 'SCHEMA'

/** The data directory was written by a newer relay, or says no version we can read: nothing in it is read. */
export class DataSchemaError extends Error {
  static name = 'DataSchemaError'
  name = 'DataSchemaError'
  constructor (message: string) {
    super(message)
    // a refusal about the data, not a bug: the operator needs the one line, not a stack
    this.stack = message
  }
}

export interface FileRepoIndexInit {
  /** the data directory: quarantine/, pending.json and repos/ are in it (default: the index's parent) */
  dataDir?: string
  /** told about each record found unreadable, with where it was moved (default: a warning on stderr) */
  onCorrupt?: (file: string, err: Error, movedTo?: string) => void
  /** where fetches of repositories set aside are recorded (default: <dataDir>/pending.json) */
  pending?: PendingFetches
}

export class FileRepoIndex implements RepoIndex {
  /** told about each record found unreadable; the relay points it at its own log */
  onCorrupt: (file: string, err: Error, movedTo?: string) => void
  private readonly dataDir: string
  private readonly pending: PendingFetches
  /** digest of each record's text that verified: reading it again costs no signature check */
  private readonly verified = new Map<string, string>()
  private readonly settingAside = new Map<string, Promise<void>>()
  private readonly order = new CallOrder()

  constructor (private readonly dir: string, init: FileRepoIndexInit = {}) {
    this.dataDir = init.dataDir ?? dirname(dir)
    this.pending = init.pending ?? new PendingFetches(join(this.dataDir, 'pending.json'))
    const fallback = createLogger()
    this.onCorrupt = init.onCorrupt ?? ((file, err, movedTo) => fallback.warn(movedTo != null ? 'set aside an unreadable repository record' : 'could not read a repository record', { file, err: err.message }))
  }

  /** Refuses (DataSchemaError) a data directory of a newer schema; readies the directory. */
  async init (): Promise<void> {
    await checkDataSchema(this.dataDir)
    await mkdir(this.dir, { recursive: true })
    // leftovers of writes cut short by a crash
    for (const f of await readdir(this.dir)) if (f.endsWith('.tmp')) await rm(join(this.dir, f), { force: true })
  }

  /** The file that holds a repository's record. */
  fileOf (rid: string): string { return join(this.dir, `${rid}.json`) }

  async list (): Promise<RepoRecord[]> {
    await this.order.allSettled()
    const out: RepoRecord[] = []
    for (const f of await readdir(this.dir).catch(() => [] as string[])) {
      if (!f.endsWith('.json')) continue
      // (a file not named after a repository id is not a record: left alone)
      const r = await this.get(f.slice(0, -5))
      if (r != null) out.push(r)
    }
    // readdir's order is the file system's
    return out.sort(byRid)
  }

  /** The record, or undefined when there is none or it cannot be vouched for (it is then set aside). */
  async get (rid: string): Promise<RepoRecord | undefined> {
    if (!isRid(rid)) return undefined
    await this.order.settled(rid)
    const file = this.fileOf(rid)
    let text: string
    try {
      text = await readCapped(file)
    } catch (err: any) {
      if (err.code === 'ENOENT') return undefined
      if (err instanceof CorruptRecordError) {
        await this.setAside(rid, file, err)
        return undefined
      }
      // not the record's fault (permissions, too many open files): leave it be
      this.onCorrupt(file, new Error(`could not read it: ${err.message}`))
      return undefined
    }
    try {
      return await this.decode(rid, text)
    } catch (err: any) {
      await this.setAside(rid, file, err)
      return undefined
    }
  }

  /** Checks the record as a reader would (one we could not read back is refused, not written), then writes it atomically. */
  async put (record: RepoRecord): Promise<void> {
    // the text as the record is now: the caller may change it once we wait
    const copy = copyRecord(record)
    const stored: Stored = { ...copy, genesis: Buffer.from(copy.genesis).toString('base64') }
    const text = JSON.stringify(stored, null, 1)
    await this.order.change(copy.rid, async () => {
      await checkRecord(copy)
      const size = Buffer.byteLength(text)
      if (size > MAX_RECORD_BYTES) throw new InvalidRecordError(`the record of ${copy.rid} is ${size} bytes, more than a record can be`)
      this.verified.delete(copy.rid)
      await writeAtomically(this.fileOf(copy.rid), text)
      // checked above: reading it back costs no signature check
      this.verified.set(copy.rid, digestOf(text))
    })
  }

  async delete (rid: string): Promise<void> {
    // (a rid names a file: anything else could name one outside the index)
    if (!isRid(rid)) return
    await this.order.change(rid, async () => {
      this.verified.delete(rid)
      await rm(this.fileOf(rid), { force: true })
    })
  }

  // ---- internals

  /** Parses and checks a record; throws a one-line error saying what is wrong. */
  private async decode (rid: string, text: string): Promise<RepoRecord> {
    const digest = digestOf(text)
    let s: Stored
    try {
      s = JSON.parse(text)
    } catch {
      throw new CorruptRecordError('it is not JSON')
    }
    if (s == null || typeof s !== 'object' || Array.isArray(s)) throw new CorruptRecordError('it is not a JSON object')
    if (s.rid !== rid) throw new CorruptRecordError('its rid is not its file name')
    const genesisBytes = decodeBase64(s.genesis)
    if (typeof s.updated !== 'number' || !Number.isFinite(s.updated)) throw new CorruptRecordError('it has no "updated" time')
    if (s.signedRefs == null || typeof s.signedRefs !== 'object') throw new CorruptRecordError('it has no signed refs')
    const record: RepoRecord = copyRecord({ ...s, rid, genesis: genesisBytes })
    if (this.verified.get(rid) !== digest) {
      // the genesis, the identity chain and every namespace, as put() checks them
      await checkRecord(record).catch((err: Error) => { throw new CorruptRecordError(err.message.replace(/^the record of \S+ /, 'it ')) })
      this.verified.set(rid, digest)
    }
    return record
  }

  /**
   * Moves a bad record (and the repository's git directory, which nothing
   * vouches for any more) to the quarantine, records a fetch from peers,
   * and says so. Once per record, however many readers find it at once.
   */
  private async setAside (rid: string, file: string, err: Error): Promise<void> {
    const running = this.settingAside.get(file)
    if (running != null) return running
    const p = (async () => {
      this.verified.delete(rid)
      if (await stat(file).catch(() => undefined) == null) return // someone else (`relay import`) moved it meanwhile
      const gitdir = join(this.dataDir, 'repos', `${rid}.git`)
      let dir: string
      try {
        const q = await quarantine(this.dataDir, rid, [file, gitdir], `the index record ${file} cannot be used: ${err.message}`)
        if (!q.moved.includes(file)) return
        dir = q.dir
        await this.pending.add({ rid, reason: 'unreadable-index', genesis: await recoverGenesis(rid, file, dir) })
      } catch (e: any) {
        // still not served; said again at the next read
        this.onCorrupt(file, new Error(`${err.message}; could not set it aside: ${e.message}`))
        return
      }
      this.onCorrupt(file, new Error(`${err.message}; moved to ${dir}`), dir)
    })().finally(() => this.settingAside.delete(file))
    this.settingAside.set(file, p)
    return p
  }
}

/**
 * Reads <dataDir>/SCHEMA: a missing one is a data directory from before
 * versions (or a new one), which is version 1 and gets the file; a newer
 * version, or a file that is not a version number, throws DataSchemaError
 * naming the file, so the relay stops before it reads anything.
 */
export async function checkDataSchema (dataDir: string): Promise<number> {
  const file = join(dataDir, SCHEMA_FILE)
  let fh
  try {
    fh = await open(file, 'r')
  } catch (err: any) {
    if (err.code !== 'ENOENT') throw err
    await mkdir(dataDir, { recursive: true })
    await writeAtomically(file, `${DATA_SCHEMA_VERSION}\n`)
    return DATA_SCHEMA_VERSION
  }
  let text: string
  try {
    // a number: anything long is not ours
    const { bytesRead, buffer } = await fh.read({ buffer: Buffer.alloc(64) })
    text = buffer.subarray(0, bytesRead).toString('utf8')
  } finally {
    await fh.close()
  }
  const found = text.trim()
  if (!/^[1-9][0-9]{0,8}$/.test(found)) throw new DataSchemaError(`${file} does not hold a schema version (${JSON.stringify(found.slice(0, 40))}); it should hold ${DATA_SCHEMA_VERSION} for this relay`)
  const version = Number(found)
  if (version > DATA_SCHEMA_VERSION) throw new DataSchemaError(`${file} says schema version ${version}, newer than this relay reads (${DATA_SCHEMA_VERSION}): a newer Guts relay wrote this data directory; run that one, or choose another directory with --data`)
  return version
}

/** To a temporary file, flushed, then renamed: a crash leaves the old file or the new one. */
async function writeAtomically (file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  const fh = await open(tmp, 'w')
  try {
    await fh.writeFile(text)
    await fh.sync()
  } catch (err) {
    await fh.close().catch(() => {})
    await rm(tmp, { force: true })
    throw err
  }
  await fh.close()
  await rename(tmp, file)
}

function digestOf (text: string): string { return createHash('sha1').update(text).digest('hex') }

/** Reads a record, refusing one too large to be ours. */
async function readCapped (file: string): Promise<string> {
  const fh = await open(file, 'r')
  try {
    const { size } = await fh.stat()
    if (size > MAX_RECORD_BYTES) throw new CorruptRecordError(`it is ${size} bytes, more than a record can be`)
    const bytes = await fh.readFile()
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    } catch {
      throw new CorruptRecordError('it is not UTF-8 text')
    }
  } finally {
    await fh.close()
  }
}

/** Strict base64: what decodes must encode back to the same text, or a flipped bit could go unseen. */
function decodeBase64 (s: unknown): Uint8Array {
  if (typeof s !== 'string' || s.length > 16 * 1024) throw new CorruptRecordError('it has no genesis')
  const bytes = Buffer.from(s, 'base64')
  if (bytes.toString('base64') !== s) throw new CorruptRecordError('its genesis is not base64')
  return new Uint8Array(bytes)
}

/** The genesis of a record set aside, when it still hashes to the rid: a fetch can then be checked against it. */
async function recoverGenesis (rid: string, file: string, dir: string): Promise<string | undefined> {
  try {
    const { genesis } = JSON.parse(await readCapped(join(dir, basename(file))))
    return await ridOf(decodeBase64(genesis)) === rid ? genesis : undefined
  } catch {
    return undefined
  }
}
