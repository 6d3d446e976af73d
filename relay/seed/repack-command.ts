// `guts-relay repack`: every repository of a stopped relay's data directory
// repacked into one pack now (repack.ts), without loading libp2p.
import { resolve } from 'node:path'
import { loadOrCreateKey } from '../key.js'
import { openRelayRepos } from './open-repos.js'
import { repackRepository } from './repack.js'

/** Repacks each repository that holds more than one pack; returns how many were. */
export async function repackDataDir (dataDir: string, say: (line: string) => void = () => {}): Promise<number> {
  const dir = resolve(dataDir)
  const { key } = await loadOrCreateKey(dir)
  const { repos } = await openRelayRepos(dir, key)
  let done = 0
  for (const { rid } of await repos.list()) {
    const r = await repackRepository(repos, rid, { force: true })
    if (r == null) continue
    done++
    say(`  ${rid}: ${r.packsBefore} packs into one (${(r.ms / 1000).toFixed(1)} s)`)
  }
  return done
}
