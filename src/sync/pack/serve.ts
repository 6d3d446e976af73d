// Serving /guts/pack: the expensive part of being a peer, so it has its own
// limits, made so that free identities cannot lock anyone out:
//  - per peer: one pack at a time, and an allowance (a burst of 8, then one
//    every 5 s); past it the peer is refused, which counts against it only
//    when it keeps asking (Refusals: fifty in a row);
//  - building a pack (walking history, running git) takes one of a few
//    build slots, shared fairly: waiters queue by the address they connect
//    from and are served round-robin, so a thousand identities behind one
//    address wait behind everyone else's turn, not in front of it;
//  - sending it takes only a seat (one chunk in memory, read from disk as it
//    goes), and a reader that takes nothing for SLOW_READER_TIMEOUT is cut
//    off; seats are plentiful but capped, per address and in all.
import { packFor } from '../../repo/remote.js'
import { Refusals, RequestBudget } from '../budget.js'
import { FairSlots, Seats } from '../fair-slots.js'
import { handlePack } from './pack.js'
import type { Offence } from '../budget.js'
import type { PackSource } from '../../repo/pack-source.js'
import type { Repos } from '../../repo/repos.js'
import type { Connection, PeerId } from '@libp2p/interface'

/**
 * Builds the pack for a request some better way (a relay: git pack-objects),
 * or undefined to leave it to packFor. `thin`: the client can complete a
 * thin pack (it may be sent one; packFor never makes one).
 */
export type PackBuilder = (req: { rid: string, wants: string[], haves: string[], thin?: boolean }, signal: AbortSignal) => Promise<PackSource | undefined>

export interface PackServerInit {
  repos: Repos
  isBanned: (peer: string) => boolean
  offend: (peer: PeerId, offence: Offence) => void
  build?: PackBuilder
  /** packs built at once; default 4 */
  buildSlots?: number
  /** packs being sent at once, in all and from one address; default 256 and 128 */
  maxSends?: number
  maxSendsPerAddress?: number
  /** cut off a reader that takes no chunk for this long; default SLOW_READER_TIMEOUT */
  slowReaderTimeout?: number
}

/** how long a request may wait for a build slot */
const BUILD_WAIT = 60_000
/** how long building one pack may take */
const BUILD_TIME = 120_000

export class PackServer {
  private readonly budget = new RequestBudget({ burst: 8, perSecond: 0.2 })
  private readonly refusals = new Refusals()
  private readonly inFlight = new Set<string>()
  private readonly builds: FairSlots
  private readonly seats: Seats

  constructor (private readonly init: PackServerInit) {
    this.builds = new FairSlots({ limit: init.buildSlots ?? 4, perKeyQueue: 32, maxQueue: 256 })
    this.seats = new Seats(init.maxSends ?? 256, init.maxSendsPerAddress ?? 128)
  }

  /** packs being sent right now */
  get sending (): number { return this.seats.taken }

  async serve (stream: Parameters<typeof handlePack>[0], connection: Pick<Connection, 'remotePeer' | 'remoteAddr'>): Promise<void> {
    const remote = connection.remotePeer
    const peer = remote.toString()
    const refuse = async (message?: string): Promise<void> => handlePack(stream, async () => ({ status: 'refused', message }))
    if (this.init.isBanned(peer)) { await refuse(); return }
    // a second pack while the first is still going: a client retrying after
    // a timeout, most likely; refused, not counted against it
    if (this.inFlight.has(peer)) { await refuse('still sending you the last pack you asked for'); return }
    if (!this.budget.take(peer)) {
      if (this.refusals.refused(peer)) this.init.offend(remote, 'over-budget')
      await refuse('too many requests; try again later')
      return
    }
    const key = addressKey(connection)
    const seat = this.seats.take(key)
    // busy is nobody's fault: no offence
    if (seat == null) { await refuse('too many transfers; try again later'); return }
    this.inFlight.add(peer)
    try {
      const repos = this.init.repos
      await handlePack(stream, async ({ rid, wants, haves, thin }) => {
        if (!(await repos.has(rid))) return { status: 'not-found' }
        const release = await this.builds.acquire(key, AbortSignal.timeout(BUILD_WAIT)).catch(() => undefined)
        if (release == null) return { status: 'refused', message: 'too many requests; try again later' }
        try {
          const signal = AbortSignal.timeout(BUILD_TIME)
          return await this.init.build?.({ rid, wants, haves, thin }, signal) ?? await packFor(repos, rid, wants, haves, { signal })
        } catch (err: any) {
          if (err.name === 'UnknownWantError') return { status: 'unknown-want', message: err.message }
          if (err.name === 'BusyError') return { status: 'refused', message: err.message }
          throw err
        } finally {
          release()
        }
      }, { slowReaderTimeout: this.init.slowReaderTimeout })
    } finally {
      seat()
      this.inFlight.delete(peer)
    }
  }
}

/**
 * Who a connection counts as for fairness: the IP address it comes from.
 * A connection through a relay (and a WebRTC connection dialled through one)
 * shows the relay's address, which says nothing about the peer: it counts as
 * itself.
 */
export function addressKey (connection: Pick<Connection, 'remotePeer' | 'remoteAddr'>): string {
  const parts = connection.remoteAddr.getComponents()
  if (parts.some(c => c.name === 'p2p-circuit' || c.name === 'webrtc' || c.name === 'memory')) return `peer/${connection.remotePeer.toString()}`
  const ip = parts.find(c => c.name === 'ip4' || c.name === 'ip6')
  return ip?.value != null ? `ip/${ip.value}` : `peer/${connection.remotePeer.toString()}`
}
