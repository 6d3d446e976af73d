// The checks Guts makes on every commit, tree and tag a peer sends
// (src/repo/pack/fsck.ts), run on what a `git fetch` just brought into a
// relay's staging repository. git has already hashed every object (its
// index-pack) and checked that everything the refs reach is there (fetch's
// connectivity check); what it does not refuse by default and a tab would
// (names that mean `.git` somewhere, odd modes, …) is refused here, so a
// relay never serves a repository its tabs cannot take. Blobs are never
// read: no check looks inside them.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { join } from 'node:path'
import { checkObject } from '../src/repo/pack/fsck.js'
import { ImportError } from '../src/repo/errors.js'

/** Checks every commit, tree and tag that `gitdir`'s own packs hold (not its alternates': those were checked when they came). */
export async function checkFetchedObjects (gitdir: string, signal?: AbortSignal): Promise<number> {
  const listing = await run(gitdir, ['cat-file', '--batch-all-objects', '--batch-check=%(objectname) %(objecttype)', '--unordered'], undefined, signal)
  const ids: string[] = []
  for (const line of listing.toString('latin1').split('\n')) {
    if (line === '' || line.endsWith(' blob')) continue
    ids.push(line.slice(0, 40))
  }
  if (ids.length > 0) await checkStreamed(gitdir, ids, signal)
  return ids.length
}

/**
 * `git cat-file --batch` on `ids` into a file beside them (a pipe into Node
 * moved 31 MB in 650-780 ms here, a file in ~300), then each object checked
 * from windows of the file read back: memory stays at one window (or one
 * object, if bigger).
 */
async function checkStreamed (gitdir: string, ids: string[], signal?: AbortSignal): Promise<void> {
  const file = join(gitdir, `guts-check-${process.pid}.tmp`)
  const out = fs.openSync(file, 'w')
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('git', ['--git-dir', gitdir, 'cat-file', '--batch', '--buffer'], { stdio: ['pipe', out, 'pipe'], signal })
      let err = ''
      child.stderr!.on('data', (d) => { err += String(d).slice(0, 2000) })
      child.stdin!.on('error', () => {}) // an early exit is reported by close
      child.on('error', reject)
      child.on('close', (code) => code === 0 ? resolve() : reject(new ImportError(`git cat-file failed: ${err.trim().split('\n').at(-1) || `exit ${code}`}`)))
      child.stdin!.end(ids.join('\n') + '\n')
    })
    fs.closeSync(out)
    checkFile(file, ids.length)
  } finally {
    try { fs.closeSync(out) } catch {}
    fs.rmSync(file, { force: true })
  }
}

const WINDOW = 8 * 1024 * 1024

/** `<id> <type> <size>\n<contents>\n`, over and over: each object checked. */
function checkFile (file: string, expected: number): void {
  const fd = fs.openSync(file, 'r')
  try {
    const size = fs.fstatSync(fd).size
    let buf = Buffer.alloc(0)
    let base = 0 // file offset of buf[0]
    let checked = 0
    const have = (end: number): void => {
      // make buf hold [base, end) of the file, reading past it a window at a time
      if (end <= base + buf.length) return
      const start = base + buf.length
      const want = Math.min(size, Math.max(end, start + WINDOW)) - start
      const more = Buffer.alloc(want)
      fs.readSync(fd, more, 0, want, start)
      buf = buf.length === 0 ? more : Buffer.concat([buf, more])
    }
    let at = 0
    while (at < size) {
      have(Math.min(size, at + 128))
      let nl = buf.indexOf(0x0a, at - base)
      if (nl < 0) throw new ImportError('git cat-file stopped in the middle of an object')
      nl += base
      const [id, type, length] = buf.toString('latin1', at - base, nl - base).split(' ')
      if (type === 'missing' || length == null) throw new ImportError(`object ${id} went missing while it was checked`)
      const start = nl + 1
      const end = start + Number(length)
      if (end + 1 > size) throw new ImportError('git cat-file stopped in the middle of an object')
      have(end + 1)
      try {
        checkObject(type, buf.subarray(start - base, end - base), id)
      } catch (e: any) {
        throw new ImportError(`git fsck would refuse what it holds: ${e.message}`)
      }
      checked++
      at = end + 1
      // let go of what is behind
      if (at - base > WINDOW) { buf = buf.subarray(at - base); base = at }
    }
    if (checked !== expected) throw new ImportError(`git cat-file gave ${checked} of ${expected} objects`)
  } finally {
    fs.closeSync(fd)
  }
}

async function run (gitdir: string, args: string[], input: string | undefined, signal?: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['--git-dir', gitdir, ...args], { stdio: ['pipe', 'pipe', 'pipe'], signal })
    const chunks: Buffer[] = []
    let err = ''
    child.stdout.on('data', (d: Buffer) => chunks.push(d))
    child.stderr.on('data', (d) => { err += String(d).slice(0, 2000) })
    child.on('error', reject)
    child.on('close', (code) => code === 0 ? resolve(Buffer.concat(chunks)) : reject(new ImportError(`git ${args[0]} failed: ${err.trim().split('\n').at(-1) || `exit ${code}`}`)))
    child.stdin.on('error', () => {}) // an early exit is reported by close
    child.stdin.end(input ?? '')
  })
}
