// The pack half of a fetch: asks for the objects over an unlimited
// connection, streams the pack into a sink that indexes it (pack-sink.ts),
// and reports progress a few times a second: bytes, and objects checked,
// which can go on after the last byte. A transfer cut off by the connection
// rather than by bad data or by our own disk (PackStoreError) becomes a
// TransferInterruptedError: worth another try with the same peer. Told
// where our own repository is (`held`), a fetch with haves asks for a thin
// pack and completes it from there (thin-sink.ts).
import { isBadPack, offenceFor } from '../classify.js'
import { PACK_PROTOCOL } from './constants.js'
import { TransferInterruptedError } from '../errors.js'
import { requestPack } from './pack.js'
import { thinPackSink } from './thin-sink.js'
import type { HeldRepository } from '../../repo/pack/thin-pack.js'
import type { PackSinkFactory, ReceivedPack } from '../../repo/pack/pack-sink.js'
import type { Connection } from '@libp2p/interface'

export interface PackProgress { objects: number, received: number, total: number, indexed: number }

export interface ReceivePackOptions {
  maxPackBytes: number
  packSink: PackSinkFactory
  /** our own repository: with haves, a thin pack is asked for and completed from its objects */
  held?: HeldRepository
  signal?: AbortSignal
  onProgress?: (p: PackProgress) => void
  /** notable moments, for the debug log */
  onEvent?: (event: 'all bytes in') => void
}

/** How often progress is passed on while bytes arrive. */
const PROGRESS_MS = 100

export async function receivePack (conn: Connection, req: { rid: string, wants: string[], haves: string[] }, opts: ReceivePackOptions): Promise<{ result: ReceivedPack, bytes: number, objects: number }> {
  if (conn.limits != null) throw new Error('only a relayed connection to this peer: repository data never travels over one')
  const stream = await conn.newStream(PACK_PROTOCOL, { signal: opts.signal ?? AbortSignal.timeout(15_000) })
  let indexed = 0
  let shownAt = 0
  let last = { objects: 0, received: 0, total: 0 }
  const progress = (p: { objects: number, received: number, total: number }): void => {
    if (p.received === p.total && last.received !== p.total) opts.onEvent?.('all bytes in')
    last = p
    const now = performance.now()
    if (now - shownAt < PROGRESS_MS && p.received > 0 && p.received < p.total) return
    shownAt = now
    opts.onProgress?.({ ...p, indexed })
  }
  const thin = opts.held != null && req.haves.length > 0
  const packSink = thin ? thinPackSink(opts.packSink, opts.held!) : opts.packSink
  try {
    return await requestPack(stream, { ...req, thin }, {
      maxBytes: opts.maxPackBytes,
      signal: opts.signal,
      open: (total) => packSink(total, { signal: opts.signal, onProgress: (done) => { indexed = done; progress(last) } }),
      onProgress: progress
    })
  } catch (err: any) {
    const interrupted = !isBadPack(err) && offenceFor(err) == null && opts.signal?.aborted !== true &&
      !['NotFoundRemotelyError', 'RefusedError', 'AbortError', 'PackStoreError', 'ThinBasesTooLargeError'].includes(err.name)
    if (interrupted) throw new TransferInterruptedError(`the transfer was cut off: ${err.message}`, { cause: err })
    throw err
  }
}
