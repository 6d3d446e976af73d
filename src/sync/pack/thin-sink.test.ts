// Receiving a thin pack through a sink that cannot complete it itself: the
// tab's worker sink passes errors back by name only, so the ids of the
// missing bases are lost; the wrapper finds the candidates in the pack's
// REF_DELTAs, completes the pack from the repository and has it indexed
// again. Thin packs made by the real git, bases read with isomorphic-git.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PackError } from '../../repo/pack/pack-error.js'
import { inProcessPackSink } from '../../repo/pack/pack-sink.js'
import { makePackFixture, rejection, run, verifyPack } from '../../../test/fixtures/pack-fixture.js'
import { thinPackSink } from './thin-sink.js'
import type { PackFixture } from '../../../test/fixtures/pack-fixture.js'
import type { PackSink, PackSinkFactory, ReceivedPack } from '../../repo/pack/pack-sink.js'
import type { GitFs } from '../../repo/fs.js'

let fx: PackFixture
let thin: Uint8Array
const nodeFs = fs as unknown as GitFs

beforeAll(() => {
  fx = makePackFixture()
  thin = new Uint8Array(run(fx.repo, ['pack-objects', '--stdout', '--thin', '--revs', '--delta-base-offset', '-q'], 'HEAD\n^HEAD~3\n'))
})
afterAll(() => { fx?.remove() })

/** The in-thread sink, its errors passed on as a worker passes them: a name and a message. */
const byName: PackSinkFactory & { made: number } = Object.assign((total: number, opts: Parameters<PackSinkFactory>[1]): PackSink => {
  byName.made++
  const inner = inProcessPackSink(total, opts)
  return {
    ...inner,
    finish: async () => inner.finish().catch((err: Error) => {
      const plain = new Error(err.message)
      plain.name = err.name
      throw plain
    })
  }
}, { made: 0 })

async function receive (factory: PackSinkFactory, pack: Uint8Array): Promise<ReceivedPack> {
  const sink = factory(pack.length, {})
  for (let at = 0; at < pack.length; at += 1000) sink.push(pack.subarray(at, at + 1000))
  return sink.finish()
}

describe('thinPackSink', () => {
  it('completes a thin pack a worker failed on, from the repository\'s objects, and has it indexed again', async () => {
    byName.made = 0
    const got = await receive(thinPackSink(byName, { fs: nodeFs, gitdir: path.join(fx.repo, '.git') }), thin)
    expect(byName.made).toBe(2)
    const file = path.join(fx.tmp, 'got.pack')
    fs.writeFileSync(file, got.pack!)
    run(fx.tmp, ['index-pack', file])
    expect(got.oids).toEqual([...verifyPack(fx.repo, file.replace(/\.pack$/, '.idx')).keys()].sort())
    expect(got.outside.length).toBeGreaterThan(0) // the rest of history: held, checked by storePack
  })

  it('completes it at once where the indexer names the bases (in this thread)', async () => {
    const got = await receive(thinPackSink(inProcessPackSink, { fs: nodeFs, gitdir: path.join(fx.repo, '.git') }), thin)
    expect(got.oids.length).toBeGreaterThan(new DataView(thin.buffer, thin.byteOffset).getUint32(8))
  })

  it('refuses the pack when the bases are not ours either: the sender\'s fault, a PackError', async () => {
    const empty = path.join(fx.tmp, 'empty.git')
    run(fx.tmp, ['init', '-q', '--bare', empty])
    for (const factory of [byName, inProcessPackSink]) {
      const err = await rejection(receive(thinPackSink(factory, { fs: nodeFs, gitdir: empty }), thin))
      expect(err.name).toBe('PackError')
      expect(err.message).toMatch(/does not contain/)
    }
  })

  it('passes other failures on as they are, and leaves a sink that completes thin packs itself alone', async () => {
    const damaged = thin.slice()
    damaged[damaged.length - 1] ^= 1
    const err = await rejection(receive(thinPackSink(byName, { fs: nodeFs, gitdir: path.join(fx.repo, '.git') }), damaged))
    expect(err.message).toMatch(/checksum/)
    const own = { completesThin: true, push: () => {}, finish: async () => { throw new PackError('x') }, abort: () => {} }
    let told: unknown
    const factory: PackSinkFactory = (_total, opts) => { told = opts; return own }
    expect(thinPackSink(factory, { fs: nodeFs, gitdir: '/nowhere' })(100, {})).toBe(own)
    expect((told as { held?: { gitdir: string } }).held?.gitdir).toBe('/nowhere')
  })
})
