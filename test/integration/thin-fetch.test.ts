// Incremental fetches get thin packs, as `git fetch` does: a peer serving
// with git (as relays do: gitPackBuilder) sends, for one line edited in a
// big file, a delta on the version the fetching peer holds, and the
// fetching peer completes the pack from its own objects before storing it.
// Real libp2p peers over @libp2p/memory, the stock git CLI on both sides:
// the receiver indexing in this thread (as the tab's fallback does, through
// thin-sink.ts) and into a file (as a relay does, file-pack-sink.ts).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterEach, describe, expect, it } from 'vitest'
import { filePackSink } from '../../relay/seed/file-pack-sink.js'
import { gitPackBuilder } from '../../relay/seed/git-pack.js'
import { indexPack } from '../../src/repo/pack/index-pack.js'
import { ThinPackError } from '../../src/repo/pack/thin-pack.js'
import { MemoryRepoIndex } from '../../src/repo/repo-index.js'
import { Repos } from '../../src/repo/repos.js'
import { Sync } from '../../src/sync/service.js'
import { mulberry32 } from '../fixtures/prng.js'
import { git } from '../fixtures/git-fixture.js'
import { makePackFixture, rejection, run, verifyPack } from '../fixtures/pack-fixture.js'
import { connect, createNode, createPeer, incomingDir } from './sync-peer.js'
import type { GitFs } from '../../src/repo/fs.js'
import type { ReceivedPack } from '../../src/repo/pack/pack-sink.js'
import type { ThinSinkOptions } from '../../src/sync/pack/thin-sink.js'
import type { TestPeer } from './sync-peer.js'

const stops: Array<() => Promise<void>> = []
afterEach(async () => { await Promise.all(stops.splice(0).map(async s => s())) })

/** A peer that serves packs the way relays do: built by git pack-objects. */
async function gitServingPeer (): Promise<{ repos: Repos, node: Awaited<ReturnType<typeof createNode>>, dir: string }> {
  const node = await createNode('server')
  const dir = await mkdtemp(join(tmpdir(), 'guts-thin-server-'))
  const repos = new Repos({ fs: fs as unknown as GitFs, index: new MemoryRepoIndex(), key: await generateKeyPair('Ed25519'), root: dir, author: () => ({ name: 'server', email: 'server@example.org' }) })
  const sync = new Sync({ node, repos, buildPack: gitPackBuilder({ repos, dir: join(dir, '.outgoing') }) })
  await sync.start()
  stops.push(async () => { await sync.stop(); await node.stop(); fs.rmSync(dir, { recursive: true, force: true }) })
  return { repos, node, dir }
}

async function client (sink: 'memory' | 'file'): Promise<TestPeer> {
  const p = await createPeer(`client-${sink}`, { sink })
  stops.push(async () => { await p.sync.stop(); await p.node.stop(); fs.rmSync(p.dir, { recursive: true, force: true }) })
  return p
}

/** ~300 KB of source text, different on every line: deltas or nothing. */
function bigSource (): string[] {
  const rand = mulberry32(7)
  return Array.from({ length: 6000 }, (_, i) => `export const value${i} = ${Math.floor(rand() * 1e12)} // ${Math.floor(rand() * 1e12).toString(36)}`)
}

const text = (lines: string[]): Uint8Array => new TextEncoder().encode(lines.join('\n') + '\n')

