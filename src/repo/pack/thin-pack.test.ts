// Completing thin packs made by the real git (`git pack-objects --thin`)
// from the objects a repository holds: the result must be a pack git
// indexes as it is (no --fix-thin), with the objects git's own --fix-thin
// gives; a base nobody holds is the sender's fault.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { indexPack, PackError } from './index-pack.js'
import { readUint32 } from './pack-reader.js'
import { sha1 } from './sha1.js'
import { completeThinPack, refDeltaBases, ThinPackError } from './thin-pack.js'
import { heldBases, storePack } from '../store-pack.js'
import { makePackFixture, rejection, run, verifyPack } from '../../../test/fixtures/pack-fixture.js'
import type { PackFixture } from '../../../test/fixtures/pack-fixture.js'
import type { BaseLookup } from './thin-pack.js'
import type { GitFs } from '../fs.js'

let fx: PackFixture
let thin: Uint8Array
let missing: string[]
const nodeFs = fs as unknown as GitFs
const held = (): ReturnType<typeof heldBases> => heldBases({ fs: nodeFs, gitdir: path.join(fx.repo, '.git') })

beforeAll(async () => {
  fx = makePackFixture()
  thin = new Uint8Array(run(fx.repo, ['pack-objects', '--stdout', '--thin', '--revs', '--delta-base-offset', '-q'], 'HEAD\n^HEAD~3\n'))
  const err = await rejection(indexPack(thin))
  if (!(err instanceof ThinPackError)) throw err
  missing = err.missing
})

afterAll(() => { fx?.remove() })

/** Object ids git lists for a pack, indexed by git in a repository of its own (so it can borrow nothing). */
function gitIds (pack: Uint8Array, args: string[] = []): string[] {
  const dir = fs.mkdtempSync(path.join(fx.tmp, 'alone-'))
  run(dir, ['init', '-q', '--bare'])
  const file = path.join(dir, 'p.pack')
  fs.writeFileSync(file, pack)
  run(dir, ['index-pack', ...args, file])
  return [...verifyPack(dir, file.replace(/\.pack$/, '.idx')).keys()].sort()
}

describe('completing a thin pack', () => {
  it('the indexer names every base the pack lacks, once it has built all it can', () => {
    expect(missing.length).toBeGreaterThan(0)
    // git writes REF_DELTA only for bases outside the pack
    expect([...missing].sort()).toEqual(refDeltaBases(thin).sort())
    for (const id of missing) expect(run(fx.repo, ['cat-file', '-t', id]).toString().trim()).toMatch(/^(blob|tree)$/)
  })

  it('appends the bases held, fixes the count and the trailer: git indexes it as it is', async () => {
    const completed = (await completeThinPack(thin, missing, held(), { strict: true }))!
    expect(readUint32(completed, 8)).toBe(readUint32(thin, 8) + missing.length)
    // the thin pack's entries are kept byte for byte
    expect(Buffer.from(completed.subarray(12, thin.length - 20)).equals(Buffer.from(thin.subarray(12, thin.length - 20)))).toBe(true)
    expect(Buffer.from(completed.subarray(completed.length - 20)).equals(Buffer.from(sha1(completed.subarray(0, completed.length - 20))))).toBe(true)

    const ours = await indexPack(completed)
    const ids = gitIds(completed)
    expect(ours.oids).toEqual(ids)
    for (const id of missing) expect(ids).toContain(id)
    // the same objects as git's own --fix-thin gives
    const fixed = new Uint8Array(run(fx.repo, ['index-pack', '--stdin', '--fix-thin', path.join(fx.tmp, 'fixed.pack')], thin))
    expect(fixed.length).toBeGreaterThan(0)
    expect(ids).toEqual([...verifyPack(fx.repo, path.join(fx.tmp, 'fixed.idx')).keys()].sort())
    // and git writes the same .idx for it as we do
    run(fx.tmp, ['index-pack', '-o', path.join(fx.tmp, 'completed.idx'), writeFile('completed.pack', completed)])
    expect(Buffer.from(ours.idx).equals(fs.readFileSync(path.join(fx.tmp, 'completed.idx')))).toBe(true)
  })

  it('refuses a base the receiver does not hold either: the sender\'s fault', async () => {
    const nothing: BaseLookup = async () => new Map()
    const err = await rejection(completeThinPack(thin, missing, nothing, { strict: true }))
    expect(err).toBeInstanceOf(PackError)
    expect(err).not.toBeInstanceOf(ThinPackError)
    expect(err.name).toBe('PackError')
    expect(err.message).toContain(missing[0])
  })

  it('refuses a pack that would lack more bases than it has entries', async () => {
    const count = readUint32(thin, 8)
    const many = Array.from({ length: count + 1 }, (_, i) => i.toString(16).padStart(40, '0'))
    const err = await rejection(completeThinPack(thin, many, held(), { strict: true }))
    expect(err).toBeInstanceOf(PackError)
    expect(err.message).toMatch(/cannot lack/)
  })

  it('with candidates only (no exact list), adds those held and skips the rest', async () => {
    const candidates = [...refDeltaBases(thin), 'f'.repeat(40)]
    const completed = (await completeThinPack(thin, candidates, held(), { strict: false }))!
    expect((await indexPack(completed)).oids).toEqual(gitIds(completed))
    expect(await completeThinPack(thin, ['f'.repeat(40)], held(), { strict: false })).toBeNull()
  })

  it('storePack completes a thin pack from the repository it stores into: git fsck accepts it', async () => {
    const dst = path.join(fx.tmp, 'dst.git')
    run(fx.tmp, ['init', '-q', '-b', 'main', '--bare', dst])
    run(fx.repo, ['push', '-q', dst, 'HEAD~3:refs/heads/main'])
    const stored = await storePack(nodeFs, dst, thin)
    expect(stored.objects).toBe(readUint32(thin, 8) + missing.length)
    run(dst, ['verify-pack', `${stored.stem}.idx`])
    run(dst, ['update-ref', 'refs/heads/main', fx.tips[0]])
    run(dst, ['fsck', '--full', '--strict', '--no-dangling'])
  })
})

function writeFile (name: string, bytes: Uint8Array): string {
  const file = path.join(fx.tmp, name)
  fs.writeFileSync(file, bytes)
  return file
}
