// Fetching again what the relay wants but does not hold completely (see
// pending-fetches.ts): a repository taken out of service after damage, one
// whose record could not be read, one announced whose fetch failed or was
// cut off by a crash. Each is retried with a backoff that doubles from 30 s
// to 6 h; an announced one is given up after a day (news is free to make).
// A relay that connects (another seed, say, after a restart) is a new
// chance: then every entry not tried in the last 10 s is tried at once.
// A repository counts as back only with refs at least as new as those held
// before (minSeq).
import { recordSeq } from '../../src/repo/repo-index.js'
import type { PendingFetch, PendingFetches } from './pending-fetches.js'
import type { Logger } from '../log.js'
import type { Repos } from '../../src/repo/repos.js'

const FIRST_RETRY_MS = 30_000
const MAX_RETRY_MS = 6 * 3600_000
const ANNOUNCED_FOR_MS = 24 * 3600_000
const KICK_AFTER_MS = 10_000

/** When an entry is due again. Pure. */
export function nextAttempt (p: Pick<PendingFetch, 'attempts' | 'lastAttempt' | 'since'>): number {
  if (p.lastAttempt == null) return p.since
  return p.lastAttempt + Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * Math.pow(2, Math.max(0, p.attempts - 1)))
}

export interface RefetchInit {
  pending: PendingFetches
  repos: Repos
  /** fetches one pending repository: from whom depends on why it is pending (see seeder.ts) */
  fetch: (p: PendingFetch, signal: AbortSignal) => Promise<unknown>
  log: Logger
  /** how often the list is looked at; default 15 s */
  interval?: number
  now?: () => number
}

export function startRefetching (init: RefetchInit): { stop: () => void, tick: () => Promise<void>, kick: () => void } {
  const now = init.now ?? Date.now
  let running: Promise<void> | undefined
  let stopped = false
  const ac = new AbortController()

  const one = async (p: PendingFetch, kicked: boolean): Promise<void> => {
    const held = await init.repos.index.get(p.rid)
    if (held != null && recordSeq(held) >= (p.minSeq ?? 0)) {
      await init.pending.remove(p.rid)
      return
    }
    if (p.reason === 'announced' && now() - p.since > ANNOUNCED_FOR_MS) {
      init.log.info('gave up on an announced repository nobody serves', { rid: p.rid, attempts: p.attempts })
      await init.pending.remove(p.rid)
      return
    }
    const due = nextAttempt(p) <= now() || (kicked && now() - (p.lastAttempt ?? 0) > KICK_AFTER_MS)
    if (!due) return
    await init.pending.recordAttempt(p.rid)
    try {
      await init.fetch(p, AbortSignal.any([ac.signal, AbortSignal.timeout(300_000)]))
      const got = await init.repos.index.get(p.rid)
      if (got != null && recordSeq(got) >= (p.minSeq ?? 0)) {
        init.log.info('fetched a repository again', { rid: p.rid, reason: p.reason, seq: recordSeq(got) })
        await init.pending.remove(p.rid)
      } else {
        init.log.warn('fetched a repository again, but older than it was: still looking for newer refs', { rid: p.rid, seq: got != null ? recordSeq(got) : undefined, minSeq: p.minSeq })
      }
    } catch (err: any) {
      init.log.debug('could not fetch a pending repository yet', { rid: p.rid, reason: p.reason, attempts: p.attempts + 1, err: err.message })
    }
  }

  let kickedAgain = false
  const tick = async (kicked = false): Promise<void> => {
    if (running != null) { kickedAgain ||= kicked; return running }
    running = (async () => {
      try {
        for (const p of await init.pending.list()) {
          if (stopped) return
          await one(p, kicked).catch(err => init.log.warn('pending fetch failed', { rid: p.rid, err: err.message }))
        }
      } finally {
        running = undefined
      }
      if (kickedAgain && !stopped) { kickedAgain = false; await tick(true) }
    })()
    return running
  }

  const timer = setInterval(() => { void tick() }, init.interval ?? 15_000)
  timer.unref?.()
  void tick()
  return {
    tick: async () => tick(),
    kick: () => { void tick(true) },
    stop: () => { stopped = true; ac.abort(); clearInterval(timer) }
  }
}
