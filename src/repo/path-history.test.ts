// The history of a path must be what stock git prints for
// `git log --topo-order --format=%H <start> -- <path>`: files, folders,
// renamed files (no --follow: the history stops at the rename), merges that
// did and did not touch the path, skewed clocks.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openObjectStore } from './object-files.js'
import { pathHistoryIn } from './path-history.js'
import { HistoryMemo } from './path-history-reader.js'
import type { GitFs } from './fs.js'

const dirs: string[] = []
afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }) })

export class GitRepo {
  private clock = 1_700_000_000
  constructor (readonly dir: string) {}
  git (args: string[], date = this.clock): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      env: { ...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.org', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.org', GIT_AUTHOR_DATE: `${date} +0000`, GIT_COMMITTER_DATE: `${date} +0000`, GIT_CONFIG_NOSYSTEM: '1', HOME: this.dir }
    }).trim()
  }

  write (path: string, text: string): void {
    fs.mkdirSync(join(this.dir, path, '..'), { recursive: true })
    fs.writeFileSync(join(this.dir, path), text)
  }

  commit (msg: string, skew = 0): string {
    this.clock += 100
    this.git(['add', '-A'])
    this.git(['commit', '-q', '--allow-empty', '-m', msg], this.clock + skew)
    return this.git(['rev-parse', 'HEAD'])
  }

  /** a merge; `resolve` writes the result when both sides touched the same lines */
  merge (branch: string, resolve?: () => void): string {
    this.clock += 100
    try {
      this.git(['merge', '-q', '--no-ff', '--no-edit', branch])
    } catch (err) {
      if (resolve == null) throw err
      resolve()
      this.git(['add', '-A'])
      this.git(['commit', '-q', '--no-edit'])
    }
    return this.git(['rev-parse', 'HEAD'])
  }
}

export async function newGitRepo (prefix: string): Promise<GitRepo> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  dirs.push(dir)
  const r = new GitRepo(dir)
  r.git(['init', '-q', '-b', 'main'])
  return r
}

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
  })

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
  })
})
