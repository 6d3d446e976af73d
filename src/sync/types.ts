// What the sync service reports to its callers.

export interface SyncProgress {
  /** 'Waiting for peers': nobody reachable has it yet; still looking, and `next` (ms) is when it looks again */
  phase: 'Finding peers' | 'Waiting for peers' | 'Fetching refs' | 'Receiving objects' | 'Verifying objects' | 'Checking history' | 'Done'
  peer?: string
  objects?: number
  received?: number
  total?: number
  /** objects already hashed and checked, of `objects` (indexing runs during the transfer) */
  indexed?: number
  /** peers asked so far without success */
  tried?: number
  /** when the next lookup happens (ms since the epoch), while waiting */
  next?: number
}

export type FetchOutcome = 'updated' | 'up-to-date' | 'cloned'

/** One pack received: which peer, over what kind of connection. */
export interface Transfer {
  rid: string
  peer: string
  bytes: number
  objects: number
  limited: boolean
  multiplexer?: string
  at: number
  /** where the pack was checked (see ReceivedPack.indexedBy) */
  indexedBy?: string
  /** what inflated it (see ReceivedPack.inflatedWith) */
  inflatedWith?: string
}
