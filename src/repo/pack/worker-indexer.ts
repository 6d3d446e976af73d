// A PackSink that indexes in a Web Worker (index-worker.ts). The main thread
// only copies each chunk and posts it; the worker keeps the pack and hands
// it back, with its index, when done. Errors come back as messages and are
// raised again here with their name, so callers classify them as before.
import { PackError } from './pack-error.js'
import { inProcessPackSink } from './pack-sink.js'
import type { PackSink, PackSinkFactory, ReceivedPack } from './pack-sink.js'

export type ToWorker =
  | { t: 'start', total: number }
  | { t: 'whole', pack: Uint8Array }
  | { t: 'chunk', bytes: Uint8Array }
  | { t: 'finish' }

type FromWorker =
  | { t: 'progress', done: number, total: number }
  | { t: 'done', result: ReceivedPack }
  | { t: 'error', name: string, message: string }

function revive (e: { name: string, message: string }): Error {
  const err = e.name === 'PackError' ? new PackError(e.message) : new Error(e.message)
  err.name = e.name
  return err
}

/** Index in a worker where the platform has them; in this thread otherwise. */
export const workerPackSink: PackSinkFactory = (total, opts) => {
  let worker: Worker
  try {
    worker = new Worker(new URL('./index-worker.ts', import.meta.url), { type: 'module', name: 'guts-pack-indexer' })
  } catch {
    return inProcessPackSink(total, opts)
  }
  let failure: Error | undefined
  let settle: { resolve: (r: ReceivedPack) => void, reject: (e: Error) => void } | undefined
  const stop = (err: Error): void => {
    failure ??= err
    worker.terminate()
    settle?.reject(failure)
    settle = undefined
  }
  const onAbort = (): void => { stop(opts.signal?.reason ?? new Error('aborted')) }
  opts.signal?.addEventListener('abort', onAbort, { once: true })
  worker.onmessage = (evt: MessageEvent<FromWorker>) => {
    const msg = evt.data
    if (msg.t === 'progress') opts.onProgress?.(msg.done, msg.total)
    else if (msg.t === 'error') stop(revive(msg))
    else if (msg.t === 'done') {
      opts.signal?.removeEventListener('abort', onAbort)
      worker.terminate()
      settle?.resolve(msg.result)
      settle = undefined
    }
  }
  worker.onerror = (evt) => { evt.preventDefault(); stop(new Error(`the pack indexer failed: ${evt.message}`)) }
  const finished = async (last: ToWorker, transfer: Transferable[] = []): Promise<ReceivedPack> => {
    if (failure != null) throw failure
    return new Promise<ReceivedPack>((resolve, reject) => {
      settle = { resolve, reject }
      worker.postMessage(last, transfer)
    })
  }

  if (spareCore()) {
    // each chunk to the worker as it comes, indexed there at once
    worker.postMessage({ t: 'start', total } satisfies ToWorker)
    return {
      push: (chunk) => {
        if (failure != null) throw failure
        // a copy of its own: the chunk may share its buffer with other data
        const bytes = chunk.slice()
        worker.postMessage({ t: 'chunk', bytes } satisfies ToWorker, [bytes.buffer])
      },
      finish: async () => finished({ t: 'finish' }),
      abort: () => { stop(new Error('aborted')) }
    }
  }
  // no core to spare: while the pack arrives, only copy it into one buffer
  // (the cheapest thing to do beside the transfer), then hand that buffer
  // to the worker, which was started meanwhile, without another copy
  let pack: Uint8Array | undefined = new Uint8Array(total)
  let received = 0
  return {
    push: (chunk) => {
      if (failure != null) throw failure
      if (pack == null || received + chunk.length > total) throw new PackError(`the pack is longer than the ${total} bytes announced`)
      pack.set(chunk, received)
      received += chunk.length
    },
    finish: async () => {
      if (pack == null || received !== total) throw new PackError(`the pack ended after ${received} of ${total} bytes`)
      const whole = pack
      pack = undefined
      return finished({ t: 'whole', pack: whole }, [whole.buffer])
    },
    abort: () => { pack = undefined; stop(new Error('aborted')) }
  }
}

/**
 * Whether indexing while the pack arrives would have a core to itself.
 * Receiving over WebRTC keeps about two cores busy in Chromium (its network
 * process, and each tab's WebRTC and IPC threads), so on a two-core machine
 * indexing alongside slowed the transfer more than it saved: measured with
 * bench/sync, a 19 MB pack took 2.8-4.1 s to arrive while being indexed,
 * against 1.3 s to arrive and 1.3 s to index after. There the page
 * collects the bytes and the worker indexes them after the last one.
 */
function spareCore (): boolean {
  return (globalThis.navigator?.hardwareConcurrency ?? 1) > 2
}
