// What the sync service reports to its callers.

export interface SyncProgress {
  phase: 'Finding peers' | 'Fetching refs' | 'Receiving objects' | 'Verifying objects' | 'Checking history' | 'Done'
  peer?: string
  objects?: number
  received?: number
  total?: number
  /** objects already hashed and checked, of `objects` (indexing runs during the transfer) */
  indexed?: number
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
