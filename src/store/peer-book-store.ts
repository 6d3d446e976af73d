// IndexedDB adapter for the peer book (the logic is in net/peer-book.ts).
import { PEER_BOOK_LIMIT, mergeEntry, pruneBook } from '../net/peer-book.js'
import type { GutsDb } from './db.js'
import type { PeerBookEntry, PeerSighting } from '../net/peer-book.js'

export async function loadPeerBook (db: GutsDb): Promise<PeerBookEntry[]> {
  return db.getAll('peers')
}

export async function rememberPeer (db: GutsDb, sighting: PeerSighting): Promise<void> {
  const tx = db.transaction('peers', 'readwrite')
  const prev = await tx.store.get(sighting.id)
  await tx.store.put(mergeEntry(prev, sighting))
  if (prev == null) {
    const all = await tx.store.getAll()
    if (all.length > PEER_BOOK_LIMIT) {
      const keep = new Set(pruneBook(all).map(e => e.id))
      for (const e of all) if (!keep.has(e.id)) await tx.store.delete(e.id)
    }
  }
  await tx.done
}
