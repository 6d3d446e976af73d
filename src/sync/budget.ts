// Per-peer request budgets (token buckets) and offence scores. Pure: the
// clock is injected. A peer that spends its budget gets REFUSED answers; a
// peer that sends invalid data collects offences and is disconnected when
// its score reaches the limit.

export interface BudgetInit {
  /** requests a peer may make at once */
  burst: number
  /** requests a peer regains per second */
  perSecond: number
  now?: () => number
}

export class RequestBudget {
  private readonly buckets = new Map<string, { tokens: number, at: number }>()
  private readonly now: () => number
  constructor (private readonly init: BudgetInit) { this.now = init.now ?? Date.now }

  /** true when `peer` may make one more request now */
  take (peer: string): boolean {
    const t = this.now()
    const b = this.buckets.get(peer) ?? { tokens: this.init.burst, at: t }
    b.tokens = Math.min(this.init.burst, b.tokens + (t - b.at) / 1000 * this.init.perSecond)
    b.at = t
    const ok = b.tokens >= 1
    if (ok) b.tokens -= 1
    this.buckets.set(peer, b)
    if (this.buckets.size > 10_000) this.buckets.delete(this.buckets.keys().next().value!)
    return ok
  }
}

/**
 * Refusals for being over budget are not offences: an honest peer catching
 * up, or retrying after a timeout, runs into its budget. Only a peer that
 * keeps asking after being refused again and again (`every` refusals in a
 * row) is flooding, which counts.
 */
export class Refusals {
  private readonly counts = new Map<string, number>()
  constructor (private readonly every = 50) {}

  /** one more refusal of `peer`; true when it amounts to an offence */
  refused (peer: string): boolean {
    const n = (this.counts.get(peer) ?? 0) + 1
    this.counts.set(peer, n % this.every)
    if (this.counts.size > 10_000) this.counts.delete(this.counts.keys().next().value!)
    return n % this.every === 0
  }
}

/** How bad each kind of bad input is; the limit is reached at 10. */
export const OFFENCE_WEIGHT = {
  'forged-signature': 10,
  'not-delegate': 10,
  'bad-object': 10,
  'missing-objects': 10,
  'pack-too-large': 10,
  'malformed': 5,
  'stale-sequence': 4,
  /** fifty refused requests in a row (see Refusals) */
  'over-budget': 5
} as const

export type Offence = keyof typeof OFFENCE_WEIGHT

export class OffenceLedger {
  private readonly scores = new Map<string, { score: number, at: number }>()
  private readonly now: () => number
  /** score halves every `halfLife` ms, so old mistakes are forgiven */
  constructor (private readonly limit = 10, private readonly halfLife = 10 * 60_000, now?: () => number) { this.now = now ?? Date.now }

  /** records an offence; true when the peer should now be disconnected */
  record (peer: string, offence: Offence): boolean {
    const t = this.now()
    const prev = this.scores.get(peer)
    const decayed = prev == null ? 0 : prev.score * Math.pow(0.5, (t - prev.at) / this.halfLife)
    const score = decayed + OFFENCE_WEIGHT[offence]
    this.scores.set(peer, { score, at: t })
    return score >= this.limit
  }

  score (peer: string): number { return this.scores.get(peer)?.score ?? 0 }
}
