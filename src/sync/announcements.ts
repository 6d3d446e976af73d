// Checking gossip announcements before they are accepted or forwarded.
// Returns nothing for a valid message, 'ignore' for a harmless duplicate,
// or the offence a bad one amounts to.
import { verifyGenesis } from '../core/genesis.js'
import { decodeSignedRefs, verifySignedRefs } from '../core/signed-refs.js'
import { verifyReceivedRefs } from '../repo/remote.js'
import { offenceFor } from './classify.js'
import { MAX_GOSSIP_MESSAGE } from './constants.js'
import { RefsResponse } from './pb/sync.js'
import type { Offence } from './budget.js'
import type { Repos } from '../repo/repos.js'

/** A repository's signed refs update, checked against the genesis we hold. */
export async function checkAnnouncement (repos: Repos, rid: string, data: Uint8Array): Promise<Offence | 'ignore' | undefined> {
  if (data.length > MAX_GOSSIP_MESSAGE) return 'malformed'
  const record = await repos.index.get(rid)
  if (record == null) return 'ignore'
  try {
    const sr = decodeSignedRefs(data)
    // our own current refs coming back: an echo, not a replay
    if (sr.seq === record.signedRefs.seq && sr.signature === record.signedRefs.signature) return 'ignore'
    await verifyReceivedRefs(repos, rid, record.genesis, sr)
    return undefined
  } catch (err: any) {
    return offenceFor(err) ?? 'malformed'
  }
}

/** A new repository: its genesis must match its RID, its refs its delegates. */
export async function checkNewRepository (data: Uint8Array): Promise<Offence | undefined> {
  try {
    if (data.length > MAX_GOSSIP_MESSAGE) return 'malformed'
    const res = RefsResponse.decode(data)
    const sr = decodeSignedRefs(res.signedRefs)
    const genesis = await verifyGenesis(sr.rid, res.genesis)
    await verifySignedRefs(sr, genesis, { rid: sr.rid })
    return undefined
  } catch (err: any) {
    return offenceFor(err) ?? 'malformed'
  }
}
