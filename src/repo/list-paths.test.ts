// The path listing's bounds, on trees git made: a "tree bomb" (each level
// holding its child twice) has no file in it but 2^30 entries to visit; the
// listing must stop, say it stopped, and let the page breathe meanwhile.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MAX_VISITS, listPathsIn } from './list-paths.js'
import { openObjectStore } from './object-files.js'
import type { GitFs } from './fs.js'

const dirs: string[] = []
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

describe('listPathsIn on a hostile tree', () => {
  it('stops a tree of 30 levels that holds each child twice, and says it stopped', async () => {
    const gitdir = mkdtempSync(join(tmpdir(), 'guts-tree-bomb-'))
    dirs.push(gitdir)
    execFileSync('git', ['init', '-q', '--bare', gitdir])
    const mktree = (input: string): string => execFileSync('git', ['--git-dir', gitdir, 'mktree', '--missing'], { input, encoding: 'utf8' }).trim()
    // the bottom: a submodule entry (no file to list), then 30 doublings
    let tree = mktree(`160000 commit ${'1'.repeat(40)}\tsub\n`)
    for (let i = 0; i < 30; i++) tree = mktree(`040000 tree ${tree}\ta\n040000 tree ${tree}\tb\n`)
    execFileSync('git', ['--git-dir', gitdir, 'repack', '-adq'])
    const store = await openObjectStore(fs as unknown as GitFs, gitdir)
    let ticks = 0
    const timer = setInterval(() => { ticks++ }, 1)
    const started = Date.now()
    const { entries, truncated } = await listPathsIn(store, tree)
    clearInterval(timer)
    expect(entries).toEqual([])
    expect(truncated).toBe(true)
    // bounded: a million visits, not a billion, and timers ran meanwhile
    expect(Date.now() - started).toBeLessThan(60_000)
    expect(ticks).toBeGreaterThan(MAX_VISITS / 5_000 / 2)
  }, 90_000)
})
