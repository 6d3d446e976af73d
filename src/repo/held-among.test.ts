import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { heldAmong } from './held-among.js'
import type { GitFs } from './fs.js'

const work = fs.mkdtempSync(join(tmpdir(), 'guts-held-'))
afterAll(() => fs.rmSync(work, { recursive: true, force: true }))
const git = (...args: string[]): string => spawnSync('git', args, { cwd: work, encoding: 'utf8' }).stdout.trim()

describe('heldAmong', () => {
  it('finds packed and loose objects among the ids asked, skips the excepted pack, and says nothing of others', async () => {
    const gitdir = join(work, 'r.git')
    git('init', '-q', '--bare', gitdir)
    const hash = (text: string): string => spawnSync('git', ['--git-dir', gitdir, 'hash-object', '-w', '--stdin'], { input: text, encoding: 'utf8' }).stdout.trim()
    const packed = hash('packed\n')
    const alsoPacked = hash('also packed\n')
    const pack = spawnSync('git', ['--git-dir', gitdir, 'pack-objects', '-q', join(gitdir, 'objects', 'pack', 'pack')], { input: `${packed}\n${alsoPacked}\n`, encoding: 'utf8' }).stdout.trim()
    spawnSync('git', ['--git-dir', gitdir, 'prune-packed'])
    const loose = hash('loose\n')
    const absent = 'ab'.repeat(20)
    const f = fs as unknown as GitFs
    expect(await heldAmong(f, gitdir, [packed, loose, absent])).toEqual(new Set([packed, loose]))
    expect(await heldAmong(f, gitdir, [packed, loose], `objects/pack/pack-${pack}`)).toEqual(new Set([loose]))
    // many ids: the loose directories are listed once instead
    const many = [loose, alsoPacked, ...Array.from({ length: 100 }, (_, i) => i.toString(16).padStart(40, '0'))]
    expect(await heldAmong(f, gitdir, many)).toEqual(new Set([loose, alsoPacked]))
    expect(await heldAmong(f, gitdir, [])).toEqual(new Set())
  })
})
