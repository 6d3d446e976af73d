// What a sync state machine is told when it is made (MachineInit), its
// timing constants, and its record of one repository being fetched (Fetch):
// the machine's data, apart from its decisions (machine.ts).
import type { FailureKind, JobOptions, PeerInfo } from './events.js'

export interface MachineInit {
  /** our own PeerId */
  self: string
  now: () => number
  /** in [0, 1) */
  random: () => number
  /** repositories to fetch when they are announced, besides those held (a relay's seed policy) */
  wants?: (rid: string) => boolean
  /** which peers to compare refs with when they connect, and from time to time */
  catchUpWith?: (info: PeerInfo) => boolean
  /** tell relays directly of every held repository when they connect, and of each change */
  announceToRelays?: boolean
  /** fetch attempts running at once; default 6 */
  maxRunning?: number
  /** how often held repositories are compared with a neighbour (gossip can lose messages); default 5 min */
  catchUpEvery?: number
  /** how often held repositories are reconciled with each directly connected relay (anti-entropy, a digest first); default 40 s ± 20%, so a round and its fetch come within a minute */
  reconcileEvery?: number
  /** a gossip hub (a relay): an update it learned other than by gossip, others missed too, so it publishes it */
  hub?: boolean
}

/** repositories compared with a peer that connects, and per periodic round */
export const CATCH_UP_BATCH = 30
/** repositories told to a relay that connects */
export const ANNOUNCE_BATCH = 200
export const BAN_MS = 10 * 60_000
export const RECONCILE_MS = 40_000
/** a sequence gap reconciles at once, but not more often than this */
export const GAP_COOLDOWN_MS = 10_000
/** news whose peers did not have it yet is asked for again after 2, 4 and 8 s */
export const NEWS_RETRY_MS = 2000
export const NEWS_RETRIES = 3
/** a patient fetch (a person waits) that found nobody looks again after this, doubling up to 30 s */
export const FIRST_RELOOK_MS = 15_000
export const MAX_RELOOK_MS = 30_000

export interface Fetch {
  rid: string
  /** requests waiting for it, with their options */
  jobs: Map<string, JobOptions>
  /** also wanted without anyone waiting (news, catch-up) */
  background: boolean
  /** a reconcile round found it: the news was lost on the way */
  reconciled?: boolean
  /** may ask any connected peer and the DHT */
  anyone: boolean
  queue: string[]
  tried: Map<string, FailureKind>
  /** the attempt under way, and the jobs that were waiting when it began (only those can it answer) */
  running?: { attempt: number, peer: string, round: number, jobs: ReadonlySet<string> }
  /** what an attempt that began before a job brought it (cloned, updated), told with that job's own answer */
  broughtFor?: Map<string, 'cloned' | 'updated'>
  /** news came from (or through) the peer being asked while it was asked: what it sends may predate it */
  newsDuring?: boolean
  /** the highest sequence number announced */
  wantSeq: number
  lookup: 'none' | 'running' | 'done'
  relooks: number
  relookAt?: number
  /** news promised more than its peers had yet: asked again at `againAt`, `waits` times so far */
  waits: number
  againAt?: number
  lastFailed?: number
  lastState?: string
}
