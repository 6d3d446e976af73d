// Keeping a relay's repositories compact with the stock git: every fetch and
// every `relay import` adds a pack, and a repository of a thousand packs
// reads (and serves) slower than one of a single pack. Past a few packs, or
// once a day, `git repack` merges them into one.
//
// Nothing is ever missing, whenever the process stops: git writes the new
// pack under a temporary name (objects/pack/.tmp-*), renames the .pack and
// then the .idx into place (from then on it is complete and visible), and
// only then deletes the packs it replaces and the loose objects now packed.
// A stop before the rename leaves the old packs and a temporary file (removed
// here next time, and by repair.ts at start); after it, objects held twice
// for a moment. git 2.39 (Debian 12's) deletes a replaced pack's .pack
// before its .idx: a stop between the two leaves an .idx alone, which git
// ignores and never removes; it indexes nothing, so it is a leftover too.
// Everything is kept, reachable or not (--keep-unreachable):
// what no git ref reaches may belong to a fetch under way, and the relay's
// refs are its signed refs, not git's. Runs under the repository's lock, so
// no pack is stored into it meanwhile; git's own readers (pack-objects
// serving a peer, http-backend) find the objects in one pack or the other.
import { spawn } from 'node:child_process'
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Repos } from '../../src/repo/repos.js'
import type { Logger } from '../log.js'

/** A repository with more packs than this is repacked when it changes (git's gc.autoPackLimit is 50; a relay serves, so fewer) */
export const REPACK_PACK_LIMIT = 8
/** loose object directories (objects/00 … ff) past which it is repacked too */
export const REPACK_LOOSE_DIRS = 32

export interface PackCount { packs: number, looseDirs: number, leftovers: string[] }

/** What a repository holds, cheaply: two directory listings. */
export async function countPacks (gitdir: string): Promise<PackCount> {
  const packDir = join(gitdir, 'objects', 'pack')
  const names = await readdir(packDir).catch(() => [] as string[])
  const objects = await readdir(join(gitdir, 'objects')).catch(() => [] as string[])
  const idxs = names.filter(n => /^pack-[0-9a-f]{40}\.idx$/.test(n))
  const alone = idxs.filter(n => !names.includes(n.replace(/\.idx$/, '.pack')))
  return {
    packs: idxs.length - alone.length,
    looseDirs: objects.filter(n => /^[0-9a-f]{2}$/.test(n)).length,
    leftovers: [...names.filter(n => n.startsWith('.tmp-') || n.startsWith('tmp_')), ...alone].map(n => join(packDir, n))
  }
}

export function needsRepack (c: PackCount, limit = REPACK_PACK_LIMIT): boolean {
  return c.packs > limit || c.looseDirs > REPACK_LOOSE_DIRS
}

export interface RepackResult { rid: string, packsBefore: number, ms: number }

/**
 * Repacks one repository into a single pack, under its lock; `force`: even
 * when it is compact enough (a daily round with force for any repository of
 * more than one pack). Returns undefined when there was nothing to do.
 */
export async function repackRepository (repos: Repos, rid: string, opts: { force?: boolean, limit?: number, signal?: AbortSignal } = {}): Promise<RepackResult | undefined> {
  const gitdir = repos.gitdir(rid)
  return await repos.locked(rid, async () => {
    const before = await countPacks(gitdir)
    // a temporary file or an .idx alone is only ever a repack's (ours, under
    // this lock) cut short
    for (const f of before.leftovers) await rm(f, { recursive: true, force: true })
    if (before.leftovers.length > 0) repos.dropCache(rid)
    const worth = opts.force === true ? before.packs > 1 || before.looseDirs > 0 : needsRepack(before, opts.limit)
    if (!worth) return undefined
    const started = performance.now()
    await git(gitdir, ['-c', 'pack.writeBitmaps=false', '-c', 'repack.writeBitmaps=false', '-c', 'gc.auto=0',
      'repack', '-a', '-d', '-q', '--keep-unreachable'], opts.signal)
    // isomorphic-git and the clone-pack cache remember which packs there were
    repos.dropCache(rid)
    return { rid, packsBefore: before.packs, ms: Math.round(performance.now() - started) }
  })
}

/**
 * Repacks every repository that needs it, one at a time; `force`: every
 * repository of more than one pack (the daily round). A failure is logged
 * and the round goes on.
 */
export async function repackAll (repos: Repos, opts: { force?: boolean, limit?: number, log?: Logger, signal?: AbortSignal } = {}): Promise<RepackResult[]> {
  const done: RepackResult[] = []
  for (const { rid } of await repos.list()) {
    opts.signal?.throwIfAborted()
    try {
      const r = await repackRepository(repos, rid, opts)
      if (r != null) {
        done.push(r)
        opts.log?.info('repacked a repository', { rid, packs: r.packsBefore, ms: r.ms })
      }
    } catch (err: any) {
      if (err.name === 'AbortError') throw err
      opts.log?.warn('could not repack a repository; left as it is', { rid, err: err.message })
    }
  }
  return done
}

export class RepackError extends Error {
  static name = 'RepackError'
  name = 'RepackError'
}

async function git (gitdir: string, args: string[], signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['--git-dir', gitdir, ...args], { stdio: ['ignore', 'ignore', 'pipe'], signal })
    let err = ''
    child.stderr.on('data', (d) => { err += String(d).slice(0, 2000) })
    child.on('error', reject)
    child.on('close', (code) => code === 0 ? resolve() : reject(new RepackError(`git repack failed: ${err.trim().split('\n').at(-1) || `exit ${code}`}`)))
  })
}
