// Every path of a tree must be what `git ls-tree -r` lists (same order,
// gitlinks left out), and a search over a tree what `git grep -n -I <rev>`
// finds, on repositories git made: the shared fixture (unicode paths,
// binary and large files, loose objects), a search fixture, and preact's
// real history when its clone is on this machine (packed, deltified).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { git, makeFixtureRepo } from '../../test/fixtures/git-fixture.js'
import { gitGrep, writeSearchFixture } from '../../test/fixtures/search-fixture.js'
import { listPathsIn } from './list-paths.js'
import { openObjectStore } from './object-files.js'
import { searchTree } from './search-tree.js'
import type { GitFs } from './fs.js'
import type { LineMatch, SearchQuery } from '../core/search.js'

const PREACT = '/work/.mirror/preactjs+preact/repo'
const hasPreact = fs.existsSync(join(PREACT, 'objects'))
const nodeFs = fs as unknown as GitFs

let fixture: string
let searchDir: string

beforeAll(() => {
  fixture = makeFixtureRepo()
  // a submodule entry (a gitlink): listed by ls-tree as a commit, never a file to open
  git(fixture, 'update-index', '--add', '--cacheinfo', `160000,${git(fixture, 'rev-parse', 'HEAD').trim()},vendor/sub`)
  git(fixture, 'commit', '-q', '-m', 'Add a submodule entry')
  searchDir = mkdtempSync(join(tmpdir(), 'guts-search-tree-'))
  writeSearchFixture(searchDir)
  git(searchDir, 'commit', '-q', '-m', 'Everything to search')
})
afterAll(() => {
  rmSync(fixture, { recursive: true, force: true })
  rmSync(searchDir, { recursive: true, force: true })
})

/** `git ls-tree -r` of `rev`: the files (blobs: files and symlinks), in git's order */
function lsTree (gitdir: string, rev: string): string[] {
  const out = execFileSync('git', ['--git-dir', gitdir, 'ls-tree', '-r', '-z', rev], { encoding: 'utf8', maxBuffer: 64 << 20 })
  return out.split('\0').filter(Boolean).map(l => l.split('\t')).filter(([meta]) => meta.split(' ')[1] === 'blob').map(([, path]) => path)
}

const treeOf = (gitdir: string, rev: string): string => execFileSync('git', ['--git-dir', gitdir, 'rev-parse', `${rev}^{tree}`], { encoding: 'utf8' }).trim()

async function ourPaths (gitdir: string, rev: string): Promise<string[]> {
  const store = await openObjectStore(nodeFs, gitdir)
  return (await listPathsIn(store, treeOf(gitdir, rev))).entries.map(e => e.path)
}

async function ourSearch (gitdir: string, rev: string, q: SearchQuery): Promise<{ lines: string[], summary: Awaited<ReturnType<typeof searchTree>> }> {
  const store = await openObjectStore(nodeFs, gitdir)
  const found: LineMatch[] = []
  const summary = await searchTree(store, treeOf(gitdir, rev), q, { onProgress: p => { found.push(...p.found) } })
  return { lines: found.map(m => `${m.path}:${m.line}:${m.cutStart || m.cutEnd ? '(cut)' : m.text}`), summary }
}

const asShown = (lines: string[]): string[] => lines.map(l => l.length > 500 ? l.replace(/^([^:]*:\d+:).*$/, '$1(cut)') : l)

describe('listPathsIn', () => {
  it.each(['main', 'feature', 'v1.0', 'light', 'HEAD~3'])('lists what git ls-tree -r lists at %s', async (rev) => {
    const gitdir = join(fixture, '.git')
    const expected = lsTree(gitdir, rev)
    expect(expected.length).toBeGreaterThan(2)
    expect(await ourPaths(gitdir, rev)).toEqual(expected)
  })

  it('leaves the gitlink out', async () => {
    const paths = await ourPaths(join(fixture, '.git'), 'main')
    expect(paths).not.toContain('vendor/sub')
    expect(paths).toContain('docs/übersicht/naïve café.md')
  })

  it('stops at `max` and says the list is cut', async () => {
    const gitdir = join(fixture, '.git')
    const store = await openObjectStore(nodeFs, gitdir)
    const { entries, truncated } = await listPathsIn(store, treeOf(gitdir, 'main'), { max: 2 })
    expect(entries).toHaveLength(2)
    expect(truncated).toBe(true)
  })

  it.skipIf(!hasPreact)('lists preact\'s trees as git does, at its tip and at old tags', async () => {
    for (const rev of ['HEAD', '10.0.0', '8.0.0']) expect(await ourPaths(PREACT, rev)).toEqual(lsTree(PREACT, rev))
  })
})

describe('searchTree', () => {
  it.each([
    [{ text: 'usestate' }, ['-i', '-F', '-e', 'usestate']],
    [{ text: 'useState', caseSensitive: true }, ['-F', '-e', 'useState']],
    [{ text: 'foo\\d+bar|^  const', regex: true, caseSensitive: true }, ['-P', '-e', 'foo\\d+bar|^  const']]
  ] as Array<[SearchQuery, string[]]>)('finds what git grep finds in a tree: %j', async (q, args) => {
    const { lines, summary } = await ourSearch(join(searchDir, '.git'), 'HEAD', q)
    expect(lines).toEqual(asShown(gitGrep(searchDir, args, 'HEAD')))
    expect(summary.skipped.binary).toBe(1)
    expect(summary.searched).toBe(summary.total)
  })

  it('searches a file of exactly 1 MiB, and counts the binary one it skips', async () => {
    const { summary } = await ourSearch(join(fixture, '.git'), 'main', { text: 'a' })
    expect(summary.skipped).toEqual({ binary: 1, large: 0 }) // big.txt is exactly 1 MiB: searched
    expect(summary.matches).toBeGreaterThan(0)
  })

  it('stops at the cap and says so', async () => {
    const store = await openObjectStore(nodeFs, join(searchDir, '.git'))
    const summary = await searchTree(store, treeOf(join(searchDir, '.git'), 'HEAD'), { text: 'e' }, { max: 3 })
    expect(summary).toMatchObject({ matches: 3, capped: true })
  })

  it('stops when a newer search came, and when aborted', async () => {
    const store = await openObjectStore(nodeFs, join(searchDir, '.git'))
    const tree = treeOf(join(searchDir, '.git'), 'HEAD')
    expect((await searchTree(store, tree, { text: 'e' }, { stopped: () => true })).searched).toBe(0)
    await expect(searchTree(store, tree, { text: 'e' }, { signal: AbortSignal.abort() })).rejects.toThrow()
  })

  it.skipIf(!hasPreact)('finds in preact what git grep finds', async () => {
    for (const [q, args] of [[{ text: 'usestate' }, ['-i', '-F', '-e', 'usestate']], [{ text: 'options._', caseSensitive: true }, ['-F', '-e', 'options._']]] as Array<[SearchQuery, string[]]>) {
      const { lines } = await ourSearch(PREACT, 'HEAD', { ...q })
      const expected = asShown(gitGrep(PREACT, args, 'HEAD'))
      expect(expected.length).toBeGreaterThan(50)
      expect(lines.slice(0, 1000)).toEqual(expected.slice(0, 1000))
    }
  })
})
