// A repository the stock git CLI makes, commit by commit with fixed clocks,
// for the tests of history and blame (removed after the test file ends).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

const dirs: string[] = []
afterAll(async () => { for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true }) })

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

