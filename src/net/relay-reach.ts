// Is the tab on the network, getting there, or offline, and why. Pure: the
// app feeds it what it saw (dial failures, the moment the last relay
// connection was lost) and reads a verdict for the header. "Connecting…"
// lasts only while a relay has not been tried yet since the tab lost them
// all; once every relay it knows has failed, it is Offline, with each
// relay's error and when the next try is.

/** One failed dial of a relay address. */
export interface RelayFailure {
  peer: string
  addr: string
  error: string
  at: number
}

export interface ReachInput {
  /** a relay connection is open */
  connected: boolean
  /** what the browser says (navigator.onLine) */
  online: boolean
  /** the relay addresses being dialled, with the peer each reaches */
  targets: Array<{ peer: string, addr: string }>
  /** recent failures, any order */
  failures: RelayFailure[]
  /** when the tab last lost its relays (or started): older failures do not count */
  since: number
  /** the lookup of the serving relay (guts.json) has finished, so "no relay known" is final */
  lookedUp: boolean
  /** when the next round of dials is due (ms) */
  nextTry?: number
  now: number
  /**
   * ms after `since` past which one failed address per relay is enough: a
   * relay's other addresses may each take a whole dial timeout to fail.
   * @default 8000 (the dial timeout)
   */
  patience?: number
}

export interface Reach {
  state: 'connected' | 'connecting' | 'offline'
  /** one line: why it is offline */
  reason?: string
  /** per relay tried since `since`: its last error */
  tried: RelayFailure[]
  nextTry?: number
}

export function relayReach (input: ReachInput): Reach {
  if (input.connected) return { state: 'connected', tried: [] }
  const recent = input.failures.filter(f => f.at >= input.since)
  // the last failure per relay, in the order the relays are dialled
  const byPeer = new Map<string, RelayFailure>()
  for (const f of [...recent].sort((a, b) => a.at - b.at)) byPeer.set(f.peer, f)
  const peers = [...new Set(input.targets.map(t => t.peer))]
  const tried = peers.map(p => byPeer.get(p)).filter((f): f is RelayFailure => f != null)
  const nextTry = input.nextTry
  if (!input.online) return { state: 'offline', reason: 'this device has no network connection', tried, nextTry }
  if (input.targets.length === 0) {
    return input.lookedUp
      ? { state: 'offline', reason: 'no relay known: open Guts from a relay, or add one in Settings', tried, nextTry }
      : { state: 'connecting', tried }
  }
  // every address of every relay failed since the relays were lost, or
  // (after a while) at least one of each relay's
  const failedAddrs = new Set(recent.map(f => f.addr))
  const allFailed = input.targets.every(t => failedAddrs.has(t.addr))
  const eachTried = tried.length === peers.length && input.now - input.since >= (input.patience ?? 8000)
  if (allFailed || eachTried) {
    const n = peers.length
    const reason = n === 1 ? 'the relay could not be reached' : `none of the ${n} relays could be reached`
    return { state: 'offline', reason, tried, nextTry }
  }
  return { state: 'connecting', tried, nextTry }
}

/** "next try in 2 s", from `nextTry` and the clock. */
export function nextTryText (nextTry: number | undefined, now: number): string | undefined {
  if (nextTry == null) return undefined
  const s = Math.max(0, Math.ceil((nextTry - now) / 1000))
  return s === 0 ? 'trying again now' : `next try in ${s} s`
}
