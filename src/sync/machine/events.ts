// What goes into the sync state machine and what comes out of it: plain
// data, no I/O. The adapter (../service.ts) turns libp2p events and the
// results of its own work into Events, and carries out the Effects.

/** What a connected peer is, as the adapter learned it. */
export interface PeerInfo {
  /** a relay (it says so in its protocols and is on our list of relays), not merely a peer that supports a protocol */
  relay: boolean
  /** connected over an unlimited (not relayed) connection: repository data may travel */
  direct: boolean
}

/** Why a fetch attempt failed, as far as decisions go. */
export type FailureKind =
  /** the connection dropped mid-transfer: worth one more try with the same peer */
  | 'interrupted'
  /** the peer does not have it, or not what we want */
  | 'not-found'
  /** the peer refused (busy, over budget): try another, not an offence */
  | 'refused'
  /** the peer sent something bad; `offence` says how bad */
  | 'offence'
  /** our own disk failed: no other peer would fare better */
  | 'store'
  /** cancelled here */
  | 'aborted'
  /** could not reach it, or anything else */
  | 'unreachable'

export type Offence = import('../budget.js').Offence

export interface JobOptions {
  /** keep looking (and waiting for a holder to appear) until cancelled, rather than failing when nobody has it */
  patient?: boolean
  /** ask only these peers, never anyone else or the DHT */
  only?: string[]
  /** a transfer cut off by a dropped connection is tried once more with the same peer */
  retryInterrupted?: boolean
  /** dial the direct connection before asking for refs: a person is waiting */
  eager?: boolean
}

export type Event =
  /** what the store holds, most recently changed last; replaces what the machine knew */
  | { type: 'held', held: Array<{ rid: string, seq: number }> }
  | { type: 'connected', peer: string, info: PeerInfo }
  | { type: 'disconnected', peer: string }
  /** checked news (gossip) of `rid` at `seq`: from its author, via a neighbour */
  | { type: 'news', rid: string, seq: number, from?: string, via: string }
  /** someone wants `rid` (a clone, an update, a relay's refetch): `job` names the request */
  | { type: 'want', job: string, rid: string, opts: JobOptions }
  | { type: 'cancel', job: string }
  /** providers found on the DHT; `done` when the lookup ended */
  | { type: 'providers', rid: string, peers: string[], done: boolean }
  | { type: 'fetched', attempt: number, seq: number, outcome: 'cloned' | 'updated' | 'up-to-date' }
  | { type: 'fetch-failed', attempt: number, kind: FailureKind, offence?: Offence }
  /** a change made here (a commit, a new repository, an import) */
  | { type: 'changed', rid: string, seq: number }
  /** a repository removed here */
  | { type: 'removed', rid: string }
  /** an anti-entropy round with `peer` ended: its entries where they may differ from ours (none: equal) */
  | { type: 'reconciled', peer: string, theirs: Array<{ rid: string, seq: number }> }
  | { type: 'reconcile-failed', peer: string }
  /** bad behaviour seen by the serving side or the gossip validators */
  | { type: 'offence', peer: string, offence: Offence }
  | { type: 'tick' }

export type JobState =
  | { state: 'looking', tried: number }
  | { state: 'fetching', peer: string, tried: number }
  | { state: 'waiting', tried: number, next: number }

export type Effect =
  | { type: 'fetch', attempt: number, peer: string, rid: string, eager: boolean }
  | { type: 'abort-fetch', attempt: number }
  | { type: 'find-providers', rid: string }
  /** tell the gossip mesh about our refs of `rid` */
  | { type: 'publish', rid: string }
  /** tell a relay directly about these repositories, in turn */
  | { type: 'announce-to', relay: string, rids: string[] }
  | { type: 'hang-up', peer: string }
  /** compare what we hold with a relay (anti-entropy, /guts/inventory): `held`, most recently changed first */
  | { type: 'reconcile', peer: string, held: Array<{ rid: string, seq: number }> }
  | { type: 'job-state', job: string, rid: string, status: JobState }
  | { type: 'job-done', job: string, rid: string, outcome: 'cloned' | 'updated' | 'up-to-date' }
  /** `attempt`: the last attempt's, whose error says best what went wrong */
  | { type: 'job-failed', job: string, rid: string, reason: 'nobody' | 'failed' | 'store' | 'cancelled', attempt?: number }
  /** call tick at `at` (ms) */
  | { type: 'wake', at: number }
  /** `info`: what an operator needs to know (a peer cut off, and why); the rest is `debug` */
  | { type: 'log', msg: string, fields: Record<string, unknown>, level?: 'debug' | 'info' }
