// /guts/pack/1.0.0 — GetObjects/Objects. The client sends { rid, wants,
// haves }; the server answers with a header (status, object count, size)
// and then the packfile in length-prefixed chunks, ended by an empty chunk.
// The client refuses a pack over its cap before reading it, and stops
// reading the moment the data exceeds what the header announced. A client
// that says it understands them (`progress`) gets a PREPARING header every
// few seconds while the server builds a big pack: an honest, slow answer
// keeps the stream alive rather than timing out. A client that can complete
// a thin pack (`thin`) may get one when it sends haves: deltas on objects
// it has, which the pack leaves out (older clients get self-contained packs).
import { lpStream } from '@libp2p/utils'
import { MAX_PACK_FRAME, MAX_PACK_REQUEST, MAX_PREPARING, MAX_WANTS, PACK_CHUNK, PACK_IDLE_TIMEOUT, PREPARING_EVERY, SLOW_READER_TIMEOUT } from './constants.js'
import { NotFoundRemotelyError, ProtocolViolationError, RefusedError, TooManyWantsError } from '../errors.js'
import { PackTooLargeError } from './errors.js'
import { decodePackHeader, decodePackRequest } from './codec.js'
import { PackHeader, PackRequest } from './pb/pack.js'
import type { PackSource } from '../../repo/pack-source.js'
import type { Stream } from '@libp2p/interface'

export type PackAnswer = PackSource | { status: 'not-found' | 'refused' | 'unknown-want', message?: string }

/**
 * Server side. The pack goes out a chunk at a time from its source; a
 * reader that takes no chunk for SLOW_READER_TIMEOUT is cut off, so a peer
 * that asks and never reads holds nothing for long.
 */
export async function handlePack (stream: Stream, serve: (req: { rid: string, wants: string[], haves: string[], thin: boolean }) => Promise<PackAnswer>, opts: { slowReaderTimeout?: number, preparingEvery?: number } = {}): Promise<void> {
  const lp = lpStream(stream, { maxDataLength: MAX_PACK_REQUEST })
  let source: PackSource | undefined
  let keepAlive: ReturnType<typeof setInterval> | undefined
  try {
    const raw = await lp.read({ signal: AbortSignal.timeout(PACK_IDLE_TIMEOUT) })
    const req = decodePackRequest(raw)
    let writing = Promise.resolve()
    if (req.progress) {
      // one header at a time: a PREPARING header never interleaves with the answer
      keepAlive = setInterval(() => {
        writing = writing.then(async () => lp.write(PackHeader.encode({ status: PackHeader.Status.PREPARING, objects: 0, bytes: 0n, message: '' }), { signal: AbortSignal.timeout(PACK_IDLE_TIMEOUT) })).catch(() => {})
      }, opts.preparingEvery ?? PREPARING_EVERY)
    }
    const answer = await serve({ rid: req.rid.slice(0, 100), wants: req.wants, haves: req.haves, thin: req.thin })
    clearInterval(keepAlive)
    await writing
    if ('status' in answer) {
      const status = answer.status === 'not-found' ? PackHeader.Status.NOT_FOUND : answer.status === 'refused' ? PackHeader.Status.REFUSED : PackHeader.Status.UNKNOWN_WANT
      await lp.write(PackHeader.encode({ status, objects: 0, bytes: 0n, message: answer.message?.slice(0, 200) ?? '' }))
      await stream.close()
      return
    }
    source = answer
    const slow = (): AbortSignal => AbortSignal.timeout(opts.slowReaderTimeout ?? SLOW_READER_TIMEOUT)
    await lp.write(PackHeader.encode({ status: PackHeader.Status.OK, objects: answer.objects, bytes: BigInt(answer.bytes), message: '' }), { signal: slow() })
    let sent = 0
    for await (const chunk of answer.chunks(PACK_CHUNK)) {
      await lp.write(chunk, { signal: slow() })
      sent += chunk.length
    }
    if (sent !== answer.bytes) throw new Error(`the pack source gave ${sent} of ${answer.bytes} bytes`)
    await lp.write(new Uint8Array(0), { signal: slow() })
    await stream.close({ signal: slow() })
  } catch (err: any) {
    stream.abort(err)
  } finally {
    clearInterval(keepAlive)
    await source?.close()
  }
}

