// /guts/refs/2.0.0 — the refs of every writer: one request { rid, after },
// one response per page { genesis, identity revisions, writers' signed
// refs in signer order, more }. A repository of many forks is paged: each
// page holds the documents that fit PAGE_BYTES (at least one), and the
// client asks again after the last signer until `more` is false. Every read
// is capped before decoding; the caller verifies.
import { lpStream } from '@libp2p/utils'
import { decodeRevision, encodeRevision, MAX_REVISIONS } from '../../core/identity.js'
import { decodeSignedRefs, encodeSignedRefs } from '../../core/signed-refs.js'
import { guarded, RID } from '../codec.js'
import { NotFoundRemotelyError, ProtocolViolationError, RefusedError } from '../errors.js'
import { REFS_TIMEOUT } from './constants.js'
import { RefsRequest2, RefsResponse2 } from './pb/refs2.js'
import type { IdentityRevision } from '../../core/identity.js'
import type { SignedRefs } from '../../core/signed-refs.js'
import type { Stream } from '@libp2p/interface'

export const REFS2_PROTOCOL = '/guts/refs/2.0.0'
export const MAX_REFS2_REQUEST = 512
/** a page: documents up to this many bytes together (one more when the first alone is larger) */
export const PAGE_BYTES = 1024 * 1024
/** identity (256 revisions of ≤ 16 KiB), a page, one delegate document of ≤ 1 MiB, the genesis, framing */
export const MAX_REFS2_RESPONSE = 4 * 1024 * 1024 + 2 * PAGE_BYTES + 64 * 1024
/** pages a client follows: more namespaces than any peer keeps (256 forks, 16 delegates) */
export const MAX_PAGES = 300

export interface RefsAnswer2 { genesis: Uint8Array, identity: IdentityRevision[], namespaces: SignedRefs[] }

function decodeRequest (bytes: Uint8Array | { subarray: () => Uint8Array }): RefsRequest2 {
  const b = bytes instanceof Uint8Array ? bytes : bytes.subarray()
  return guarded('refs request', MAX_REFS2_REQUEST, b, () => {
    const m = RefsRequest2.decode(b)
    if (!RID.test(m.rid)) throw new ProtocolViolationError('refs request names no valid RID')
    if (m.after.length > 128) throw new ProtocolViolationError('refs request names no valid writer to start after')
    return m
  })
}

/** One page of an answer: the namespaces after `after` that fit PAGE_BYTES; the identity only on the first page. */
export function pageOf (answer: RefsAnswer2, after: string): Partial<RefsResponse2> {
  const namespaces: Uint8Array[] = []
  let bytes = 0
  let more = false
  for (const doc of answer.namespaces) {
    if (after !== '' && !(doc.signer > after)) continue
    const encoded = encodeSignedRefs(doc)
    if (namespaces.length > 0 && bytes + encoded.length > PAGE_BYTES) { more = true; break }
    namespaces.push(encoded)
    bytes += encoded.length
  }
  return {
    status: RefsResponse2.Status.OK,
    genesis: answer.genesis as Uint8Array<ArrayBuffer>,
    identity: after === '' ? answer.identity.map(r => encodeRevision(r) as Uint8Array<ArrayBuffer>) : [],
    namespaces: namespaces as Array<Uint8Array<ArrayBuffer>>,
    more
  }
}

/** Server side: answers one page from what `lookup` finds (namespaces in signer order). */
export async function handleRefs2 (stream: Stream, lookup: (rid: string) => Promise<RefsAnswer2 | 'refused' | undefined>): Promise<void> {
  const signal = AbortSignal.timeout(REFS_TIMEOUT)
  const lp = lpStream(stream, { maxDataLength: MAX_REFS2_REQUEST })
  try {
    const req = decodeRequest(await lp.read({ signal }))
    const found = await lookup(req.rid)
    const empty = { genesis: new Uint8Array(), identity: [], namespaces: [], more: false }
    const res: Partial<RefsResponse2> = found === 'refused'
      ? { status: RefsResponse2.Status.REFUSED, ...empty }
      : found == null
        ? { status: RefsResponse2.Status.NOT_FOUND, ...empty }
        : pageOf(found, req.after)
    await lp.write(RefsResponse2.encode(res), { signal })
    await stream.close({ signal })
  } catch (err: any) {
    stream.abort(err)
  }
}

/** Client side: every page of a repository's refs, each page over a stream `open` gives. Decodes, does not verify. */
export async function requestRefs2 (open: (signal: AbortSignal) => Promise<Stream>, rid: string, opts: { signal?: AbortSignal } = {}): Promise<RefsAnswer2> {
  const signal = opts.signal ?? AbortSignal.timeout(REFS_TIMEOUT)
  let after = ''
  let genesis: Uint8Array | undefined
  let identity: IdentityRevision[] = []
  const namespaces: SignedRefs[] = []
  for (let page = 0; page < MAX_PAGES; page++) {
    const stream = await open(signal)
    const lp = lpStream(stream, { maxDataLength: MAX_REFS2_RESPONSE })
    let res: RefsResponse2
    try {
      await lp.write(RefsRequest2.encode({ rid, after }), { signal })
      const bytes = (await lp.read({ signal })).subarray()
      await stream.close({ signal }).catch(() => {})
      res = guarded('refs response', MAX_REFS2_RESPONSE, bytes, () => RefsResponse2.decode(bytes, { limits: { identity: MAX_REVISIONS, namespaces: 10_000 } }))
    } catch (err: any) {
      stream.abort(err)
      throw err
    }
    if (res.status === RefsResponse2.Status.NOT_FOUND) throw new NotFoundRemotelyError(`the peer does not have ${rid}`)
    if (res.status === RefsResponse2.Status.REFUSED) throw new RefusedError('the peer refused: too many requests')
    if (res.status !== RefsResponse2.Status.OK) throw new ProtocolViolationError('unknown refs status')
    if (genesis != null && !sameBytes(genesis, res.genesis)) throw new ProtocolViolationError('the pages of a refs answer carry different geneses')
    genesis ??= res.genesis
    try {
      if (page === 0) identity = res.identity.map(b => decodeRevision(b))
      for (const b of res.namespaces) {
        const doc = decodeSignedRefs(b)
        if (!(doc.signer > after)) throw new ProtocolViolationError('a refs page is not in signer order')
        namespaces.push(doc)
        after = doc.signer
      }
    } catch (err: any) {
      if (err instanceof ProtocolViolationError) throw err
      throw new ProtocolViolationError(`malformed refs answer: ${String(err.message).slice(0, 200)}`)
    }
    if (!res.more) return { genesis, identity, namespaces }
    if (res.namespaces.length === 0) throw new ProtocolViolationError('a refs page says more follows but holds nothing')
  }
  throw new ProtocolViolationError(`a refs answer of more than ${MAX_PAGES} pages`)
}

function sameBytes (a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}
