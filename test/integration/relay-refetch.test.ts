// A relay that crashed while fetching a repository it had heard of tries
// again when it starts: the announcement was written down (pending.json)
// before the fetch began, and a relay that connects is a new chance.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseArgs } from '../../relay/cli.js'
import { createLogger } from '../../relay/log.js'
import { startRelay } from '../../relay/relay.js'
import { PendingFetches } from '../../relay/seed/pending-fetches.js'
import { nextAttempt } from '../../relay/seed/refetch.js'
import { git } from '../fixtures/git-fixture.js'
import type { Relay } from '../../relay/relay.js'

const relays: Relay[] = []
const dirs: string[] = []

async function relay (dataDir: string, extra: string[] = []): Promise<Relay> {
  const parsed = parseArgs(['--port', '0', '--data', dataDir, '--no-mdns', '--app', 'dist', ...extra])
  if (parsed.command !== 'serve') throw new Error('bad args')
  const r = await startRelay(parsed.options, createLogger({ level: 'error' }))
  relays.push(r)
  return r
}

afterAll(async () => {
  for (const r of relays.reverse()) await r.stop()
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

describe('fetches cut off by a crash', () => {
  it('are tried again at start, from a relay that connects', async () => {
    const [dirA, dirB] = await Promise.all([mkdtemp(join(tmpdir(), 'guts-refetch-a-')), mkdtemp(join(tmpdir(), 'guts-refetch-b-'))])
    dirs.push(dirA, dirB)
    const b = await relay(dirB)
    const repo = await b.seeder.repos.create({ name: 'wanted', description: 'heard of, never fetched' })
    // A heard of it, wrote it down, and died before the fetch finished
    await new PendingFetches(join(dirA, 'pending.json')).add({ rid: repo.rid, reason: 'announced', genesis: Buffer.from(repo.genesis).toString('base64') })
    const bTcp = b.node.getMultiaddrs().find(ma => !ma.toString().includes('/ws'))!.toString()
    const a = await relay(dirA, ['--bootstrap', bTcp])
    await expect.poll(async () => a.seeder.repos.has(repo.rid), { timeout: 20_000 }).toBe(true)
    expect((await a.seeder.repos.get(repo.rid)).signedRefs).toEqual(repo.signedRefs)
    git(dirA, '--git-dir', a.seeder.repos.gitdir(repo.rid), 'fsck', '--full', '--strict')
    await expect.poll(async () => (await new PendingFetches(join(dirA, 'pending.json')).list()).length, { timeout: 5000 }).toBe(0)
  })

  it('back off from 30 s, doubling, up to 6 h', () => {
    expect(nextAttempt({ since: 5, attempts: 0 })).toBe(5)
    expect(nextAttempt({ since: 5, attempts: 1, lastAttempt: 1000 })).toBe(31_000)
    expect(nextAttempt({ since: 5, attempts: 3, lastAttempt: 1000 })).toBe(121_000)
    expect(nextAttempt({ since: 5, attempts: 40, lastAttempt: 1000 })).toBe(1000 + 6 * 3600_000)
  })
})