export interface PackProgress { objects: number, received: number, total: number }

/**
 * Client side: streams the pack into a sink (an indexer) as it arrives, so
 * checking it overlaps the transfer; returns what the sink made of it, or
 * throws. The sink is made only once the header has passed the size cap.
 */
export async function requestPack<T> (stream: Stream, req: { rid: string, wants: string[], haves: string[], thin?: boolean }, opts: {
  maxBytes: number
  open: (total: number, objects: number) => { push: (chunk: Uint8Array) => void, finish: () => Promise<T>, abort: () => void }
  signal?: AbortSignal
  onProgress?: (p: PackProgress) => void
  /** the server is still building the pack (ms since it was asked for) */
  onPreparing?: (ms: number) => void
  /** @default PACK_IDLE_TIMEOUT */
  idleTimeout?: number
}): Promise<{ result: T, bytes: number, objects: number }> {
  const lp = lpStream(stream, { maxDataLength: MAX_PACK_FRAME })
  const idleMs = opts.idleTimeout ?? PACK_IDLE_TIMEOUT
  const idle = (): AbortSignal => opts.signal != null ? AbortSignal.any([opts.signal, AbortSignal.timeout(idleMs)]) : AbortSignal.timeout(idleMs)
  let sink: ReturnType<typeof opts.open> | undefined
  // asking for part would end in tips missing, blamed on an honest peer
  if (req.wants.length > MAX_WANTS) throw new TooManyWantsError(`the repository has ${req.wants.length} tips to fetch, more than one request may want (${MAX_WANTS})`)
  try {
    await lp.write(PackRequest.encode({ rid: req.rid, wants: req.wants, haves: req.haves.slice(0, MAX_WANTS), progress: true, thin: req.thin === true && req.haves.length > 0 }), { signal: idle() })
    // while the server builds the pack it says so now and then (each within
    // the idle timeout), for at most MAX_PREPARING
    const asked = Date.now()
    let head = decodePackHeader(await lp.read({ signal: idle() }))
    while (head.status === PackHeader.Status.PREPARING) {
      // slow is not a lie: give up on this peer, without blaming it
      if (Date.now() - asked > MAX_PREPARING) throw new RefusedError(`the peer was still preparing the pack after ${MAX_PREPARING / 1000} s`)
      opts.onPreparing?.(Date.now() - asked)
      head = decodePackHeader(await lp.read({ signal: idle() }))
    }
    if (head.status === PackHeader.Status.NOT_FOUND) throw new NotFoundRemotelyError('the peer does not have this repository')
    if (head.status === PackHeader.Status.REFUSED) throw new RefusedError('the peer refused: too many requests')
    if (head.status === PackHeader.Status.UNKNOWN_WANT) throw new NotFoundRemotelyError(`the peer does not have what we want: ${head.message}`)
    if (head.status !== PackHeader.Status.OK) throw new ProtocolViolationError('unknown pack status')
    const total = Number(head.bytes)
    if (total > opts.maxBytes) throw new PackTooLargeError(`the pack is ${total} bytes, over the limit of ${opts.maxBytes}`)
    sink = opts.open(total, head.objects)
    let received = 0
    while (true) {
      const chunk = await lp.read({ signal: idle() })
      if (chunk.byteLength === 0) break
      if (received + chunk.byteLength > total) throw new PackTooLargeError('the peer sent more data than it announced')
      // the frame's pieces as they came off the wire: no joining copy
      for (const piece of chunk) sink.push(piece)
      received += chunk.byteLength
      opts.onProgress?.({ objects: head.objects, received, total })
    }
    if (received !== total) throw new ProtocolViolationError(`the pack ended after ${received} of ${total} bytes`)
    await stream.close({ signal: idle() }).catch(() => {})
    const result = await sink.finish()
    return { result, bytes: total, objects: head.objects }
  } catch (err: any) {
    sink?.abort()
    stream.abort(err)
    throw err
  }
}
