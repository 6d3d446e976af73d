// A pack holding one half of a SHA-1 collision is refused, wherever it is
// indexed (in memory, streamed, stored by a tab, received by a relay), and
// nothing of it is stored.
//
// No such git object exists: SHAttered's blocks collide only on the
// chaining value its 192-byte PDF prefix gives, and a git object starts
// with `blob <size>\0`, which moves them off it (git accepts the SHAttered
// PDFs as blobs; sha1dc.test.ts checks we do too). A colliding object would
// take a new attack of about 2^63 SHA-1 computations. So here, and only
// here, sha1dc also looks at each object's content without its header, as
// if an attacker had paid for one: the indexer, the stores and the hashing
// are the real ones.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { indexPack, PackIndexer } from './index-pack.js'
import { Sha1CollisionError } from './object-id.js'
import { storePack } from '../store-pack.js'
import { filePackSink } from '../../../relay/seed/file-pack-sink.js'
import { run } from '../../../test/fixtures/pack-fixture.js'
import { SHATTERED_1, SHATTERED_2 } from '../../../test/fixtures/sha1-collisions.js'
import type { GitFs } from '../fs.js'

vi.mock('./sha1dc.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./sha1dc.js')>()
  return {
    ...real,
    sha1dcInto: (prefix: Uint8Array, p: number, body: Uint8Array, out: Uint8Array, at: number): boolean =>
      real.sha1dcInto(prefix, p, body, out, at) || real.sha1dc(body).collision
  }
})

const nodeFs = fs as unknown as GitFs
let tmp: string

/** A repository whose doc.pdf is first `base`, then `next` (git makes `next` a delta on `base`), and its pack. */
function history (name: string, base: Uint8Array, next: Uint8Array): { pack: Uint8Array, nextId: string, verify: string } {
  const repo = path.join(tmp, name)
  fs.mkdirSync(repo)
  run(repo, ['init', '-q'])
  fs.writeFileSync(path.join(repo, 'doc.pdf'), base)
  run(repo, ['add', '.'])
  run(repo, ['commit', '-qm', 'base'])
  fs.writeFileSync(path.join(repo, 'doc.pdf'), next)
  run(repo, ['add', '.'])
  run(repo, ['commit', '-qm', 'next'])
  const pack = new Uint8Array(run(repo, ['pack-objects', '--stdout'], run(repo, ['rev-list', '--objects', 'HEAD'])))
  const file = path.join(tmp, `${name}.pack`)
  fs.writeFileSync(file, pack)
  run(repo, ['index-pack', file])
  return { pack, nextId: run(repo, ['rev-parse', 'HEAD:doc.pdf']).toString().trim(), verify: run(repo, ['verify-pack', '-v', file]).toString() }
}

/** SHATTERED_1 with its first byte changed (no collision any more), and longer: git takes it for the base */
const base = (): Uint8Array => {
  const b = new Uint8Array(SHATTERED_1.length + 200).fill(0x41)
  b.set(SHATTERED_1)
  b[0] ^= 1
  return b
}

let attack: ReturnType<typeof history>
let control: ReturnType<typeof history>
let whole: Uint8Array

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'collision-pack-'))
  attack = history('attack', base(), SHATTERED_2)
  const almost = SHATTERED_2.slice()
  almost[300] ^= 1
  control = history('control', base(), almost)
  // the colliding blob alone, whole (not a delta)
  whole = new Uint8Array(run(path.join(tmp, 'attack'), ['pack-objects', '--stdout'], attack.nextId + '\n'))
})
afterAll(() => { fs.rmSync(tmp, { recursive: true, force: true }) })

const refusal = async (p: Promise<unknown>): Promise<Error> => {
  const err = await p.then(() => undefined, (e: Error) => e)
  expect(err).toBeInstanceOf(Sha1CollisionError)
  expect(err!.name).toBe('PackError') // matched by name across workers and the sync layer
  return err!
}

describe('a pack with one half of a SHA-1 collision', () => {
  it('is refused by the indexer, which names the object, when it arrives as a delta', async () => {
    // (the precondition: git made the colliding blob a delta on the other)
    expect(attack.verify).toMatch(new RegExp(`^${attack.nextId} blob .* 1 [0-9a-f]{40}$`, 'm'))
    const err = await refusal(indexPack(attack.pack))
    expect(err.message).toContain(attack.nextId)
    expect(err.message).toMatch(/SHA-1 collision/)
  })

  it('is refused when it arrives whole, and while it streams in', async () => {
    await refusal(indexPack(whole))
    const indexer = new PackIndexer(attack.pack.length)
    const pushed = (async () => {
      for (let at = 0; at < attack.pack.length; at += 97) indexer.push(attack.pack.subarray(at, at + 97))
      return indexer.finish()
    })()
    await refusal(pushed)
  })

  it('differs from one indexed as git indexes it by one bit of the colliding block', async () => {
    expect(control.verify).toMatch(new RegExp(`^${control.nextId} blob .* 1 [0-9a-f]{40}$`, 'm'))
    const indexed = await indexPack(control.pack)
    expect(Buffer.from(indexed.idx).equals(fs.readFileSync(path.join(tmp, 'control.idx')))).toBe(true)
  })

  it('leaves nothing in a repository a tab stores it into', async () => {
    const gitdir = path.join(tmp, 'store.git')
    run(tmp, ['init', '-q', '--bare', gitdir])
    const before = fs.readdirSync(path.join(gitdir, 'objects/pack'))
    await refusal(storePack(nodeFs, gitdir, attack.pack))
    expect(fs.readdirSync(path.join(gitdir, 'objects/pack'))).toEqual(before)
  })

  it('leaves nothing where a relay receives it', async () => {
    const dir = path.join(tmp, 'incoming')
    const sink = filePackSink(dir)(attack.pack.length, {})
    const received = (async () => {
      for (let at = 0; at < attack.pack.length; at += 256) sink.push(attack.pack.subarray(at, at + 256))
      return sink.finish()
    })()
    await refusal(received)
    expect(fs.readdirSync(dir)).toEqual([])
  })
})
