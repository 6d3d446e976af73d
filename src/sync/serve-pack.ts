// Serving /guts/pack: the expensive part of being a peer, so it has its own
// limits: one pack at a time per peer, a small per-peer allowance (a burst
// of 8, then one every 5 s), and a few packs at once overall, first come
// first served. A peer over its allowance is refused, and that counts
// against it.
import { packFor } from '../repo/remote.js'
import { RequestBudget } from './budget.js'
import { handlePack } from './pack-protocol.js'
import { Slots } from './slots.js'
import type { Offence } from './budget.js'
import type { Repos } from '../repo/repos.js'
import type { PeerId, Stream } from '@libp2p/interface'

export interface PackServerInit {
  repos: Repos
  isBanned: (peer: string) => boolean
  offend: (peer: PeerId, offence: Offence) => void
}

export class PackServer {
  private readonly budget = new RequestBudget({ burst: 8, perSecond: 0.2 })
  private readonly inFlight = new Set<string>()
  private readonly slots = new Slots(4, 64)

  constructor (private readonly init: PackServerInit) {}

  async serve (stream: Stream, remote: PeerId): Promise<void> {
    const peer = remote.toString()
    const refuse = async (): Promise<void> => handlePack(stream, async () => ({ status: 'refused' }))
    if (this.init.isBanned(peer)) { await refuse(); return }
    if (this.inFlight.has(peer) || !this.budget.take(peer)) {
      this.init.offend(remote, 'over-budget')
      await refuse()
      return
    }
    this.inFlight.add(peer)
    const release = await this.slots.acquire(AbortSignal.timeout(60_000)).catch(() => undefined)
    try {
      if (release == null) { await refuse(); return }
      const repos = this.init.repos
      await handlePack(stream, async ({ rid, wants, haves }) => {
        if (!(await repos.has(rid))) return { status: 'not-found' }
        try {
          return await packFor(repos, rid, wants, haves)
        } catch (err: any) {
          if (err.name === 'UnknownWantError') return { status: 'unknown-want', message: err.message }
          throw err
        }
      })
    } finally {
      release?.()
      this.inFlight.delete(peer)
    }
  }
}
