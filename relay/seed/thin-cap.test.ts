// A thin pack may not make its receiver read and store more than
// MAX_THIN_BASE_BYTES of bases: each base costs its sender ~33 bytes.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { baseEntries, MAX_THIN_BASE_BYTES } from '../../src/repo/pack/thin-pack.js'
import { catFileBases } from './file-pack-sink.js'
import type { HeldObject } from '../../src/repo/pack/thin-pack.js'

const work = fs.mkdtempSync(join(tmpdir(), 'guts-thin-cap-'))
afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

describe('thin pack bases are capped', () => {
  it('refuses bases past the cap before reading them, as too costly, not as a bad pack', async () => {
    const huge = new Map<string, HeldObject>([['a'.repeat(40), { type: 'blob', content: { length: MAX_THIN_BASE_BYTES + 1 } as unknown as Uint8Array }]])
    const err = await baseEntries(['a'.repeat(40)], 1, async () => huge).catch(e => e)
    expect(err.name).toBe('ThinBasesTooLargeError')
  })

  it("a relay's lookup checks the sizes with git first", async () => {
    const gitdir = join(work, 'r.git')
    spawnSync('git', ['init', '-q', '--bare', gitdir])
    const oid = spawnSync('git', ['--git-dir', gitdir, 'hash-object', '-w', '--stdin'], { input: 'x'.repeat(1000), encoding: 'utf8' }).stdout.trim()
    const lookup = catFileBases(gitdir)
    expect((await lookup([oid], { maxBytes: 5000 })).get(oid)?.content.length).toBe(1000)
    const err = await lookup([oid], { maxBytes: 999 }).catch(e => e)
    expect(err.name).toBe('ThinBasesTooLargeError')
  })
})
