// The checks Guts makes on every commit, tree and tag a peer sends
// (src/repo/pack/fsck.ts), run on what a `git fetch` just brought into a
// relay's staging repository. git has already hashed every object (its
// index-pack) and checked that everything the refs reach is there (fetch's
// connectivity check); what it does not refuse by default and a tab would
// (names that mean `.git` somewhere, odd modes, …) is refused here, so a
// relay never serves a repository its tabs cannot take. Blobs are never
// read: no check looks inside them.
import { spawn } from 'node:child_process'
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
 * `git cat-file --batch` on `ids`, each object checked as soon as its bytes
 * are in: git resolves the next deltas while we check (two cores busy, and
 * never more than one object's bytes waiting beyond the pipe's).
 */
async function checkStreamed (gitdir: string, ids: string[], signal?: AbortSignal): Promise<void> {
  const child = spawn('git', ['--git-dir', gitdir, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'], signal })
  let err = ''
  child.stderr.on('data', (d) => { err += String(d).slice(0, 2000) })
  child.stdin.on('error', () => {}) // an early exit is reported below
  child.stdin.end(ids.join('\n') + '\n')
  const exited = new Promise<number | null>((resolve, reject) => { child.on('error', reject); child.on('close', resolve) })
  let buf: Buffer = Buffer.alloc(0)
  let checked = 0
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk])
      let at = 0
      for (;;) {
        const nl = buf.indexOf(0x0a, at)
        if (nl < 0) break
        const [id, type, size] = buf.toString('latin1', at, nl).split(' ')
        if (type === 'missing' || size == null) throw new ImportError(`object ${id} went missing while it was checked`)
        const start = nl + 1
        const end = start + Number(size)
        if (end + 1 > buf.length) break // the rest of it is still coming
        try {
          checkObject(type, buf.subarray(start, end), id)
        } catch (e: any) {
          throw new ImportError(`git fsck would refuse what it holds: ${e.message}`)
        }
        checked++
        at = end + 1
      }
      buf = buf.subarray(at)
    }
  } catch (e) {
    child.kill()
    throw e
  }
  const code = await exited
  if (code !== 0) throw new ImportError(`git cat-file failed: ${err.trim().split('\n').at(-1) || `exit ${code}`}`)
  if (checked !== ids.length || buf.length > 0) throw new ImportError(`git cat-file gave ${checked} of ${ids.length} objects`)
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
