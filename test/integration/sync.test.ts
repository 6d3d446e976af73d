// Three real libp2p peers over @libp2p/memory, the Guts sync protocols
// between them: clone, incremental fetch, live announcements, catch-up,
// and a provider dying mid-pack.
import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { git } from '../fixtures/git-fixture.js'
import { connect, createPeer, incomingDir, objectFiles } from './sync-peer.js'
import type { SyncProgress } from '../../src/sync/service.js'
import type { TestPeer } from './sync-peer.js'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const peers: TestPeer[] = []

/** A repository with a 4 MB incompressible file: a pack of many chunks, more than yamux's window. */
async function withBigFile (p: TestPeer, name: string): Promise<{ rid: string }> {
  const repo = await p.repos.create({ name })
  const big = new Uint8Array(4 * 1024 * 1024)
  for (let i = 0; i < big.length; i += 65536) crypto.getRandomValues(big.subarray(i, i + 65536))
  await p.repos.commit(repo.rid, { branch: 'main', message: 'big file', changes: [{ op: 'write', path: 'big.bin', content: big }] })
  return repo
}
const peer = async (name: string): Promise<TestPeer> => { const p = await createPeer(name); peers.push(p); return p }

afterEach(async () => {
  await Promise.all(peers.splice(0).map(async p => { await p.sync.stop(); await p.node.stop() }))
})

