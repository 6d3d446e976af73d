// Checking news before it is accepted or forwarded: gossip envelopes on the
// shard topics, and announcements made directly to a relay. Returns nothing
// for a valid message, 'ignore' for one that is harmless but not ours to
// pass on, or the offence a bad one amounts to.
import { verifyGenesis } from '../../core/genesis.js'
import { decodeSignedRefs, verifySignedRefs, verifyWriterRefs } from '../../core/signed-refs.js'
import { namespaceOf } from '../../repo/repo-index.js'
import { verifyReceivedRefs } from '../../repo/remote.js'
import { offenceFor } from '../classify.js'
import { decodeGossipMessage } from './codec.js'
import { shardOf } from './topics.js'
import type { Offence } from '../budget.js'
import type { Genesis } from '../../core/genesis.js'
import type { SignedRefs } from '../../core/signed-refs.js'
import type { Repos } from '../../repo/repos.js'

export type Verdict = Offence | 'ignore' | undefined

export interface CheckedNews { rid: string, genesis: Genesis, genesisBytes: Uint8Array, signedRefs: SignedRefs }

/**
 * A gossip envelope on the topic of `shard`. News of a repository we hold is
 * checked against the genesis we hold (a replay or an echo of our own refs
 * is caught here). News of one we do not hold is checked only by a hub (a
 * relay): its genesis must hash to its RID and its refs verify against that
 * genesis, so a relay forwards nothing it could not check. A tab drops it
 * unread (the other repositories in its shard are none of its business).
 */
export async function checkGossip (repos: Repos, shard: number, data: Uint8Array, opts: { hub: boolean }): Promise<Verdict> {
  try {
    const m = decodeGossipMessage(data)
    if (shardOf(m.rid) !== shard) return 'malformed'
    const sr = decodeSignedRefs(m.signedRefs)
    if (sr.rid !== m.rid) return 'malformed'
    const record = await repos.index.get(m.rid)
    if (record != null) {
      // a writer's current refs coming back (our own, or news we passed on): an echo, not a replay
      const held = namespaceOf(record, sr.signer)
      if (held != null && sr.seq === held.seq && sr.signature === held.signature) return 'ignore'
      await verifyReceivedRefs(repos, m.rid, record.genesis, sr)
      return undefined
    }
    if (!opts.hub) return 'ignore'
    // a fork's news of a repository not held: checked, not passed on (the
    // repository is seeded from its delegates' news)
    const genesis = await verifyGenesis(m.rid, m.genesis)
    if (!genesis.delegates.includes(sr.signer)) { await verifyWriterRefs(sr, { rid: m.rid }); return 'ignore' }
    await checkNew(m.rid, m.genesis, sr)
    return undefined
  } catch (err: any) {
    return offenceFor(err) ?? 'malformed'
  }
}

/** News whose genesis and refs check out on their own (the RID is the genesis' hash). */
export async function checkNew (rid: string, genesisBytes: Uint8Array, sr: SignedRefs): Promise<CheckedNews> {
  const genesis = await verifyGenesis(rid, genesisBytes)
  await verifySignedRefs(sr, genesis, { rid })
  return { rid, genesis, genesisBytes, signedRefs: sr }
}
