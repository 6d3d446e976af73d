// "Who has it", kept live. The card once changed only on Refresh, so it
// said "Only this browser" a minute after a relay had seeded. It asks again
// when something may have changed, and otherwise seldom:
//  - a relay answered an announcement of this repository (sync's
//    relayAnswers, read in memory once a second: no network);
//  - the set of connected peers changed (a holder came or went), 1 s after
//    it settles;
//  - every 15 s while the page is visible and the answer is not settled
//    (nobody has it, or a copy is behind, ahead or unreachable: a peer
//    catching up tells us nothing); every 60 s while it is settled.
// One question at a time (each is a DHT lookup and a refs request to at
// most 20 peers); a trigger during one asks again once it is answered.
import type { SeedStatus } from '../sync/seed-status.js'

/** Who has a repository, as the live card shows it. */
export interface SeedStatusView {
  holders?: SeedStatus[]
  error?: string
  /** a question is out now */
  asking: boolean
  /** when it was last answered (ms since the epoch) */
  at?: number
}

export interface SeedWatchInit {
  ask: (signal: AbortSignal) => Promise<SeedStatus[]>
  /** changes when a relay answers an announcement of this repository */
  answers: () => string
  /** changes when the connected peers change */
  peers: () => string
  subscribeNetwork: (fn: () => void) => () => void
  onUpdate: (v: SeedStatusView) => void
  signal: AbortSignal
  /** @default the page's visibility */
  visible?: () => boolean
  /** ms between checks of relayAnswers. @default 1000 */
  pollMs?: number
  /** ms a change in the peers must settle. @default 1000 */
  settleMs?: number
  /** ms between questions while unsettled, and settled. @default 15000, 60000 */
  unsettledMs?: number
  settledMs?: number
}

/** Settled: somebody has it, and every copy seen is up to date or says it will not seed it. */
export function settled (holders: SeedStatus[]): boolean {
  return holders.some(h => h.state === 'up to date') && holders.every(h => h.state === 'up to date' || h.state === 'not seeding')
}

export function watchSeedStatus (init: SeedWatchInit): { refresh: () => void } {
  const visible = init.visible ?? (() => (globalThis as { document?: Document }).document?.visibilityState !== 'hidden')
  const pollMs = init.pollMs ?? 1000
  const settleMs = init.settleMs ?? 1000
  let view: SeedStatusView = { asking: false }
  let running = false
  let again = false
  let lastAsked = 0
  let answers = init.answers()
  let peers = init.peers()
  let peersTimer: ReturnType<typeof setTimeout> | undefined
  const update = (v: SeedStatusView): void => { view = v; if (!init.signal.aborted) init.onUpdate(v) }

  const ask = (): void => {
    if (init.signal.aborted) return
    if (running) { again = true; return }
    running = true
    lastAsked = Date.now()
    update({ ...view, asking: true })
    init.ask(init.signal).then(
      holders => update({ holders, asking: false, at: Date.now() }),
      (err: Error) => update({ ...view, asking: false, error: err.message })
    ).finally(() => {
      running = false
      if (again) { again = false; ask() }
    })
  }

  const poll = setInterval(() => {
    const a = init.answers()
    if (a !== answers) { answers = a; ask(); return }
    const every = view.holders != null && settled(view.holders) ? init.settledMs ?? 60_000 : init.unsettledMs ?? 15_000
    if (visible() && !running && Date.now() - lastAsked >= every) ask()
  }, pollMs)
  const unsubscribe = init.subscribeNetwork(() => {
    const p = init.peers()
    if (p === peers) return
    peers = p
    clearTimeout(peersTimer)
    peersTimer = setTimeout(ask, settleMs)
  })
  init.signal.addEventListener('abort', () => {
    clearInterval(poll)
    clearTimeout(peersTimer)
    unsubscribe()
  }, { once: true })
  ask()
  return { refresh: ask }
}
