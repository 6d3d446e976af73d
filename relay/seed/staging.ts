// Imports fill <root>/.staging-<pid>-<random> and rename it under its RID
// once complete (src/repo/repos.ts); the index record is written only after
// that, so a staging directory is never published. One left behind is the
// leftover of an import that was killed: removed here. `relay import` may be
// running beside the relay on the same data directory, so a directory whose
// process is alive is kept, unless it has not been touched for an hour (its
// pid was then most likely reused).
import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../log.js'

const STAGING = /^\.staging-(?:(\d+)-)?/

export async function removeStaleStaging (root: string, opts: { maxAgeMs?: number, now?: number, log?: Logger } = {}): Promise<string[]> {
  const maxAge = opts.maxAgeMs ?? 60 * 60 * 1000
  const now = opts.now ?? Date.now()
  const removed: string[] = []
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const m = STAGING.exec(name)
    if (m == null) continue
    const dir = join(root, name)
    const pid = m[1] != null ? Number(m[1]) : undefined
    const idle = now - await lastTouched(dir)
    // no pid (named before pids were), or a live one: kept while recently touched
    const owner = pid == null || pid <= 0 ? 'unknown' : alive(pid) ? 'alive' : 'dead'
    if (owner !== 'dead' && idle < maxAge) {
      opts.log?.debug('kept a staging directory in use', { dir, pid, idleMs: Math.round(idle) })
      continue
    }
    await rm(dir, { recursive: true, force: true })
    removed.push(dir)
    opts.log?.warn('removed the staging directory of an import cut short', { dir, pid })
  }
  return removed
}

/** Whether a process runs with this pid; this process itself has imported nothing yet (so its pid's directory is an earlier one's). */
function alive (pid: number): boolean {
  if (pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (err: any) {
    // EPERM: it runs, as another user
    return err.code === 'EPERM'
  }
}

/** The newest modification among the directory and where an import writes into it. */
async function lastTouched (dir: string): Promise<number> {
  let newest = 0
  for (const p of [dir, join(dir, 'objects'), join(dir, 'objects', 'pack')]) {
    const st = await stat(p).catch(() => undefined)
    if (st != null) newest = Math.max(newest, st.mtimeMs)
  }
  return newest
}