describe('incremental fetch of one edited line in a big file', () => {
  for (const sink of ['memory', 'file'] as const) {
    it(`is a thin pack a fraction of the self-contained one, completed and stored whole (received ${sink === 'file' ? 'into a file' : 'in memory'})`, async () => {
      const server = await gitServingPeer()
      const b = await client(sink)
      const repo = await server.repos.create({ name: 'thin' })
      const lines = bigSource()
      const before = await server.repos.commit(repo.rid, { branch: 'main', message: 'big file', changes: [{ op: 'write', path: 'src/app.js', content: text(lines) }, { op: 'write', path: 'src/small.js', content: text(['export {}']) }] })
      await connect(b, server)
      expect(await b.sync.clone(repo.rid)).toBe('cloned')

      lines[3000] = 'export const edited = true'
      const after = await server.repos.commit(repo.rid, { branch: 'main', message: 'one line', changes: [{ op: 'write', path: 'src/app.js', content: text(lines) }] })
      expect(await b.sync.fetchFrom(server.node.peerId, repo.rid)).toBe('updated')
      expect((await b.repos.get(repo.rid)).signedRefs.refs['refs/heads/main']).toBe(after)

      // what git would send without --thin, for the same wants and haves
      const gitdir = server.repos.gitdir(repo.rid)
      const whole = execFileSync('git', ['--git-dir', gitdir, 'pack-objects', '--stdout', '--revs', '--delta-base-offset', '-q'], { input: `${after}\n^${before}\n` })
      expect(whole.length).toBeGreaterThan(50_000)
      const sent = b.sync.transfers.at(-1)!
      expect(sent.rid).toBe(repo.rid)
      // the commit, the root tree, src/ and src/app.js, as a delta on the version held
      expect(sent.objects).toBe(4)
      expect(sent.bytes).toBeLessThan(whole.length / 20)

      // stored is a self-contained pack git reads: fsck, and each pack on its own
      const mine = b.repos.gitdir(repo.rid)
      git(b.dir, '--git-dir', mine, 'fsck', '--full', '--strict', '--no-dangling')
      const packs = fs.readdirSync(join(mine, 'objects', 'pack')).filter(f => f.endsWith('.pack'))
      expect(packs.length).toBe(2)
      for (const p of packs) {
        git(b.dir, '--git-dir', mine, 'verify-pack', join(mine, 'objects', 'pack', p))
        await indexPack(new Uint8Array(fs.readFileSync(join(mine, 'objects', 'pack', p))))
      }
      if (sink === 'file') expect(fs.readdirSync(incomingDir(b))).toEqual([])
    })
  }

  it('the builder sends a thin pack only to a client that asks for one, and never shares it with one that did not', async () => {
    const server = await gitServingPeer()
    const repo = await server.repos.create({ name: 'thin' })
    const lines = bigSource()
    const before = await server.repos.commit(repo.rid, { branch: 'main', message: 'big file', changes: [{ op: 'write', path: 'src/app.js', content: text(lines) }] })
    lines[10] = 'export const edited = true'
    const after = await server.repos.commit(repo.rid, { branch: 'main', message: 'one line', changes: [{ op: 'write', path: 'src/app.js', content: text(lines) }] })
    const build = gitPackBuilder({ repos: server.repos, dir: join(server.dir, '.built') })
    const read = async (thin?: boolean): Promise<Uint8Array> => {
      const source = (await build({ rid: repo.rid, wants: [after], haves: [before], thin }, AbortSignal.timeout(30_000)))!
      const parts: Uint8Array[] = []
      for await (const c of source.chunks(64 * 1024)) parts.push(c.slice())
      await source.close()
      return new Uint8Array(Buffer.concat(parts))
    }
    const thin = await read(true)
    const older = await read(undefined)
    const whole = await read(false)
    await expect(indexPack(thin)).rejects.toBeInstanceOf(ThinPackError)
    expect((await indexPack(older)).oids.length).toBe(4)
    expect(Buffer.from(whole).equals(Buffer.from(older))).toBe(true)
    expect(thin.length).toBeLessThan(older.length / 20)
    // a clone (no haves) is never thin, asked or not
    const source = (await build({ rid: repo.rid, wants: [after], haves: [], thin: true }, AbortSignal.timeout(30_000)))!
    const parts: Uint8Array[] = []
    for await (const c of source.chunks(64 * 1024)) parts.push(c.slice())
    await source.close()
    expect((await indexPack(new Uint8Array(Buffer.concat(parts)))).outside).toEqual([])
  })
})

describe('a relay receiving a thin pack into a file', () => {
  it('completes it in the file from the repository (git cat-file), or refuses it and leaves no file', async () => {
    const fx = makePackFixture()
    stops.push(async () => { fx.remove() })
    const thin = new Uint8Array(run(fx.repo, ['pack-objects', '--stdout', '--thin', '--revs', '--delta-base-offset', '-q'], 'HEAD\n^HEAD~3\n'))
    const dir = join(fx.tmp, 'incoming')
    const receive = async (gitdir: string): Promise<ReceivedPack> => {
      const opts: ThinSinkOptions = { held: { fs: fs as unknown as GitFs, gitdir } }
      const sink = filePackSink(dir)(thin.length, opts)
      for (let at = 0; at < thin.length; at += 777) sink.push(thin.subarray(at, at + 777))
      return sink.finish()
    }
    const got = await receive(join(fx.repo, '.git'))
    // git indexes the completed file as it is, and finds what we found
    run(fx.tmp, ['index-pack', got.file!])
    expect(got.oids).toEqual([...verifyPack(fx.repo, got.file!.replace(/\.pack$/, '.idx')).keys()].sort())
    expect(got.oids.length).toBeGreaterThan(new DataView(thin.buffer, thin.byteOffset).getUint32(8))
    fs.rmSync(dir, { recursive: true })

    const empty = join(fx.tmp, 'empty.git')
    run(fx.tmp, ['init', '-q', '--bare', empty])
    const err = await rejection(receive(empty))
    expect(err.name).toBe('PackError')
    expect(err.message).toMatch(/do not hold either/)
    expect(fs.readdirSync(dir)).toEqual([])
  })
})
