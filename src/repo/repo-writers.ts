// Who writes a repository: the PeerIds whose signatures on its commits count
// as the repository's own. Today the genesis delegates and the signer of the
// signed refs held; forks will add their writers here, so the relay's
// allowed-signers file and the tab's "Signed by" agree on one list.
import { decodeGenesis } from '../core/genesis.js'
import type { RepoRecord } from './repo-index.js'

/** more writers than any repository has: the allowed-signers file stays under ~150 KiB */
export const MAX_WRITERS = 1000

/** Delegates first, then the signer of the refs, each once, at most MAX_WRITERS. */
export function repoWriters (record: RepoRecord): string[] {
  return [...new Set([...decodeGenesis(record.genesis).delegates, record.signedRefs.signer])].slice(0, MAX_WRITERS)
}
