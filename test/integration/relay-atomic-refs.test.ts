// A relay's git directories are read by `git http-backend` while the seeder
// changes them. isomorphic-git writes refs and HEAD with a plain writeFile,
// which truncates first: a clone that read HEAD in that instant found no
// repository and got a 404 (CI, e2e/two-tabs.spec.ts). The relay's fs
// renames every write into place (relay/seed/atomic-fs.ts); here stock git
// reads a repository in a loop while its refs are rewritten hundreds of
// times, and must never find it missing or a ref empty.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadOrCreateKey } from '../../relay/key.js'
import { writeFileAtomic } from '../../relay/seed/atomic-fs.js'
import { openRelayRepos } from '../../relay/seed/open-repos.js'

const run = promisify(execFile)
let work: string
beforeAll(() => { work = fs.mkdtempSync(join(tmpdir(), 'guts-atomic-refs-')) })
afterAll(() => { fs.rmSync(work, { recursive: true, force: true }) })

describe('writeFileAtomic', () => {
  it('replaces a file whole, leaves no temporary file, and keeps appends as appends', async () => {
    const f = join(work, 'one')
    await writeFileAtomic(f, 'first\n')
    await writeFileAtomic(f, new TextEncoder().encode('second\n'))
    expect(fs.readFileSync(f, 'utf8')).toBe('second\n')
    await writeFileAtomic(f, 'more\n', { flag: 'a' })
    expect(fs.readFileSync(f, 'utf8')).toBe('second\nmore\n')
    expect(fs.readdirSync(work).filter(n => n.startsWith('one'))).toEqual(['one'])
  })

  it('fails as writeFile does when the directory is missing, leaving nothing behind', async () => {
    await expect(writeFileAtomic(join(work, 'missing', 'x'), 'x')).rejects.toMatchObject({ code: 'ENOENT' })
  })
})

describe('a relay repository read by git while its refs change', () => {
  it('is always a repository to git, with every ref whole, through 100 rewrites of HEAD and the branch', async () => {
    const dataDir = join(work, 'relay')
    fs.mkdirSync(dataDir)
    const { key } = await loadOrCreateKey(dataDir)
    const { repos } = await openRelayRepos(dataDir, key)
    const { rid } = await repos.create({ name: 'raced' })
    const gitdir = repos.gitdir(rid)
    const tip = (await run('git', ['--git-dir', gitdir, 'rev-parse', 'HEAD'])).stdout.trim()

    let writing = true
    const writer = (async () => {
      try {
        for (let i = 0; i < 100; i++) await repos.mirrorRefs(rid, 'main', {}, { 'refs/heads/main': tip, 'refs/heads/other': tip })
      } finally { writing = false }
    })()
    const failures: string[] = []
    let reads = 0
    const reader = async (): Promise<void> => {
      while (writing) {
        reads++
        try {
          const { stdout } = await run('git', ['--git-dir', gitdir, 'for-each-ref', '--format=%(objectname) %(refname)'])
          const head = (await run('git', ['--git-dir', gitdir, 'rev-parse', 'HEAD'])).stdout.trim()
          if (head !== tip) failures.push(`HEAD read as ${head}`)
          for (const line of stdout.trim().split('\n')) if (!line.startsWith(tip)) failures.push(`ref read as ${line}`)
        } catch (err: any) {
          failures.push(String(err.stderr ?? err.message).trim())
        }
      }
    }
    await Promise.all([writer, reader(), reader()])
    expect(reads).toBeGreaterThan(10)
    expect(failures.slice(0, 3)).toEqual([])
    expect(fs.readdirSync(join(gitdir, 'refs', 'heads')).sort()).toEqual(['main', 'other'])
  }, 60_000)
})
