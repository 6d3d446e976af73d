// collectReachable on repositories the stock git CLI made and packed: deep
// delta chains (offset and ref deltas), several packs, loose objects beside
// them, annotated tags, a submodule entry, a backslash in a name. What it
// finds must be what `git rev-list --objects --all` finds; packed objects
// must be read from the packs, not object by object through isomorphic-git.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IncompleteRepositoryError } from './errors.js'
import { collectReachable } from './reachable.js'
import type { GitFs } from './fs.js'

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.org', GIT_AUTHOR_DATE: '1700000000 +0000',
  GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.org', GIT_COMMITTER_DATE: '1700000000 +0000',
  GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null'
}
const git = (cwd: string, args: string[]): string => execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8', maxBuffer: 64 << 20 }).trim()

let work: string
let made: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'guts-reachable-'))
  made = makeHistory(join(work, 'made'))
})
afterAll(async () => { await rm(work, { recursive: true, force: true }) })

let n = 0
/** a fresh copy of the history, its git directory */
function history (): string {
  const dir = join(work, `repo-${n++}`)
  fs.cpSync(made, dir, { recursive: true })
  return join(dir, '.git')
}

/** 60 commits, each changing a few of 40 files in 8 directories: trees that delta well. */
function makeHistory (dir: string): string {
  git(work, ['init', '-q', '-b', 'main', dir])
  for (let c = 0; c < 60; c++) {
    for (let k = 0; k < 3; k++) {
      const f = (c * 7 + k * 13) % 40
      const path = join(dir, `d${f % 8}`, f === 5 ? 'back\\slash.txt' : `f${f}.txt`)
      fs.mkdirSync(join(path, '..'), { recursive: true })
      fs.writeFileSync(path, `file ${f}\n`.repeat(50) + `version ${c}\n`)
    }
    git(dir, ['add', '-A'])
    if (c === 10) git(dir, ['update-index', '--add', '--cacheinfo', `160000,${'1'.repeat(40)},sub`])
    git(dir, ['commit', '-q', '-m', `commit ${c}`])
    if (c === 20) git(dir, ['tag', '-a', 'v1', '-m', 'one'])
    if (c === 30) git(dir, ['branch', 'old'])
  }
  git(dir, ['tag', '-a', 'tree-tag', '-m', 'a tag of a tree', 'HEAD^{tree}'])
  return dir
}

/** `git verify-pack -v` of the only pack: how many deltas, the longest chain */
function deltas (gitdir: string): { count: number, longest: number } {
  const pack = fs.readdirSync(join(gitdir, 'objects', 'pack')).find(f => f.endsWith('.idx'))!
  const out = git(gitdir, ['verify-pack', '-v', join(gitdir, 'objects', 'pack', pack)])
  const chains = [...out.matchAll(/^chain length = (\d+): (\d+) objects?$/gm)].map(m => Number(m[1]))
  return { count: out.split('\n').filter(l => /^[0-9a-f]{40} (tree|commit|blob|tag) +\d+ \d+ \d+ \d+ [0-9a-f]{40}$/.test(l)).length, longest: Math.max(0, ...chains) }
}

const tips = (gitdir: string): string[] => git(gitdir, ['--git-dir', gitdir, 'for-each-ref', '--format=%(objectname)']).split('\n')
const gitReachable = (gitdir: string): string[] =>
  git(gitdir, ['--git-dir', gitdir, 'rev-list', '--objects', '--all']).split('\n').map(l => l.slice(0, 40)).sort()
const looseCount = (gitdir: string): number => fs.readdirSync(join(gitdir, 'objects')).filter(d => /^[0-9a-f]{2}$/.test(d)).length

/** Node's fs, counting stat calls: isomorphic-git's readObject makes one per object read. */
function countingFs (): { fs: GitFs, stats: () => number } {
  let stats = 0
  const promises = new Proxy(fs.promises, {
    get (target, prop) {
      const v = (target as any)[prop]
      if (prop === 'stat' || prop === 'lstat') return async (...args: any[]) => { stats++; return v.apply(target, args) }
      return typeof v === 'function' ? v.bind(target) : v
    }
  })
  return { fs: { ...fs, promises } as unknown as GitFs, stats: () => stats }
}

describe('collectReachable', () => {
  it.each([
    ['offset deltas', ['repack', '-a', '-d', '-q', '--depth=50', '--window=50']],
    ['ref deltas', ['-c', 'repack.useDeltaBaseOffset=false', 'repack', '-a', '-d', '-q', '--depth=50', '--window=50']]
  ])('finds what git finds in one pack with %s, reading it from the pack', async (_, repack) => {
    const gitdir = history()
    git(gitdir, ['--git-dir', gitdir, ...repack])
    expect(looseCount(gitdir)).toBe(0)
    const { count, longest } = deltas(gitdir)
    expect(count).toBeGreaterThan(100)
    expect(longest).toBeGreaterThan(3)
    const { fs: counted, stats } = countingFs()
    const found = await collectReachable(counted, gitdir, tips(gitdir))
    expect([...found].sort()).toEqual(gitReachable(gitdir))
    expect(stats()).toBe(0)
  })

  it('finds what git finds across several packs and loose objects', async () => {
    const gitdir = history()
    const dir = join(gitdir, '..')
    git(dir, ['repack', '-d', '-q'])
    for (let c = 0; c < 5; c++) {
      fs.writeFileSync(join(dir, 'd1', 'f9.txt'), 'file 9\n'.repeat(50) + `later ${c}\n`)
      git(dir, ['commit', '-q', '-am', `later ${c}`])
      if (c === 2) git(dir, ['repack', '-d', '-q'])
    }
    expect(fs.readdirSync(join(gitdir, 'objects', 'pack')).filter(f => f.endsWith('.pack')).length).toBe(2)
    expect(looseCount(gitdir)).toBeGreaterThan(0)
    const found = await collectReachable(fs as unknown as GitFs, gitdir, tips(gitdir))
    expect([...found].sort()).toEqual(gitReachable(gitdir))
  })

  it('says which object is missing', async () => {
    const gitdir = history()
    git(gitdir, ['--git-dir', gitdir, 'repack', '-a', '-d', '-q'])
    const blob = git(gitdir, ['--git-dir', gitdir, 'rev-parse', 'main:d3/f3.txt'])
    const all = new Set(gitReachable(gitdir))
    all.delete(blob)
    await expect(collectReachable(fs as unknown as GitFs, gitdir, tips(gitdir), { has: oid => all.has(oid) }))
      .rejects.toThrow(new IncompleteRepositoryError(`object ${blob} is reachable from the refs but missing`))
    // and an object in no pack, nor loose
    await expect(collectReachable(fs as unknown as GitFs, gitdir, ['2'.repeat(40)]))
      .rejects.toThrow(IncompleteRepositoryError)
  })
})
