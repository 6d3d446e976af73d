// The last commit of a folder and of each entry must be what stock git
// prints for `git log -1 --format=%H <start> -- <path>`, on histories made
// with git: linear edits, merges, deletions, skewed clocks.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LastCommitsCache, lastCommitsIn } from './last-commits.js'
import { openObjectStore } from './object-files.js'
import type { GitFs } from './fs.js'

const dirs: string[] = []
afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }) })

class Repo {
  private clock = 1_700_000_000
  constructor (readonly dir: string) {}
  git (args: string[], date = this.clock): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.org', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.org', GIT_AUTHOR_DATE: `${date} +0000`, GIT_COMMITTER_DATE: `${date} +0000`, GIT_CONFIG_NOSYSTEM: '1', HOME: this.dir }
    }).trim()
  }

  write (path: string, text: string): void {
    fs.mkdirSync(join(this.dir, path, '..'), { recursive: true })
    fs.writeFileSync(join(this.dir, path), text)
  }

  /** commit everything; `skew` moves this commit's clock (negative: a clock behind) */
  commit (msg: string, skew = 0): string {
    this.clock += 100
    this.git(['add', '-A'])
    this.git(['commit', '-q', '--allow-empty', '-m', msg], this.clock + skew)
    return this.git(['rev-parse', 'HEAD'])
  }

  merge (branch: string, skew = 0): string {
    this.clock += 100
    this.git(['merge', '-q', '--no-ff', '--no-edit', branch], this.clock + skew)
    return this.git(['rev-parse', 'HEAD'])
  }

  tip (): string { return this.git(['rev-parse', 'HEAD']) }
}

async function newRepo (): Promise<Repo> {
  const dir = await mkdtemp(join(tmpdir(), 'guts-lastcommits-'))
  dirs.push(dir)
  const r = new Repo(dir)
  r.git(['init', '-q', '-b', 'main'])
  return r
}

/** what git says for the folder and each of its entries at `start` */
function gitAnswer (r: Repo, start: string, path: string): { folder: string, entries: Record<string, string> } {
  const last = (p: string): string => r.git(['log', '-1', '--format=%H', start, '--', p === '' ? '.' : p])
  const names = r.git(['ls-tree', '--name-only', '-z', path === '' ? start : `${start}:${path}`]).split('\0').filter(n => n !== '')
  const entries: Record<string, string> = {}
  for (const n of names) entries[n] = last(path === '' ? n : `${path}/${n}`)
  return { folder: last(path), entries }
}

async function ours (r: Repo, start: string, path: string): Promise<{ folder: string, entries: Record<string, string> }> {
  const store = await openObjectStore(fs as unknown as GitFs, join(r.dir, '.git'))
  return await lastCommitsIn(store, start, path)
}

async function expectAsGit (r: Repo, start: string, path: string): Promise<void> {
  expect(await ours(r, start, path), `${path === '' ? 'root' : path} at ${start.slice(0, 8)}`).toEqual(gitAnswer(r, start, path))
}

