// The export walk's id table against the index's own binary search, on a
// pack git made: every id found at the same position, and ids not in the
// pack (one byte changed) not found.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { git, makeFixtureRepo } from '../../../test/fixtures/git-fixture.js'
import { IdLookup } from './id-lookup.js'
import { PackIdx } from './pack-idx.js'

const work = mkdtempSync(join(tmpdir(), 'guts-id-lookup-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

it('finds every id of an index where the index does, and nothing else', () => {
  const gitdir = join(work, 'r.git')
  git(work, 'clone', '-q', '--bare', '--no-local', makeFixtureRepo(), gitdir)
  const dir = join(gitdir, 'objects', 'pack')
  const idx = new PackIdx(readFileSync(join(dir, readdirSync(dir).find(f => f.endsWith('.idx'))!)))
  const lookup = new IdLookup(idx)
  expect(idx.count).toBeGreaterThan(20)
  const id = new Uint8Array(20)
  for (let k = 0; k < idx.count; k++) {
    id.set(idx.bytes.subarray(idx.idAt(k), idx.idAt(k) + 20))
    expect(lookup.find(id)).toBe(k)
    expect(lookup.find(idx.bytes, idx.idAt(k))).toBe(k)
    id[19] ^= 1
    expect(lookup.find(id)).toBe(idx.find(id))
  }
})
