// `npm run relay -- import <path>` as a person runs it, in its own process:
// a repository with a backslash in a file name goes in, and comes back out
// of a real relay over git's smart HTTP the same; a repository git fsck
// refuses is refused in one line, with no stack trace.
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startRelayProcess } from '../../e2e/relay-process.js'
import type { RelayProcess } from '../../e2e/relay-process.js'

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.org',
  GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null'
}
const git = (cwd: string, args: string[], input?: string): string => execFileSync('git', args, { cwd, env: ENV, input, encoding: 'utf8' }).trim()
const importCli = (path: string, data: string): { status: number | null, stdout: string, stderr: string } =>
  spawnSync(process.execPath, ['--import', 'tsx', 'relay/main.ts', 'import', path, '--data', data], { encoding: 'utf8', timeout: 60_000 })

const work = fs.mkdtempSync(join(tmpdir(), 'guts-import-cli-'))
let relay: RelayProcess | undefined
afterAll(async () => {
  await relay?.stop()
  fs.rmSync(work, { recursive: true, force: true })
})

describe('relay import', () => {
  it('imports a backslash in a file name, and a relay serves it back to git clone as it was', async () => {
    const src = join(work, 'backslash')
    git(work, ['init', '-q', '-b', 'main', src])
    fs.writeFileSync(join(src, 'a\\b.txt'), 'x\n')
    fs.mkdirSync(join(src, 'dir'))
    fs.writeFileSync(join(src, 'dir', 'c\\d.txt'), 'y\n')
    git(src, ['add', '-A'])
    git(src, ['commit', '-q', '-m', 'backslashes'])
    const data = join(work, 'data')
    const r = importCli(src, data)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const rid = /RID {2}(\S+)/.exec(r.stdout)![1]

    relay = await startRelayProcess({ dataDir: data })
    const clone = join(work, 'clone')
    git(work, ['clone', '-q', `http://127.0.0.1:${relay.port}/git/${rid}`, clone])
    git(clone, ['fsck', '--full', '--strict'])
    expect(git(clone, ['ls-tree', '-r', 'HEAD'])).toBe(git(src, ['ls-tree', '-r', 'HEAD']))
    expect(fs.readFileSync(join(clone, 'a\\b.txt'), 'utf8')).toBe('x\n')
  }, 90_000)

  it("refuses a commit with a '<' in its author's name in one line", () => {
    const src = join(work, 'bad-author')
    git(work, ['init', '-q', '-b', 'main', src])
    const tree = git(src, ['hash-object', '-t', 'tree', '-w', '--stdin'], '')
    const commit = git(src, ['hash-object', '-t', 'commit', '--literally', '-w', '--stdin'], `tree ${tree}\nauthor A <b <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\nx\n`)
    git(src, ['update-ref', 'refs/heads/main', commit])
    const r = importCli(src, join(work, 'data-bad'))
    expect(r.status).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`guts-relay import: git fsck would refuse what it holds: commit ${commit} is malformed: its author line has a bad email (a '<' or no closing '>')\n`)
  }, 60_000)
})
