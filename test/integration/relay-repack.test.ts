// A relay's repositories stay compact and whole: `relay import` run again
// and again (a pack each time), then clones built by the relay's own pack
// builder (git pack-objects, relay/seed/git-pack.ts) after 1, 10 and 100
// imports, each checked by `git index-pack`, `git fsck` and against
// `git rev-list --objects` of the source; `git repack` through
// relay/seed/repack.ts merges the packs; and a repack SIGKILLed at random
// moments (the whole process group: node and its git children) leaves every
// repository fsck-clean with every object, and the next run finishes it.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importRepository } from '../../relay/import.js'
import { loadOrCreateKey } from '../../relay/key.js'
import { gitPackBuilder } from '../../relay/seed/git-pack.js'
import { openRelayRepos } from '../../relay/seed/open-repos.js'
import { countPacks, repackRepository } from '../../relay/seed/repack.js'
import { git } from '../fixtures/git-fixture.js'
import type { RelayOptions } from '../../relay/cli.js'
import type { Repos } from '../../src/repo/repos.js'

let work: string
beforeAll(() => { work = fs.mkdtempSync(join(tmpdir(), 'guts-repack-')) })
afterAll(() => { fs.rmSync(work, { recursive: true, force: true }) })

const opts = (dataDir: string): RelayOptions => ({ dataDir, host: '127.0.0.1', port: 8080 }) as RelayOptions

/** A source repository with a working tree; `commit` adds one commit editing a file and adding one. */
function sourceRepo (name: string): { dir: string, commit: (i: number) => void } {
  const dir = join(work, name)
  git(work, 'init', '-q', '-b', 'main', dir)
  const commit = (i: number): void => {
    fs.writeFileSync(join(dir, 'log.txt'), Array.from({ length: 40 + i }, (_, k) => `line ${k} of the log, edit ${k === i ? i : 0}`).join('\n') + '\n')
    fs.mkdirSync(join(dir, `dir${i % 7}`), { recursive: true })
    fs.writeFileSync(join(dir, `dir${i % 7}`, `file${i}.txt`), `file ${i}\n`)
    git(dir, 'add', '-A')
    git(dir, '-c', 'user.name=T', '-c', 'user.email=t@example.org', 'commit', '-q', '-m', `commit ${i}`)
  }
  commit(0)
  git(dir, 'tag', 'v0')
  return { dir, commit }
}

const revList = (gitdir: string): string[] => git(gitdir, '--git-dir', gitdir, 'rev-list', '--objects', '--all').split('\n').filter(Boolean).map(l => l.slice(0, 40)).sort()

/** What the relay would send a cloning peer, as a repository of its own: checked by git, its objects listed. */
async function cloneThroughBuilder (repos: Repos, rid: string, into: string): Promise<string[]> {
  const build = gitPackBuilder({ repos, dir: join(work, 'built'), cloneKeepMs: 0, keepMs: 0 })
  const record = await repos.get(rid)
  const wants = [...new Set(Object.values(record.signedRefs.refs))]
  const source = await build({ rid, wants, haves: [] }, AbortSignal.timeout(60_000))
  if (source == null) throw new Error('no pack built')
  const chunks: Uint8Array[] = []
  for await (const c of source.chunks(1 << 16)) chunks.push(c)
  await source.close()
  git(work, 'init', '-q', '--bare', '-b', 'main', into)
  const r = spawnSync('git', ['--git-dir', into, 'index-pack', '--stdin', '--strict'], { input: Buffer.concat(chunks) })
  expect(r.status, r.stderr?.toString()).toBe(0)
  for (const [name, oid] of Object.entries(record.signedRefs.refs)) git(into, '--git-dir', into, 'update-ref', name, oid)
  git(into, '--git-dir', into, 'fsck', '--full', '--strict', '--no-dangling')
  // no more than the refs reach
  const packed = git(into, '--git-dir', into, 'cat-file', '--batch-all-objects', '--batch-check=%(objectname)').split('\n').filter(Boolean).sort()
  expect(packed).toEqual(revList(into))
  return packed
}