describe('sync between peers', () => {
  it('clones, then fetches only what is new', async () => {
    const a = await peer('a')
    const b = await peer('b')
    const repo = await a.repos.create({ name: 'demo', description: 'sync me' })
    await a.repos.commit(repo.rid, { branch: 'main', message: 'two', changes: [{ op: 'write', path: 'src/x.ts', content: text('export {}\n') }] })
    await connect(b, a)

    const progress: SyncProgress[] = []
    expect(await b.sync.clone(repo.rid, { onProgress: p => progress.push(p) })).toBe('cloned')
    const got = await b.repos.get(repo.rid)
    expect(got.signedRefs).toEqual((await a.repos.get(repo.rid)).signedRefs)
    git(b.dir, '--git-dir', b.repos.gitdir(repo.rid), 'fsck', '--full', '--strict')
    expect(progress.map(p => p.phase)).toContain('Receiving objects')
    expect(progress.at(-1)?.phase).toBe('Done')

    const c3 = await a.repos.commit(repo.rid, { branch: 'main', message: 'three', changes: [{ op: 'write', path: 'README.md', content: text('# new\n') }] })
    const incremental: SyncProgress[] = []
    expect(await b.sync.fetchFrom(a.node.peerId, repo.rid, { onProgress: p => incremental.push(p) })).toBe('updated')
    expect((await b.repos.get(repo.rid)).signedRefs.refs['refs/heads/main']).toBe(c3)
    // the new commit, its root tree and the README blob: nothing else travels
    expect(incremental.find(p => p.phase === 'Receiving objects' && p.objects != null)?.objects).toBe(3)
    expect(await b.sync.fetchFrom(a.node.peerId, repo.rid)).toBe('up-to-date')
    git(b.dir, '--git-dir', b.repos.gitdir(repo.rid), 'fsck', '--full', '--strict')
  })

  it('clones and fetches into files, as relays receive packs, leaving none behind', async () => {
    const a = await peer('a')
    const b = await createPeer('b', { sink: 'file' })
    peers.push(b)
    const repo = await a.repos.create({ name: 'to a relay' })
    await a.repos.commit(repo.rid, { branch: 'main', message: 'two', changes: [{ op: 'write', path: 'src/x.ts', content: text('export {}\n') }] })
    await connect(b, a)
    expect(await b.sync.clone(repo.rid)).toBe('cloned')
    const c3 = await a.repos.commit(repo.rid, { branch: 'main', message: 'three', changes: [{ op: 'write', path: 'README.md', content: text('# new\n') }] })
    expect(await b.sync.fetchFrom(a.node.peerId, repo.rid)).toBe('updated')
    expect((await b.repos.get(repo.rid)).signedRefs).toEqual((await a.repos.get(repo.rid)).signedRefs)
    expect((await b.repos.get(repo.rid)).signedRefs.refs['refs/heads/main']).toBe(c3)
    git(b.dir, '--git-dir', b.repos.gitdir(repo.rid), 'fsck', '--full', '--strict')
    expect(fs.readdirSync(incomingDir(b))).toEqual([])
  })

  it('delivers a new commit to subscribers through gossip within 2 s', async () => {
    const a = await peer('a')
    const b = await peer('b')
    const repo = await a.repos.create({ name: 'live' })
    await connect(b, a)
    await b.sync.clone(repo.rid)
    // let the gossip mesh form (messages in the first moments are lost; catch-up covers them)
    await new Promise(resolve => setTimeout(resolve, 1500))
    const oid = await a.repos.commit(repo.rid, { branch: 'main', message: 'live edit', changes: [{ op: 'write', path: 'a.txt', content: text('a\n') }] })
    const t0 = Date.now()
    await a.sync.announce(repo.rid)
    await expect.poll(async () => (await b.repos.get(repo.rid)).signedRefs.refs['refs/heads/main'], { timeout: 2000, interval: 50 }).toBe(oid)
    console.log(`gossip announcement to fetched commit: ${Date.now() - t0} ms`)
  })

  it('catches up with a peer when it connects, without gossip', async () => {
    const a = await peer('a')
    const c = await peer('c')
    const repo = await a.repos.create({ name: 'catch-up' })
    await connect(c, a)
    await c.sync.clone(repo.rid)
    await c.node.hangUp(a.node.peerId)
    const oid = await a.repos.commit(repo.rid, { branch: 'main', message: 'while you were away', changes: [{ op: 'write', path: 'b.txt', content: text('b\n') }] })
    await connect(c, a)
    await expect.poll(async () => (await c.repos.get(repo.rid)).signedRefs.refs['refs/heads/main'], { timeout: 5000 }).toBe(oid)
  })

  it('completes a clone from another provider when the first dies mid-pack', async () => {
    const a = await peer('a')
    const c = await peer('c')
    const b = await peer('b')
    const repo = await withBigFile(a, 'big')
    await connect(c, a)
    await c.sync.clone(repo.rid)
    await c.node.hangUp(a.node.peerId)

    await connect(b, a)
    await connect(b, c)
    // a dies as soon as it has sent the first part of the pack
    let killed = false
    const progress: SyncProgress[] = []
    const outcome = await b.sync.clone(repo.rid, {
      onProgress: (p) => {
        progress.push(p)
        if (!killed && p.phase === 'Receiving objects' && (p.received ?? 0) > 0 && p.peer === a.node.peerId.toString()) {
          killed = true
          // cut every connection at once, as a crash would, then stop
          for (const conn of a.node.getConnections()) conn.abort(new Error('provider crashed'))
          void a.node.stop()
        }
      }
    })
    expect(killed).toBe(true)
    expect(outcome).toBe('cloned')
    expect(progress.filter(p => p.phase === 'Done').at(-1)?.peer).toBe(c.node.peerId.toString())
    expect((await b.repos.get(repo.rid)).signedRefs).toEqual((await c.repos.get(repo.rid)).signedRefs)
    git(b.dir, '--git-dir', b.repos.gitdir(repo.rid), 'fsck', '--full', '--strict')
    // the half-received pack from the dead provider left nothing behind
    expect(objectFiles(b.repos.gitdir(repo.rid)).filter(f => f.endsWith('.pack'))).toHaveLength(1)
  })

  it('does not blame the provider, nor ask it again, when its own disk cannot take the pack', async () => {
    const a = await peer('a')
    const asked: string[] = []
    const b = await createPeer('b', { sink: 'file', log: (msg, f) => { if (msg === 'could not fetch from peer') asked.push(String(f?.peer)) } })
    peers.push(b)
    const repo = await withBigFile(a, 'full disk')
    // where packs are received, a file: the sink cannot make its directory
    fs.writeFileSync(incomingDir(b), 'not a directory')
    await connect(b, a)
    await expect(b.sync.clone(repo.rid)).rejects.toMatchObject({ name: 'PackStoreError' })
    expect(asked).toEqual([a.node.peerId.toString()]) // once: no second round
    expect(b.sync.offences.score(a.node.peerId.toString())).toBe(0)
    expect(await b.repos.has(repo.rid)).toBe(false)
  })

  it('tries the same provider once more when its connection drops mid-pack', async () => {
    const a = await peer('a')
    const b = await peer('b')
    const repo = await withBigFile(a, 'flaky link')
    await connect(b, a)
    let dropped = false
    const outcome = await b.sync.clone(repo.rid, {
      onProgress: (p) => {
        if (!dropped && p.phase === 'Receiving objects' && (p.received ?? 0) > 0) {
          dropped = true
          // the link fails; the provider itself lives on
          for (const conn of b.node.getConnections(a.node.peerId)) conn.abort(new Error('link dropped'))
        }
      }
    })
    expect(dropped).toBe(true)
    expect(outcome).toBe('cloned')
    expect((await b.repos.get(repo.rid)).signedRefs).toEqual((await a.repos.get(repo.rid)).signedRefs)
    git(b.dir, '--git-dir', b.repos.gitdir(repo.rid), 'fsck', '--full', '--strict')
    expect(objectFiles(b.repos.gitdir(repo.rid)).filter(f => f.endsWith('.pack'))).toHaveLength(1)
  })
})
