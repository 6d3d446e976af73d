// The profile's identity and each tab's place on the network.
//
// The profile's Ed25519 key is created once and kept in IndexedDB: it signs
// the refs of every repository this profile writes (its PeerId is the
// delegate), in every tab alike.
//
// Each open tab is its own peer on the network, though: two libp2p nodes
// with one PeerId break each other's connections (a relay fetching from
// "that peer" reaches whichever tab answers), the DHT and dialling. So each
// tab claims a slot with a Web Lock held for as long as it is open: the
// first slot's network key is the profile's key, so a lone tab keeps its
// PeerId across reloads, as before; a second tab open at the same time
// takes the next slot, with a key of its own, also kept.
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import type { GutsDb } from './db.js'
import type { PrivateKey } from '@libp2p/interface'

const SELF = 'self'
/** tabs of one profile that get a lasting network identity; more get a fresh one each time */
const SLOTS = 16

export async function loadOrCreateIdentity (db: GutsDb): Promise<PrivateKey> {
  return loadOrCreate(db, SELF)
}

export interface NetworkIdentity {
  key: PrivateKey
  /** 0: this is the profile's own key; n: the n-th tab open at once; -1: no slot was free */
  slot: number
}

/** Claims this tab's network identity (see above); the claim lasts until the tab closes. */
export async function claimNetworkIdentity (db: GutsDb, profileKey: PrivateKey, locks: LockManager | undefined = globalThis.navigator?.locks): Promise<NetworkIdentity> {
  // no Web Locks (an old browser): one identity, as before
  if (locks == null) return { key: profileKey, slot: 0 }
  // a reload: the page going away may still hold the first slot for a moment
  if (await hold(locks, 'guts-peer-0', { waitMs: 1500 })) return { key: profileKey, slot: 0 }
  for (let slot = 1; slot < SLOTS; slot++) {
    if (!(await hold(locks, `guts-peer-${slot}`, { waitMs: 0 }))) continue
    return { key: await loadOrCreate(db, `peer-${slot}`), slot }
  }
  return { key: await generateKeyPair('Ed25519'), slot: -1 }
}

/** Takes the lock if it is free (or frees up within `waitMs`), and keeps it for the life of the page. */
async function hold (locks: LockManager, name: string, opts: { waitMs: number }): Promise<boolean> {
  return new Promise(resolve => {
    const keep = async (lock: Lock | null): Promise<void> => {
      resolve(lock != null)
      // held until the page goes away
      if (lock != null) await new Promise(() => {})
    }
    const request = opts.waitMs > 0
      ? locks.request(name, { signal: AbortSignal.timeout(opts.waitMs) }, keep)
      : locks.request(name, { ifAvailable: true }, keep)
    // the wait ran out: someone else holds it
    request.catch(() => resolve(false))
  })
}

async function loadOrCreate (db: GutsDb, id: string): Promise<PrivateKey> {
  const stored = await db.get('identity', id)
  if (stored != null) return privateKeyFromProtobuf(stored.privateKey)
  const key = await generateKeyPair('Ed25519')
  // add(), not put(): if another tab created a key in the meantime, keep
  // theirs, so every tab agrees on it
  try {
    await db.add('identity', { privateKey: privateKeyToProtobuf(key), created: Date.now() }, id)
    return key
  } catch (err: any) {
    if (err?.name !== 'ConstraintError') throw err
    const winner = await db.get('identity', id)
    if (winner == null) throw err
    return privateKeyFromProtobuf(winner.privateKey)
  }
}
