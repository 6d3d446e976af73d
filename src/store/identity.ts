// The tab's libp2p identity. The Ed25519 key is created once and kept in
// IndexedDB, so the PeerId (and the addresses others saved) survive reloads.
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import type { GutsDb } from './db.js'
import type { PrivateKey } from '@libp2p/interface'

const SELF = 'self'

export async function loadOrCreateIdentity (db: GutsDb): Promise<PrivateKey> {
  const stored = await db.get('identity', SELF)
  if (stored != null) return privateKeyFromProtobuf(stored.privateKey)
  const key = await generateKeyPair('Ed25519')
  // add(), not put(): if another tab created a key in the meantime, keep
  // theirs, so every tab of this profile is the same peer
  try {
    await db.add('identity', { privateKey: privateKeyToProtobuf(key), created: Date.now() }, SELF)
    return key
  } catch (err: any) {
    if (err?.name !== 'ConstraintError') throw err
    const winner = await db.get('identity', SELF)
    if (winner == null) throw err
    return privateKeyFromProtobuf(winner.privateKey)
  }
}
