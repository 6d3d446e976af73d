// `npm run relay -- import` on .git directories with what other tools leave
// in them: symlinks (dangling, to files elsewhere, to a parent directory)
// and FIFOs. Symlinks are never followed; where the import reads, such an
// entry is refused in one line naming it; elsewhere it is skipped. Real
// repositories made by the stock git CLI.
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ImportCommandError, listFiles } from '../../relay/import.js'

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.org',
  GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null'
}
const git = (cwd: string, args: string[]): string => execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8' }).trim()
const importCli = (path: string, data: string): { status: number | null, stdout: string, stderr: string } =>
  spawnSync(process.execPath, ['--import', 'tsx', 'relay/main.ts', 'import', path, '--data', data], { encoding: 'utf8', timeout: 60_000 })

const work = fs.mkdtempSync(join(tmpdir(), 'guts-import-symlinks-'))
afterAll(() => { fs.rmSync(work, { recursive: true, force: true }) })

let n = 0
function repo (): string {
  const src = join(work, `src-${n++}`)
  git(work, ['init', '-q', '-b', 'main', src])
  fs.writeFileSync(join(src, 'a.txt'), 'a\n')
  git(src, ['add', '-A'])
  git(src, ['commit', '-q', '-m', 'one'])
  git(src, ['branch', 'side'])
  return src
}

describe('relay import and symlinks', () => {
  it('skips a dangling hook, a hook linked elsewhere and a link to a parent, and imports the rest', () => {
    const src = repo()
    fs.symlinkSync('/nonexistent', join(src, '.git', 'hooks', 'bad'))
    fs.writeFileSync(join(work, 'outside-hook'), '#!/bin/sh\n')
    fs.symlinkSync(join(work, 'outside-hook'), join(src, '.git', 'hooks', 'pre-commit'))
    fs.symlinkSync('..', join(src, '.git', 'info', 'loop'))
    execFileSync('mkfifo', [join(src, '.git', 'hooks', 'fifo')])
    const r = importCli(src, join(work, 'data'))
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/RID {2}bafkrei/)
  }, 60_000)

  it('refuses a branch that is a symlink, naming it, in one line', () => {
    const src = repo()
    const p = join(src, '.git', 'refs', 'heads', 'side')
    fs.renameSync(p, join(work, 'side.real'))
    fs.symlinkSync(join(work, 'side.real'), p)
    const r = importCli(src, join(work, `data-${n++}`))
    expect(r.status).toBe(1)
    expect(r.stderr).toBe(`guts-relay import: ${p} is a symbolic link; Guts imports only the repository's own files (import the repository it points into instead)\n`)
  }, 60_000)

  it('reads a HEAD that is a symlink to its branch as git does (core.preferSymlinkRefs), and refuses another', async () => {
    const src = repo()
    const head = join(src, '.git', 'HEAD')
    fs.rmSync(head)
    fs.symlinkSync('refs/heads/side', head)
    expect(git(src, ['symbolic-ref', 'HEAD'])).toBe('refs/heads/side')
    const files = await listFiles(join(src, '.git'))
    expect(new TextDecoder().decode(await files.find(f => f.path === 'HEAD')!.read())).toBe('ref: refs/heads/side\n')
    fs.rmSync(head)
    fs.symlinkSync(join(work, 'elsewhere'), head)
    await expect(listFiles(join(src, '.git'))).rejects.toThrow(`${head} is a symbolic link;`)
  })

  it('refuses objects shared from another repository through a symlink (git-new-workdir)', async () => {
    const src = repo()
    const objects = join(src, '.git', 'objects')
    fs.renameSync(objects, join(work, `shared-objects-${n}`))
    fs.symlinkSync(join(work, `shared-objects-${n}`), objects)
    await expect(listFiles(join(src, '.git'))).rejects.toThrow(new ImportCommandError(`${objects} is a symbolic link; Guts imports only the repository's own files (import the repository it points into instead)`))
  })

  it('refuses a FIFO where a branch would be', async () => {
    const src = repo()
    execFileSync('mkfifo', [join(src, '.git', 'refs', 'heads', 'pipe')])
    await expect(listFiles(join(src, '.git'))).rejects.toThrow(/refs\/heads\/pipe is not a regular file;/)
  })

  it('names a file that cannot be read when it is read', async () => {
    const src = repo()
    const files = await listFiles(join(src, '.git'))
    const loose = files.find(f => /^objects\/[0-9a-f]{2}\//.test(f.path))!
    fs.rmSync(join(src, '.git', loose.path)) // as a `git gc` meanwhile would
    const err = await loose.read().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ImportCommandError)
    expect((err as Error).message).toBe(`cannot read ${join(src, '.git', loose.path)}: ENOENT`)
  })
})
