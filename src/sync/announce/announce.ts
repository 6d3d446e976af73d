// /guts/announce/1.0.0 — a peer tells a relay about a repository it holds:
// one request { rid, genesis, signed refs }, one response { status, seq,
// message } once the relay has decided (and, when it wants the repository,
// fetched it). Seeding never depends on gossip alone: gossip can drop a
// message, a direct announcement is answered.
import { lpStream } from '@libp2p/utils'
import { decodeSignedRefs, encodeSignedRefs } from '../../core/signed-refs.js'
import { ANNOUNCE_FETCH_TIMEOUT, ANNOUNCE_TIMEOUT, MAX_ANNOUNCE_REQUEST, MAX_ANNOUNCE_RESPONSE } from './constants.js'
import { ProtocolViolationError } from '../errors.js'
import { decodeAnnounceRequest, decodeAnnounceResponse } from './codec.js'
import { AnnounceRequest, AnnounceResponse } from './pb/announce.js'
import type { SignedRefs } from '../../core/signed-refs.js'
import type { Stream } from '@libp2p/interface'

export type AnnounceStatus = 'seeded' | 'up-to-date' | 'not-wanted' | 'refused' | 'invalid' | 'failed'

export interface AnnounceAnswer { status: AnnounceStatus, seq: number, message?: string }

const TO_WIRE: Record<AnnounceStatus, AnnounceResponse.Status> = {
  seeded: AnnounceResponse.Status.SEEDED,
  'up-to-date': AnnounceResponse.Status.UP_TO_DATE,
  'not-wanted': AnnounceResponse.Status.NOT_WANTED,
  refused: AnnounceResponse.Status.REFUSED,
  invalid: AnnounceResponse.Status.INVALID,
  failed: AnnounceResponse.Status.FAILED
}
const FROM_WIRE = new Map<AnnounceResponse.Status, AnnounceStatus>(Object.entries(TO_WIRE).map(([k, v]) => [v, k as AnnounceStatus]))

export interface Announcement { rid: string, genesis: Uint8Array, signedRefs: SignedRefs }

/** Server side: reads one announcement, answers with what `decide` says. */
export async function handleAnnounce (stream: Stream, decide: (a: Announcement, signal: AbortSignal) => Promise<AnnounceAnswer>): Promise<void> {
  const lp = lpStream(stream, { maxDataLength: MAX_ANNOUNCE_REQUEST })
  try {
    const req = decodeAnnounceRequest(await lp.read({ signal: AbortSignal.timeout(ANNOUNCE_TIMEOUT) }))
    let signedRefs: SignedRefs
    try { signedRefs = decodeSignedRefs(req.signedRefs) } catch (err: any) { throw new ProtocolViolationError(`malformed signed refs: ${err.message}`) }
    const signal = AbortSignal.timeout(ANNOUNCE_FETCH_TIMEOUT)
    const answer = await decide({ rid: req.rid, genesis: req.genesis, signedRefs }, signal)
    await lp.write(AnnounceResponse.encode({ status: TO_WIRE[answer.status], seq: BigInt(answer.seq), message: answer.message?.slice(0, 200) ?? '' }), { signal: AbortSignal.timeout(ANNOUNCE_TIMEOUT) })
    await stream.close({ signal: AbortSignal.timeout(ANNOUNCE_TIMEOUT) })
  } catch (err: any) {
    stream.abort(err)
  }
}

/** Client side: announces a repository and waits for the relay's answer. */
export async function requestAnnounce (stream: Stream, a: Announcement, opts: { signal?: AbortSignal } = {}): Promise<AnnounceAnswer> {
  // the relay may fetch the repository before it answers
  const signal = opts.signal ?? AbortSignal.timeout(ANNOUNCE_FETCH_TIMEOUT + ANNOUNCE_TIMEOUT)
  const lp = lpStream(stream, { maxDataLength: MAX_ANNOUNCE_RESPONSE })
  try {
    await lp.write(AnnounceRequest.encode({ rid: a.rid, genesis: a.genesis as Uint8Array<ArrayBuffer>, signedRefs: encodeSignedRefs(a.signedRefs) as Uint8Array<ArrayBuffer> }), { signal })
    const res = decodeAnnounceResponse(await lp.read({ signal }))
    await stream.close({ signal }).catch(() => {})
    return { status: FROM_WIRE.get(res.status)!, seq: Number(res.seq), ...(res.message !== '' ? { message: res.message } : {}) }
  } catch (err: any) {
    stream.abort(err)
    throw err
  }
}
