// Exporting a bundle (bundle-io.ts packBundle: export-walk.ts marks what the
// refs reach, export-pack.ts copies it from the stored packs) against the
// stock git CLI, on repositories git made: one pack (written back as that
// very pack), several packs with loose objects and unreachable ones (left
// out; a delta on one of those built whole), with progress and
// cancellation. And the message for a file that is no bundle.
import fs from 'node:fs'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { allObjects, git, makeFixtureRepo, refList } from '../../test/fixtures/git-fixture.js'
import { parseBundleHeader } from '../core/bundle.js'
import { exportBundlePack, unpackBundle } from './bundle-io.js'
import type { GitFs } from './fs.js'
import type { Progress } from './bundle-io.js'

const nodeFs = fs as unknown as GitFs
const dirs: string[] = []
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'guts-bundle-export-')); dirs.push(d); return d }

/** The branches and tags of a git directory, as export takes them. */
function refsOf (gitdir: string): Array<{ name: string, oid: string }> {
  return refList(gitdir).map(line => { const [name, oid] = line.split(' '); return { name, oid } })
}

/** Writes the bundle, checks it as git would, and returns the clone made from it. */
function checkWithGit (bytes: Uint8Array, source: string): string {
  const work = tmp()
  const file = join(work, 'out.bundle')
  writeFileSync(file, bytes)
  git(source, '--git-dir', source, 'bundle', 'verify', '-q', file)
  const clone = join(work, 'clone.git')
  git(work, 'clone', '-q', '--mirror', file, clone)
  git(clone, '--git-dir', clone, 'fsck', '--full', '--strict', '--no-dangling')
  expect(allObjects(clone)).toEqual(allObjects(source))
  expect(refList(clone)).toEqual(refList(source))
  return clone
}

const packFiles = (gitdir: string): string[] => fs.readdirSync(join(gitdir, 'objects', 'pack')).filter(f => f.endsWith('.pack'))

describe('exporting a bundle', () => {
  it('writes a repository held as one pack as that pack, byte for byte', async () => {
    const work = tmp()
    const gitdir = join(work, 'one.git')
    git(work, 'clone', '-q', '--bare', '--no-local', makeFixtureRepo(), gitdir)
    const [pack] = packFiles(gitdir)
    expect(packFiles(gitdir)).toHaveLength(1)
    const refs = refsOf(gitdir)
    const main = refs.find(r => r.name === 'refs/heads/main')!.oid
    const phases: Progress[] = []
    const out = await exportBundlePack(nodeFs, gitdir, refs, main, { onProgress: (p) => phases.push(p) })
    checkWithGit(out.bytes, gitdir)
    // no entry made again: the bundle's pack is the stored one (its trailer too)
    const header = parseBundleHeader(out.bytes)
    expect(header.refs[0]).toEqual({ name: 'HEAD', oid: main })
    expect(Buffer.from(out.bytes.subarray(header.packOffset)).equals(readFileSync(join(gitdir, 'objects', 'pack', pack)))).toBe(true)
    expect(out.stats).toMatchObject({ runs: 1, rebased: 0, rebuilt: 0, loose: 0, wholePacks: 1 })
    // each phase says how far it got, out of how many
    expect([...new Set(phases.map(p => p.phase))]).toEqual(['Counting objects', 'Preparing objects', 'Writing objects'])
    const objects = allObjects(gitdir).length
    expect(phases.filter(p => p.phase === 'Counting objects').at(-1)).toMatchObject({ loaded: objects, total: objects })
    expect(phases.filter(p => p.phase === 'Writing objects').at(-1)).toMatchObject({ loaded: out.bytes.length - header.packOffset })
  })

  it('leaves out what the refs no longer reach, from several packs and loose objects', async () => {
    const src = makeFixtureRepo()
    const big = (n: number): string => Array.from({ length: 400 }, (_, i) => `line ${i} of a file that changes a little ${i % 7 === 0 ? n : ''}\n`).join('')
    // a version of a file on a branch that goes away: git deltas the older
    // (kept) version on the newer, larger one (checked below), so that
    // delta's base does not go and it must be built whole
    writeFileSync(join(src, 'drift.txt'), big(1))
    git(src, 'add', '-A')
    git(src, 'commit', '-q', '-m', 'drift 1')
    const kept = git(src, 'rev-parse', 'HEAD:drift.txt').trim()
    git(src, 'checkout', '-q', '-b', 'doomed')
    writeFileSync(join(src, 'drift.txt'), big(2) + 'and more lines\n'.repeat(40))
    git(src, 'add', '-A')
    git(src, 'commit', '-q', '-m', 'drift 2, to be dropped')
    const doomed = git(src, 'rev-parse', 'HEAD').trim()
    const doomedBlob = git(src, 'rev-parse', 'HEAD:drift.txt').trim()
    git(src, 'checkout', '-q', 'main')
    git(src, 'repack', '-a', '-d', '-q', '-f')
    git(src, 'branch', '-D', '-q', 'doomed')
    // a second pack (git repack without -a packs only the loose objects), then loose ones
    for (const n of [3, 4]) {
      writeFileSync(join(src, 'more.txt'), big(n))
      git(src, 'add', '-A')
      git(src, 'commit', '-q', '-m', `more ${n}`)
    }
    git(src, 'repack', '-d', '-q')
    writeFileSync(join(src, 'last.txt'), 'loose\n')
    git(src, 'add', '-A')
    git(src, 'commit', '-q', '-m', 'a loose commit')
    const gitdir = join(src, '.git')
    expect(packFiles(gitdir).length).toBe(2)
    const verify = git(gitdir, 'verify-pack', '-v', ...packFiles(gitdir).map(f => join(gitdir, 'objects', 'pack', f.replace(/\.pack$/, '.idx'))))
    expect(verify).toMatch(new RegExp(`^${kept} blob .* ${doomedBlob}$`, 'm')) // the precondition: kept is a delta on doomed

    const refs = refsOf(gitdir)
    const out = await exportBundlePack(nodeFs, gitdir, refs, undefined)
    const clone = checkWithGit(out.bytes, gitdir)
    for (const gone of [doomed, doomedBlob]) expect(() => git(clone, '--git-dir', clone, 'cat-file', '-e', gone)).toThrow()
    expect(out.stats.rebuilt).toBeGreaterThanOrEqual(1)
    expect(out.stats.loose).toBeGreaterThanOrEqual(3) // the last commit, its tree, its blob
    // the rest is copied as stored (runs of entries at once), or given a new delta header
    const { copied, rebased, rebuilt, loose } = out.stats
    expect(copied + rebased + rebuilt + loose).toBe(out.objects)
    expect(copied).toBeGreaterThan(out.objects / 2)
    expect(out.stats.runs).toBeLessThan(copied / 2)
  })

  it('stops when cancelled', async () => {
    const work = tmp()
    const gitdir = join(work, 'one.git')
    git(work, 'clone', '-q', '--bare', '--no-local', makeFixtureRepo(), gitdir)
    const signal = AbortSignal.abort()
    await expect(exportBundlePack(nodeFs, gitdir, refsOf(gitdir), undefined, { signal })).rejects.toThrow(expect.objectContaining({ name: 'AbortError' }))
  })

  it('says once that a file is not a bundle', async () => {
    const err = await unpackBundle(nodeFs, tmp(), new TextEncoder().encode('<html>not a bundle at all</html>\n')).catch((e: Error) => e)
    expect(err).toMatchObject({ name: 'ImportError' })
    expect((err as Error).message.match(/not a git bundle/g)).toHaveLength(1)
    expect((err as Error).message).not.toMatch(/\n/)
  })
})
