// The branches, tags and compare queries against the stock git CLI, on a
// repository git made (branches forked at several points, a merge, a rename,
// an orphan branch, annotated and lightweight tags), imported into a real
// Repos on Node's fs.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refsQueries } from './refs-queries.js'
import { makeBranchyRepo } from '../../test/fixtures/branchy-fixture.js'
import { MemoryRepoIndex } from '../repo/repo-index.js'
import { Repos } from '../repo/repos.js'
import type { RefsQueries } from './refs-queries.js'
import type { GitFs } from '../repo/fs.js'
import type { RepoRecord } from '../repo/repo-index.js'

let work: string
let fixture: string
let record: RepoRecord
let q: RefsQueries
const git = (...args: string[]): string => execFileSync('git', args, { cwd: fixture, encoding: 'utf8' }).trim()
const list = (s: string): string[] => s.split('\n').filter(Boolean)

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'guts-refs-q-'))
  fixture = makeBranchyRepo()
  git('bundle', 'create', '-q', join(work, 'b.bundle'), '--all')
  const repos = new Repos({ fs: fs as unknown as GitFs, index: new MemoryRepoIndex(), key: await generateKeyPair('Ed25519'), root: work, author: () => ({ name: 'a', email: 'a@example.org' }) })
  record = await repos.importBundle(fs.readFileSync(join(work, 'b.bundle')), { name: 'branchy' })
  q = refsQueries(repos)
}, 30_000)
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
  await rm(fixture, { recursive: true, force: true })
})

const BRANCHES = ['main', 'feature/login', 'stale', 'topic/rename', 'pages']

describe('refs', () => {
  it('branches: the default first, then by last commit, as git for-each-ref --sort=-committerdate', async () => {
    const rows = await q.refs(record, 'branches')
    const byGit = list(git('for-each-ref', '--sort=-committerdate', '--format=%(refname:short)', 'refs/heads')).filter(n => n !== 'main')
    expect(rows.map(r => r.name)).toEqual(['main', ...byGit])
    expect(rows[0].isDefault).toBe(true)
    const login = rows.find(r => r.name === 'feature/login')!
    expect(login.commit).toBe(git('rev-parse', 'feature/login'))
    expect(login.subject).toBe('Login says no')
    expect(login.author.name).toBe('Ada Lovelace')
    expect(login.date).toBe(Number(git('log', '-1', '--format=%ct', 'feature/login')))
  })

  it('tags: newest first by tagger or commit date, as git for-each-ref --sort=-creatordate, peeled to their commits', async () => {
    const rows = await q.refs(record, 'tags')
    expect(rows.map(r => r.name)).toEqual(list(git('for-each-ref', '--sort=-creatordate', '--format=%(refname:short)', 'refs/tags')))
    for (const r of rows) expect(r.commit, r.name).toBe(git('rev-parse', `${r.name}^{commit}`))
    expect(rows.find(r => r.name === 'v1.0')?.tagSubject).toBe('Version 1.0')
    expect(rows.find(r => r.name === 'v0.2')?.tagSubject).toBeUndefined()
  })
})

describe('aheadBehind', () => {
  it('equals git rev-list --left-right --count main...branch for every branch, and leaves out names that name nothing', async () => {
    const got = await q.aheadBehind(record, 'main', [...BRANCHES, 'no-such-branch'])
    const want: Record<string, { ahead: number, behind: number }> = {}
    for (const b of BRANCHES) {
      const [behind, ahead] = git('rev-list', '--left-right', '--count', `main...${b}`).split(/\s+/).map(Number)
      want[b] = { ahead, behind }
    }
    expect(got).toEqual(want)
  })
})

describe('compare', () => {
  const nameStatus = (spec: string): string[] => list(git('diff', '--name-status', '-M', spec)).map(l => {
    const [s, ...paths] = l.split('\t')
    return `${s[0]} ${paths.join(' -> ')}`
  })
  const ours = (files: Array<{ delta: { status: string, path: string, oldPath?: string } }>): string[] =>
    files.map(f => `${f.delta.status[0].toUpperCase()} ${f.delta.oldPath != null ? `${f.delta.oldPath} -> ` : ''}${f.delta.path}`)

  for (const [base, head] of [['main', 'feature/login'], ['main', 'topic/rename'], ['stale', 'main'], ['v0.1', 'feature/login'], ['topic/rename', 'feature/login']]) {
    it(`${base}...${head}: git log --topo-order ${base}..${head}, and the files of git diff --name-status -M ${base}...${head}`, async () => {
      const c = await q.compare(record, base, head)
      expect(c.commits.map(x => x.oid)).toEqual(list(git('log', '--topo-order', '--format=%H', `${base}..${head}`)))
      expect(c.mergeBase).toBe(git('merge-base', base, head))
      const [behind, ahead] = git('rev-list', '--left-right', '--count', `${base}...${head}`).split(/\s+/).map(Number)
      expect({ ahead: c.ahead, behind: c.behind }).toEqual({ ahead, behind })
      expect(ours(c.files).sort()).toEqual(nameStatus(`${base}...${head}`).sort())
      expect(c.total).toBe(c.files.length)
      expect(c.status).toBe(behind === 0 ? 'ahead' : 'diverged')
      expect(c.commits[0].author.name).toBe('Ada Lovelace')
      expect(c.commits[0].message.split('\n')[0]).toBe(git('log', '-1', '--format=%s', head))
    })
  }

  it('takes short and full commit ids', async () => {
    const c = await q.compare(record, git('rev-parse', '--short=7', 'stale'), git('rev-parse', 'feature/login'))
    expect(c.commits.map(x => x.oid)).toEqual(list(git('log', '--topo-order', '--format=%H', 'stale..feature/login')))
  })

  it('says identical, behind and unrelated, with no diff', async () => {
    expect(await q.compare(record, 'main', 'v1.0')).toMatchObject({ status: 'identical', commits: [], files: [], ahead: 0, behind: 0 })
    expect(await q.compare(record, 'main', 'stale')).toMatchObject({ status: 'behind', commits: [], files: [], ahead: 0, behind: Number(git('rev-list', '--count', 'stale..main')) })
    const u = await q.compare(record, 'main', 'pages')
    expect(u).toMatchObject({ status: 'unrelated', mergeBases: 0, files: [], ahead: 1 })
    expect(u.commits.map(x => x.oid)).toEqual([git('rev-parse', 'pages')])
  })

  it('a name that names nothing is a BadRevisionError', async () => {
    await expect(q.compare(record, 'main', 'nope')).rejects.toThrow(/nope names no branch, tag or commit/)
    await expect(q.compare(record, 'main', 'nope')).rejects.toHaveProperty('name', 'BadRevisionError')
  })
})
