// The list of repositories a relay wants back: merged, bounded, atomic, and
// an unreadable file never stops the relay (it is moved aside).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createGenesis, encodeGenesis, ridOf } from '../../src/core/genesis.js'
import { PendingFetches } from './pending-fetches.js'

const work = mkdtempSync(join(tmpdir(), 'guts-pending-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))
let n = 0
const fresh = (init = {}): PendingFetches => new PendingFetches(join(work, `pending-${++n}.json`), init)
const DELEGATE = '12D3KooWKnDdG3iXw9eTFijk3EWSunZcFi54Zka4wmtqtt6rPxc8'
const rid = async (i: number): Promise<string> => ridOf(encodeGenesis(createGenesis({ name: `r${i}`, delegates: [DELEGATE], created: i, nonce: '0'.repeat(31) + (i % 10) })))

describe('pending fetches', () => {
  it('adds, merges (highest minSeq, first since, genesis once known), counts attempts and removes', async () => {
    let now = 1000
    const p = fresh({ now: () => now })
    const r = await rid(1)
    await p.add({ rid: r, reason: 'damaged', minSeq: 5 })
    now = 2000
    await p.add({ rid: r, reason: 'announced', minSeq: 3, genesis: 'Z2VuZXNpcw==' })
    expect(await p.list()).toEqual([{ rid: r, reason: 'damaged', minSeq: 5, genesis: 'Z2VuZXNpcw==', since: 1000, attempts: 0 }])
    await p.recordAttempt(r)
    await p.recordAttempt(r)
    expect(await p.get(r)).toMatchObject({ attempts: 2, lastAttempt: 2000 })
    // another instance on the same file sees it: it is on disk
    expect(await new PendingFetches(p.file).get(r)).toMatchObject({ attempts: 2 })
    await p.remove(r)
    expect(await p.list()).toEqual([])
    expect(readdirSync(work).filter(f => f.endsWith('.tmp'))).toEqual([])
  })

  it('keeps at most `max` entries, dropping the oldest', async () => {
    let now = 0
    const p = fresh({ max: 3, now: () => ++now })
    const rids = await Promise.all([1, 2, 3, 4, 5].map(rid))
    for (const r of rids) await p.add({ rid: r, reason: 'announced' })
    expect((await p.list()).map(e => e.rid)).toEqual(rids.slice(2))
  })

  it('loses no change when many are made at once in one process', async () => {
    const p = fresh()
    const rids = await Promise.all(Array.from({ length: 20 }, async (_, i) => rid(100 + i)))
    await Promise.all(rids.map(async r => p.add({ rid: r, reason: 'announced' })))
    expect((await new PendingFetches(p.file).list()).map(e => e.rid).sort()).toEqual([...rids].sort())
  })

  it('moves an unreadable file aside and starts again empty; drops malformed entries', async () => {
    const seen: string[] = []
    const p = fresh({ onCorrupt: (file: string) => seen.push(file) })
    writeFileSync(p.file, '[{"rid": "bafk')
    expect(await p.list()).toEqual([])
    expect(seen).toEqual([p.file])
    expect(readdirSync(work).some(f => f.startsWith(`${p.file.split('/').pop()!}.corrupt-`))).toBe(true)
    const r = await rid(7)
    writeFileSync(p.file, JSON.stringify([{ rid: r, reason: 'damaged', since: 1, attempts: 0 }, { rid: 'nope', reason: 'damaged', since: 1, attempts: 0 }, { rid: r, reason: 'whatever', since: 1, attempts: 0 }]))
    expect((await p.list()).map(e => e.rid)).toEqual([r])
    await p.add({ rid: await rid(8), reason: 'announced' })
    expect(JSON.parse(readFileSync(p.file, 'utf8'))).toHaveLength(2)
    expect(existsSync(p.file)).toBe(true)
  })

  it('refuses an id that is not a repository id', async () => {
    await expect(fresh().add({ rid: '../../etc', reason: 'announced' })).rejects.toThrow('not a repository id')
  })
})
