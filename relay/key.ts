// The relay's identity: an Ed25519 key kept in its data directory, so its
// PeerId (and the addresses people bookmark) survive restarts.
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { PrivateKey } from '@libp2p/interface'

export const KEY_FILE = 'peer.key'

export async function loadOrCreateKey (dataDir: string): Promise<{ key: PrivateKey, created: boolean }> {
  const path = join(dataDir, KEY_FILE)
  try {
    return { key: privateKeyFromProtobuf(await readFile(path)), created: false }
  } catch (err: any) {
    if (err.code !== 'ENOENT') throw err
  }
  const key = await generateKeyPair('Ed25519')
  await mkdir(dataDir, { recursive: true })
  // write-then-rename so a crash never leaves a truncated key behind
  const tmp = `${path}.${process.pid}.tmp`
  await writeFile(tmp, privateKeyToProtobuf(key), { mode: 0o600 })
  await rename(tmp, path)
  return { key, created: true }
}
