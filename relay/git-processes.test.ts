import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { processesWithEnv, waitFor, waitForCount } from '../test/fixtures/processes.js'
import { GitProcessPool } from './git-processes.js'
import type { PooledProcess } from './git-processes.js'

// each test marks its processes so it counts only its own
const mark = (): string => `GUTS_POOL_TEST=${randomBytes(6).toString('hex')}`
const envOf = (m: string): Record<string, string> => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', [m.split('=')[0]]: m.split('=')[1] })
// a shell whose two children outlive it unless the whole group is killed
const TREE = ['-c', 'sleep 60 & sleep 60 & wait']

describe('git process pool', () => {
  const started: PooledProcess[] = []
  afterEach(() => { for (const p of started) p.kill(); started.length = 0 })

  it('kills the whole process tree, grandchildren included', async () => {
    const m = mark()
    const pool = new GitProcessPool()
    const p = await pool.spawn('sh', TREE, { env: envOf(m) })
    started.push(p)
    await waitFor(() => processesWithEnv(m).length === 3, 5_000)
    p.kill()
    await waitForCount(() => processesWithEnv(m).length, 0, 2_000)
    await waitForCount(() => pool.size, 0, 2_000)
  })

  it('runs at most maxRunning at once, queues maxQueued, refuses the rest at once', async () => {
    const m = mark()
    const pool = new GitProcessPool({ maxRunning: 2, maxQueued: 1, queueWaitMs: 10_000 })
    started.push(await pool.spawn('sh', TREE, { env: envOf(m) }), await pool.spawn('sh', TREE, { env: envOf(m) }))
    const queued = pool.spawn('sh', TREE, { env: envOf(m) })
    expect(pool.queued).toBe(1)
    const t0 = Date.now()
    await expect(pool.spawn('sh', TREE, { env: envOf(m) })).rejects.toThrow(expect.objectContaining({ name: 'GitBusyError' }))
    expect(Date.now() - t0).toBeLessThan(100)
    expect(pool.size).toBe(2)
    // a turn given back goes to the one waiting
    started[0].kill()
    const third = await queued
    started.push(third)
    expect(pool.size).toBe(2)
    expect(pool.queued).toBe(0)
  })

  it('gives up waiting after queueWaitMs, and leaves the queue when aborted', async () => {
    const m = mark()
    const pool = new GitProcessPool({ maxRunning: 1, maxQueued: 4, queueWaitMs: 300 })
    started.push(await pool.spawn('sh', TREE, { env: envOf(m) }))
    const t0 = Date.now()
    await expect(pool.spawn('sh', TREE, { env: envOf(m) })).rejects.toThrow(expect.objectContaining({ name: 'GitBusyError' }))
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250)
    const ac = new AbortController()
    const waiting = pool.spawn('sh', TREE, { env: envOf(m), signal: ac.signal })
    expect(pool.queued).toBe(1)
    ac.abort(new Error('client left'))
    await expect(waiting).rejects.toThrow('client left')
    expect(pool.queued).toBe(0)
    started[0].kill()
    await waitForCount(() => pool.size, 0, 2_000)
    expect(processesWithEnv(m)).toHaveLength(0)
  })

  it('gives the turn back when the command cannot start', async () => {
    const pool = new GitProcessPool({ maxRunning: 1 })
    const p = await pool.spawn('/nonexistent/git', [], { env: {} })
    await new Promise(resolve => p.child.once('error', resolve))
    await waitForCount(() => pool.size, 0, 1_000)
  })
})
