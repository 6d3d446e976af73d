// The history of a path must be what stock git prints for
// `git log --topo-order --format=%H <start> -- <path>`: files, folders,
// renamed files (no --follow: the history stops at the rename), merges that
// did and did not touch the path, skewed clocks.
import fs from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { newGitRepo } from './path-history-fixture.js'
import { openObjectStore } from './object-files.js'
import { pathHistoryIn } from './path-history.js'
import { HistoryMemo } from './path-history-reader.js'
import type { GitFs } from './fs.js'
import type { GitRepo } from './path-history-fixture.js'

async function ours (r: GitRepo, start: string, path: string, memo?: HistoryMemo): Promise<string[]> {
  const store = await openObjectStore(fs as unknown as GitFs, join(r.dir, '.git'))
  return (await pathHistoryIn(store, start, path, { memo })).oids
}

const gits = (r: GitRepo, start: string, path: string): string[] =>
  r.git(['log', '--topo-order', '--format=%H', start, '--', path]).split('\n').filter(l => l !== '')

async function history (): Promise<GitRepo> {
  const r = await newGitRepo('guts-pathhistory-')
  r.write('README.md', 'hello\n')
  r.write('src/a.ts', 'a1\n')
  r.write('src/lib/b.ts', 'b1\n')
  r.write('old-name.txt', 'a file that will be renamed\nwith enough lines\nto be paired\n')
  r.commit('root')
  r.write('src/a.ts', 'a2\n')
  r.commit('edit a')
  r.write('README.md', 'hello again\n')
  r.commit('readme only')
  // a side branch that touches src, one that does not, and one with a clock behind
  r.git(['checkout', '-q', '-b', 'side'])
  r.write('src/lib/b.ts', 'b2\n')
  r.commit('side edits b')
  r.write('docs.md', 'doc\n')
  r.commit('side adds docs', -5000)
  r.git(['checkout', '-q', 'main'])
  r.git(['checkout', '-q', '-b', 'docs'])
  r.write('docs/x.md', 'x\n')
  r.commit('docs branch')
  r.git(['checkout', '-q', 'main'])
  r.write('src/a.ts', 'a3\n')
  r.commit('main edits a', 3000)
  r.merge('side')
  r.merge('docs')
  // the same change on two sides: the merge is TREESAME to both
  r.git(['checkout', '-q', '-b', 'twin'])
  r.write('src/lib/b.ts', 'b3\n')
  r.commit('twin b3')
  r.git(['checkout', '-q', 'main'])
  r.write('src/lib/b.ts', 'b3\n')
  r.commit('main b3')
  r.merge('twin')
  r.git(['mv', 'old-name.txt', 'src/new-name.txt'])
  r.commit('rename into src')
  r.write('src/new-name.txt', 'a file that was renamed\nwith enough lines\nto be paired\n')
  r.commit('edit renamed')
  r.git(['rm', '-q', 'src/a.ts'])
  r.commit('delete a')
  r.write('src/a.ts', 'back\n')
  r.commit('a is back')
  return r
}

describe('path history', () => {
  it('equals git log --topo-order -- <path> for files, folders, renamed, deleted and absent paths', async () => {
    const r = await history()
    const tip = r.git(['rev-parse', 'main'])
    const memo = new HistoryMemo()
    for (const path of ['src', 'src/a.ts', 'src/lib', 'src/lib/b.ts', 'README.md', 'docs', 'docs.md', 'old-name.txt', 'src/new-name.txt', 'nothing/here']) {
      const want = gits(r, tip, path)
      expect(await ours(r, tip, path, memo), path).toEqual(want)
    }
    // at an older start too, with the memo of the walks above
    const older = r.git(['rev-parse', 'main~3'])
    for (const path of ['src', 'src/lib/b.ts']) expect(await ours(r, older, path, memo), `${path} at main~3`).toEqual(gits(r, older, path))
  }, 60_000)

  it('follows a merge\'s sides when it differs from every parent, and a conflict resolved by hand', async () => {
    const r = await newGitRepo('guts-pathhistory-')
    r.write('f.txt', 'one\ntwo\n3\n4\n5\n6\nthree\n')
    r.commit('root')
    r.git(['checkout', '-q', '-b', 'x'])
    r.write('f.txt', 'one\nTWO\n3\n4\n5\n6\nthree\n')
    r.commit('x')
    r.git(['checkout', '-q', 'main'])
    r.write('f.txt', 'one\ntwo\n3\n4\n5\n6\nTHREE\n')
    r.commit('main')
    r.merge('x')
    r.git(['checkout', '-q', '-b', 'y'])
    r.write('f.txt', 'ONE\n')
    r.commit('y')
    r.git(['checkout', '-q', 'main'])
    r.write('f.txt', 'uno\n')
    r.commit('main 2')
    r.merge('y', () => r.write('f.txt', 'resolved\n'))
    const tip = r.git(['rev-parse', 'HEAD'])
    for (const path of ['f.txt', '']) expect(await ours(r, tip, path), path).toEqual(gits(r, tip, path === '' ? '.' : path))
  }, 60_000)

  it('stops when its signal aborts, and lets the page run while it walks', async () => {
    const r = await history()
    const tip = r.git(['rev-parse', 'main'])
    const store = await openObjectStore(fs as unknown as GitFs, join(r.dir, '.git'))
    const stop = new AbortController()
    let reads = 0
    let afterAbort = 0
    const read = store.read.bind(store)
    store.read = async (oid) => { if (stop.signal.aborted) afterAbort++; if (++reads === 5) stop.abort(); return await read(oid) }
    await expect(pathHistoryIn(store, tip, 'src/a.ts', { signal: stop.signal })).rejects.toThrow(/abort/i)
    expect(afterAbort).toBeLessThanOrEqual(2)
    let ticked = false
    setTimeout(() => { ticked = true }, 0)
    let tickedBeforeEnd = false
    const got = await pathHistoryIn(store, tip, 'src/a.ts', { sliceMs: 0 }).then(o => { tickedBeforeEnd = ticked; return o.oids })
    expect(got).toEqual(gits(r, tip, 'src/a.ts'))
    expect(tickedBeforeEnd).toBe(true)
  }, 60_000)
})
