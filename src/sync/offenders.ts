// Peers that misbehave: each offence adds to the peer's score (budget.ts);
// past the limit it is disconnected and refused for ten minutes.
import { offenceFor } from './classify.js'
import { OffenceLedger } from './budget.js'
import type { Offence } from './budget.js'
import type { PeerId } from '@libp2p/interface'

const BAN_MS = 10 * 60_000

export class Offenders {
  readonly ledger = new OffenceLedger()
  private readonly banned = new Map<string, number>()

  constructor (
    private readonly hangUp: (peer: PeerId) => Promise<void>,
    private readonly log: (msg: string, fields?: Record<string, unknown>) => void
  ) {}

  /** Records bad behaviour; past the limit, the peer is cut off for a while. */
  offend (peer: PeerId, offence: Offence): void {
    const key = peer.toString()
    this.log('peer offence', { peer: key, offence })
    if (this.ledger.record(key, offence)) {
      this.banned.set(key, Date.now() + BAN_MS)
      this.log('disconnecting offender', { peer: key })
      void this.hangUp(peer).catch(() => {})
    }
  }

  /** Counts a failure against the peer when it is one of the offences (classify.ts). */
  punish (peer: PeerId, err: { name?: string }): void {
    const o = offenceFor(err)
    if (o != null) this.offend(peer, o)
  }

  isBanned (peer: string): boolean {
    const until = this.banned.get(peer)
    if (until == null) return false
    if (until < Date.now()) { this.banned.delete(peer); return false }
    return true
  }
}
