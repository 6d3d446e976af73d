// /guts/refs/1.0.0 — GetRefs/Refs. One length-prefixed protobuf request
// ({ rid }), one response (genesis and signed refs, or not-found). Every
// read is capped before decoding.
import { lpStream } from '@libp2p/utils'
import { decodeSignedRefs, encodeSignedRefs } from '../../core/signed-refs.js'
import { MAX_REFS_REQUEST, MAX_REFS_RESPONSE, REFS_TIMEOUT } from './constants.js'
import { NotFoundRemotelyError, ProtocolViolationError, RefusedError } from '../errors.js'
import { decodeRefsRequest, decodeRefsResponse } from './codec.js'
import { RefsRequest, RefsResponse } from './pb/refs.js'
import type { SignedRefs } from '../../core/signed-refs.js'
import type { Stream } from '@libp2p/interface'

export interface RefsAnswer { genesis: Uint8Array, signedRefs: SignedRefs }

/** Server side: answers one request with what `lookup` finds. */
export async function handleRefs (stream: Stream, lookup: (rid: string) => Promise<RefsAnswer | 'refused' | undefined>): Promise<void> {
  const signal = AbortSignal.timeout(REFS_TIMEOUT)
  const lp = lpStream(stream, { maxDataLength: MAX_REFS_REQUEST })
  try {
    const req = decodeRefsRequest(await lp.read({ signal }))
    const found = await lookup(req.rid.slice(0, 100))
    const res: Partial<RefsResponse> = found === 'refused'
      ? { status: RefsResponse.Status.REFUSED, genesis: new Uint8Array(), signedRefs: new Uint8Array() }
      : found == null
        ? { status: RefsResponse.Status.NOT_FOUND, genesis: new Uint8Array(), signedRefs: new Uint8Array() }
        : { status: RefsResponse.Status.OK, genesis: found.genesis as Uint8Array<ArrayBuffer>, signedRefs: encodeSignedRefs(found.signedRefs) as Uint8Array<ArrayBuffer> }
    await lp.write(RefsResponse.encode(res), { signal })
    await stream.close({ signal })
  } catch (err: any) {
    stream.abort(err)
  }
}

/** Client side: asks for a repository's refs. Decodes, but does not verify: the caller does. */
export async function requestRefs (stream: Stream, rid: string, opts: { signal?: AbortSignal } = {}): Promise<RefsAnswer> {
  const signal = opts.signal ?? AbortSignal.timeout(REFS_TIMEOUT)
  const lp = lpStream(stream, { maxDataLength: MAX_REFS_RESPONSE })
  try {
    await lp.write(RefsRequest.encode({ rid }), { signal })
    const bytes = await lp.read({ signal })
    await stream.close({ signal }).catch(() => {})
    const res = decodeRefsResponse(bytes)
    if (res.status === RefsResponse.Status.NOT_FOUND) throw new NotFoundRemotelyError(`the peer does not have ${rid}`)
    if (res.status === RefsResponse.Status.REFUSED) throw new RefusedError('the peer refused: too many requests')
    if (res.status !== RefsResponse.Status.OK) throw new ProtocolViolationError('unknown refs status')
    let signedRefs: SignedRefs
    try { signedRefs = decodeSignedRefs(res.signedRefs) } catch (err: any) { throw new ProtocolViolationError(`malformed signed refs: ${err.message}`) }
    return { genesis: res.genesis, signedRefs }
  } catch (err: any) {
    stream.abort(err)
    throw err
  }
}
