// Who writes a repository: the PeerIds whose signatures on its commits count
// as the repository's own: every delegate there has been (a commit made
// before a delegate left stays theirs) and every writer whose namespace is
// held: forks, and contributors whose namespace holds only issues' and
// patches' refs (their change commits are signed too), so the relay's
// allowed-signers file and the tab's "Signed by" agree on one list.
import { decodeGenesis } from '../core/genesis.js'
import { delegatesOf, namespacesOf } from './repo-index.js'
import type { RepoRecord } from './repo-index.js'

/** more writers than any repository has: the allowed-signers file stays under ~150 KiB */
export const MAX_WRITERS = 1000

/** Delegates now, then delegates before, then the writers of the namespaces held, each once, at most MAX_WRITERS. */
export function repoWriters (record: RepoRecord): string[] {
  const past = [...decodeGenesis(record.genesis).delegates, ...(record.identity ?? []).flatMap(r => r.delegates)]
  return [...new Set([...delegatesOf(record), ...past, record.signedRefs.signer, ...namespacesOf(record).map(n => n.signer)])].slice(0, MAX_WRITERS)
}
