// Serving /guts/announce on a relay: a peer says "I hold this repository at
// this sequence number"; the relay checks the genesis and the signature,
// and, if its policy covers the repository and it is behind, fetches it from
// that peer before it answers. Per-peer allowance (a peer reannounces all its
// repositories when it connects: a burst of 256, then 2 a second) and a few
// fetches at once; a bad announcement counts against its sender.
import { Refusals, RequestBudget } from '../budget.js'
import { checkNew } from '../gossip/check.js'
import { offenceFor } from '../classify.js'
import { Slots } from '../slots.js'
import { verifyWriterRefs } from '../../core/signed-refs.js'
import { namespaceOf } from '../../repo/repo-index.js'
import type { AnnounceAnswer, Announcement } from './announce.js'
import type { CheckedNews } from '../gossip/check.js'
import type { Offence } from '../budget.js'
import type { FetchOutcome } from '../types.js'
import type { Repos } from '../../repo/repos.js'
import type { PeerId } from '@libp2p/interface'

export interface AnnounceServerInit {
  repos: Repos
  wants: (rid: string) => boolean
  isBanned: (peer: string) => boolean
  offend: (peer: PeerId, offence: Offence) => void
  fetch: (peer: PeerId, rid: string, signal: AbortSignal) => Promise<FetchOutcome>
  /** a repository we do not hold and want was announced (before it is fetched) */
  onWanted?: (news: CheckedNews, from: string) => void
  /** a repository new to us was fetched because of an announcement */
  onSeeded?: (rid: string) => void
}

export class AnnounceServer {
  private readonly budget = new RequestBudget({ burst: 256, perSecond: 2 })
  private readonly refusals = new Refusals()
  private readonly slots = new Slots(4, 256)

  constructor (private readonly init: AnnounceServerInit) {}

  async decide (a: Announcement, remote: PeerId, signal: AbortSignal): Promise<AnnounceAnswer> {
    const peer = remote.toString()
    const repos = this.init.repos
    // the sequence held of the announcing writer's own document (a delegate's, or a fork's)
    const signer = a.signedRefs?.signer
    const held = async (): Promise<number> => {
      const r = await repos.index.get(a.rid)
      return r == null ? 0 : namespaceOf(r, signer)?.seq ?? 0
    }
    if (this.init.isBanned(peer)) return { status: 'refused', seq: 0 }
    if (!this.budget.take(peer)) {
      if (this.refusals.refused(peer)) this.init.offend(remote, 'over-budget')
      return { status: 'refused', seq: await held(), message: 'too many announcements; try again later' }
    }
    const before = await repos.index.get(a.rid)
    let news: CheckedNews | undefined
    try {
      // a repository held takes any writer's news (a fork's too: the fetch
      // vets it); one not held is seeded only from a delegate's
      if (before != null) await verifyWriterRefs(a.signedRefs, { rid: a.rid })
      else news = await checkNew(a.rid, a.genesis, a.signedRefs)
    } catch (err: any) {
      this.init.offend(remote, offenceFor(err) ?? 'malformed')
      return { status: 'invalid', seq: 0, message: String(err.message).slice(0, 200) }
    }
    if (before != null && (namespaceOf(before, signer)?.seq ?? 0) >= a.signedRefs.seq) return { status: 'up-to-date', seq: await held() }
    if (before == null && !this.init.wants(a.rid)) return { status: 'not-wanted', seq: 0, message: 'this relay does not seed this repository' }
    if (before == null && news != null) this.init.onWanted?.(news, peer)
    const release = await this.slots.acquire(signal).catch(() => undefined)
    if (release == null) return { status: 'refused', seq: await held(), message: 'this relay is busy; try again later' }
    try {
      await this.init.fetch(remote, a.rid, signal)
    } catch (err: any) {
      return { status: 'failed', seq: await held(), message: String(err.message).slice(0, 200) }
    } finally {
      release()
    }
    const seq = await held()
    if (before == null && seq > 0) this.init.onSeeded?.(a.rid)
    return { status: seq >= a.signedRefs.seq ? 'seeded' : 'failed', seq }
  }
}