describe('relay repack', () => {
  it('clones what the refs reach after 1, 10 and 100 imports, and repacks the 101 packs into one', async () => {
    const dataDir = join(work, 'data-many')
    const src = sourceRepo('many')
    const { rid } = await importRepository(opts(dataDir), src.dir)
    const { key } = await loadOrCreateKey(dataDir)
    const { repos } = await openRelayRepos(dataDir, key)
    let commits = 1
    for (const stage of [1, 10, 100]) {
      while (commits <= stage) {
        src.commit(commits++)
        const r = await importRepository(opts(dataDir), src.dir)
        expect(r.changed).toBe(true)
      }
      repos.dropCache(rid)
      expect((await countPacks(repos.gitdir(rid))).packs).toBe(stage + 1)
      expect(await cloneThroughBuilder(repos, rid, join(work, `clone-${stage}.git`))).toEqual(revList(join(src.dir, '.git')))
    }
    const r = await repackRepository(repos, rid)
    expect(r?.packsBefore).toBe(101)
    const after = await countPacks(repos.gitdir(rid))
    expect(after).toEqual({ packs: 1, looseDirs: 0, leftovers: [] })
    git(work, '--git-dir', repos.gitdir(rid), 'fsck', '--full', '--strict', '--no-dangling')
    expect(await cloneThroughBuilder(repos, rid, join(work, 'clone-repacked.git'))).toEqual(revList(join(src.dir, '.git')))
    // compact enough: nothing to do
    expect(await repackRepository(repos, rid)).toBeUndefined()
  }, 240_000)

  it('removes an .idx left without its pack (git 2.39 deletes a replaced .pack before its .idx), and counts only whole packs', async () => {
    const dataDir = join(work, 'data-alone')
    const src = sourceRepo('alone')
    const { rid } = await importRepository(opts(dataDir), src.dir)
    src.commit(1)
    await importRepository(opts(dataDir), src.dir)
    const { key } = await loadOrCreateKey(dataDir)
    const { repos } = await openRelayRepos(dataDir, key)
    const gitdir = repos.gitdir(rid)
    const objects = allObjects(gitdir)
    // a repack stopped between git's two unlinks of a replaced pack
    addPackFromLoose(gitdir, 0)
    const packDir = join(gitdir, 'objects', 'pack')
    const newest = fs.readdirSync(packDir).filter(n => n.endsWith('.pack')).map(n => ({ n, t: fs.statSync(join(packDir, n)).mtimeMs })).sort((a, b) => b.t - a.t)[0].n
    fs.rmSync(join(packDir, newest))
    expect(allObjects(gitdir)).toEqual(objects)
    const before = await countPacks(gitdir)
    expect(before.packs).toBe(2)
    expect(before.leftovers).toEqual([join(packDir, newest.replace(/\.pack$/, '.idx'))])
    expect((await repackRepository(repos, rid, { force: true }))?.packsBefore).toBe(2)
    expect(await countPacks(gitdir)).toEqual({ packs: 1, looseDirs: 0, leftovers: [] })
    git(work, '--git-dir', gitdir, 'fsck', '--full', '--strict', '--no-dangling')
    expect(allObjects(gitdir)).toEqual(objects)
  })

  it('leaves every repository fsck-clean, with every object, when killed at random moments, and the next run finishes', async () => {
    const dataDir = join(work, 'data-kill')
    const rids: string[] = []
    const expected = new Map<string, string[]>()
    for (const name of ['a', 'b', 'c']) {
      const src = sourceRepo(`kill-${name}`)
      let rid = ''
      for (let i = 1; i <= 12; i++) {
        src.commit(i)
        rid = (await importRepository(opts(dataDir), src.dir)).rid
      }
      rids.push(rid)
    }
    const { key } = await loadOrCreateKey(dataDir)
    const { repos } = await openRelayRepos(dataDir, key)
    // every object each repository holds now, reachable or not
    for (const rid of rids) expected.set(rid, allObjects(repos.gitdir(rid)))
    const check = (): void => {
      for (const rid of rids) {
        const gitdir = repos.gitdir(rid)
        const fsck = spawnSync('git', ['--git-dir', gitdir, 'fsck', '--full', '--no-dangling'], { encoding: 'utf8' })
        expect(fsck.status, fsck.stderr).toBe(0)
        expect(allObjects(gitdir)).toEqual(expected.get(rid))
      }
    }
    // a seeded PRNG: the same moments on every run
    let seed = 7
    const random = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31 }
    let killedMidway = 0
    for (let round = 0; round < 6; round++) {
      // make it worth repacking again: one more pack in each
      if (round > 0) {
        for (const rid of rids) addPackFromLoose(repos.gitdir(rid), round)
        for (const rid of rids) expected.set(rid, allObjects(repos.gitdir(rid)))
      }
      const child = spawn(process.execPath, ['--import', 'tsx', 'relay/main.ts', 'repack', '--data', dataDir], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] })
      const exited = new Promise<number | null>(resolve => child.once('exit', (code) => resolve(code)))
      // odd rounds: a moment after the first repository is done (inside the
      // next one's repack); even rounds: any moment from the start
      const firstDone = new Promise<void>(resolve => child.stdout!.once('data', () => resolve()))
      const moment = round % 2 === 1
        ? firstDone.then(async () => new Promise<void>(resolve => setTimeout(resolve, Math.floor(random() * 60))))
        : new Promise<void>(resolve => setTimeout(resolve, 500 + Math.floor(random() * 2500)))
      const killed = await Promise.race([exited.then(() => false), moment.then(() => true)])
      if (killed) {
        try { process.kill(-child.pid!, 'SIGKILL') } catch {}
        killedMidway++
      }
      await exited
      check()
    }
    // at least some of the kills hit a repack at work
    expect(killedMidway).toBeGreaterThan(0)
    const final = spawnSync(process.execPath, ['--import', 'tsx', 'relay/main.ts', 'repack', '--data', dataDir], { encoding: 'utf8' })
    expect(final.status, final.stderr).toBe(0)
    check()
    for (const rid of rids) expect(await countPacks(repos.gitdir(rid))).toEqual({ packs: 1, looseDirs: 0, leftovers: [] })
  }, 300_000)
})

/** Every object of a repository, packed or loose, sorted. */
function allObjects (gitdir: string): string[] {
  return git(gitdir, '--git-dir', gitdir, 'cat-file', '--batch-all-objects', '--batch-check=%(objectname)').split('\n').filter(Boolean).sort()
}

/** One more pack holding a new, unreachable blob (kept by the repack too: nothing is dropped). */
function addPackFromLoose (gitdir: string, round: number): void {
  const r = spawnSync('git', ['--git-dir', gitdir, 'hash-object', '-w', '--stdin'], { input: `round ${round} ${gitdir}\n`, encoding: 'utf8' })
  const oid = r.stdout.trim()
  const p = spawnSync('git', ['--git-dir', gitdir, 'pack-objects', '-q', join(gitdir, 'objects', 'pack', 'pack')], { input: oid + '\n', encoding: 'utf8' })
  if (p.status !== 0) throw new Error(p.stderr)
  spawnSync('git', ['--git-dir', gitdir, 'prune-packed'])
}