describe('last commits', () => {
  it('linear edits, a file untouched for long, nested folders and the root', async () => {
    const r = await newRepo()
    r.write('old.txt', 'never touched again')
    r.write('src/a.ts', '1')
    r.write('src/deep/x.ts', '1')
    const first = r.commit('first')
    r.write('src/a.ts', '2'); r.commit('edit a')
    r.write('src/deep/x.ts', '2'); const deep = r.commit('edit deep x')
    r.write('docs/readme.md', 'hi'); r.commit('docs')
    r.write('src/b.ts', 'b'); r.commit('add b')
    r.commit('empty')
    const tip = r.tip()
    const root = await ours(r, tip, '')
    // the folder is not the tip (an empty commit), and old.txt goes back to the first
    expect(root.entries['old.txt']).toBe(first)
    expect((await ours(r, tip, 'src/deep')).folder).toBe(deep)
    for (const p of ['', 'src', 'src/deep', 'docs']) await expectAsGit(r, tip, p)
  })

  it('merges where one side changed a path', async () => {
    const r = await newRepo()
    r.write('a/one.txt', '1'); r.write('b/two.txt', '1'); r.write('c.txt', '1')
    r.commit('base')
    r.git(['checkout', '-q', '-b', 'side'])
    r.write('b/two.txt', 'side'); const sideEdit = r.commit('side edits b')
    r.git(['checkout', '-q', 'main'])
    r.write('a/one.txt', 'main'); r.commit('main edits a')
    r.merge('side')
    r.write('c.txt', '2'); r.commit('c on main')
    const tip = r.tip()
    expect((await ours(r, tip, '')).entries.b).toBe(sideEdit)
    for (const p of ['', 'a', 'b']) await expectAsGit(r, tip, p)
  })

  it('a merge that changes a path against both sides is the last commit', async () => {
    const r = await newRepo()
    r.write('f.txt', 'base\n'); r.write('g.txt', 'g'); r.commit('base')
    r.git(['checkout', '-q', '-b', 'side'])
    r.write('f.txt', 'side\n'); r.commit('side')
    r.git(['checkout', '-q', 'main'])
    r.write('f.txt', 'main\n'); r.commit('main')
    try { r.git(['merge', '-q', '--no-edit', 'side']) } catch {}
    r.write('f.txt', 'resolved\n')
    const merge = r.commit('merge, resolved')
    expect((await ours(r, merge, '')).entries['f.txt']).toBe(merge)
    await expectAsGit(r, merge, '')
  })

  it('a path deleted and added again', async () => {
    const r = await newRepo()
    r.write('keep.txt', 'k'); r.write('gone/x.txt', '1'); r.commit('base')
    fs.rmSync(join(r.dir, 'gone'), { recursive: true }); r.commit('delete gone')
    r.write('keep.txt', 'k2'); r.commit('edit keep')
    r.write('gone/x.txt', '1'); const back = r.commit('gone is back, same content')
    r.commit('empty')
    const tip = r.tip()
    expect((await ours(r, tip, 'gone')).folder).toBe(back)
    for (const p of ['', 'gone']) await expectAsGit(r, tip, p)
  })

  it('random histories with merges and skewed clocks, every folder at every commit', async () => {
    let seed = 7
    const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n }
    const files = ['a.txt', 'b.txt', 'd/x.txt', 'd/y.txt', 'd/e/z.txt', 'f/w.txt']
    const r = await newRepo()
    for (const f of files) r.write(f, 'init')
    r.commit('init')
    const branches = ['main']
    const tips: string[] = []
    for (let i = 0; i < 40; i++) {
      const op = rand(10)
      if (op < 2 && branches.length < 4) {
        const name = `b${i}`
        r.git(['checkout', '-q', '-b', name]); branches.push(name)
      } else if (op < 4 && branches.length > 1) {
        const other = branches[1 + rand(branches.length - 1)]
        r.git(['checkout', '-q', 'main'])
        try { r.merge(other, rand(3) === 0 ? -1000 : 0) } catch { r.commit(`merge ${other}`) }
        tips.push(r.tip())
      } else {
        r.git(['checkout', '-q', branches[rand(branches.length)]])
        const f = files[rand(files.length)]
        if (rand(6) === 0) fs.rmSync(join(r.dir, f), { force: true }); else r.write(f, `v${i}`)
        tips.push(r.commit(`edit ${f}`, rand(4) === 0 ? -5000 : 0))
      }
    }
    for (const tip of tips.slice(-8)) {
      for (const p of ['', 'd', 'd/e', 'f']) {
        const has = r.git(['ls-tree', tip, p === '' ? '.' : p])
        if (has !== '') await expectAsGit(r, tip, p)
      }
    }
  }, 60_000)

  it('refuses a folder that is not there', async () => {
    const r = await newRepo()
    r.write('a.txt', '1')
    const c = r.commit('one')
    await expect(ours(r, c, 'nope')).rejects.toThrow(/no directory nope/)
  })

  it('walks once per key: a reopened folder is answered from the cache, a failed walk is not kept', async () => {
    const cache = new LastCommitsCache(2)
    let walks = 0
    const answer = { folder: 'f', entries: {} }
    const compute = async (): Promise<typeof answer> => { walks++; return answer }
    await Promise.all([cache.get('r c p', compute), cache.get('r c p', compute)])
    expect(await cache.get('r c p', compute)).toBe(answer)
    expect(walks).toBe(1)
    await expect(cache.get('r c q', async () => { throw new Error('gone') })).rejects.toThrow('gone')
    await cache.get('r c q', compute)
    expect(walks).toBe(2)
  })
})
