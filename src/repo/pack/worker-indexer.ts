// A PackSink that indexes in Web Workers (index-worker.ts), never on the
// page's thread. With a core to spare, each chunk goes to a worker that
// indexes it at once. Without (two cores: receiving over WebRTC keeps them
// busy), the page only copies the pack into one buffer as it arrives; after
// the last byte a worker indexes it, or, for a large pack, two workers each
// take one lane of it (lanes.ts). The pack comes back with its index.
// Errors come back as messages and are raised again here with their name,
// so callers classify them as before.
import { partBuffers } from './index-worker-parts.js'
import { findLaneSplit, MIN_LANES_PACK_BYTES } from './lanes.js'
import { PackError } from './pack-error.js'
import { inProcessPackSink } from './pack-sink.js'
import type { LanePart } from './index-pack.js'
import type { PackSinkFactory, ReceivedPack } from './pack-sink.js'

/**
 * Where the second lane starts, as a share of the pack. The first lane then
 * takes in the second's part and runs the second pass for both (the deltas
 * whose base had left a lane's cache; the second lane builds the bases it
 * finds before the split itself, lane-bases.ts). Measured on
 * bench/sync's 19 MB pack, in Node: split at 0.5, the lanes took 0.44 and
 * 0.41 s and the rest 0.29 s; at 0.42, 0.66 and 0.40 s and the rest 0.37 s.
 * In Chromium, one worker took 1.4-1.6 s and two lanes about 1.1 s. Since
 * (libdeflate, and the second lane building its bases before the split
 * itself), in Node: lanes 0.21-0.25 and 0.28-0.33 s, the rest 0.12-0.19 s;
 * 0.55 measured the same.
 */
const LANE_SPLIT = 0.5

export type ToWorker =
  | { t: 'start', total: number }
  | { t: 'whole', pack: Uint8Array, to?: number }
  | { t: 'lane', pack: Uint8Array, from: number }
  | { t: 'part', part?: LanePart }
  | { t: 'chunk', bytes: Uint8Array }
  | { t: 'finish' }

type FromWorker =
  | { t: 'progress', done: number, total: number }
  | { t: 'part', part: LanePart }
  | { t: 'done', result: ReceivedPack, lanes: boolean }
  | { t: 'error', name: string, message: string }

function revive (e: { name: string, message: string }): Error {
  const err = e.name === 'PackError' ? new PackError(e.message) : new Error(e.message)
  err.name = e.name
  return err
}

const newWorker = (): Worker => new Worker(new URL('./index-worker.ts', import.meta.url), { type: 'module', name: 'guts-pack-indexer' })

/** Index in a worker where the platform has them; in this thread otherwise. */
export const workerPackSink: PackSinkFactory = (total, opts) => {
  let worker: Worker
  try {
    worker = newWorker()
  } catch {
    return inProcessPackSink(total, opts)
  }
  // a second worker for the second lane of a large pack (lanes.ts), started
  // now so that it is ready when the last byte is in
  let second = !spareCore() && total >= MIN_LANES_PACK_BYTES && cores() >= 2 ? newWorkerOrNone() : undefined
  let failure: Error | undefined
  let settle: { resolve: (r: ReceivedPack) => void, reject: (e: Error) => void } | undefined
  const stop = (err: Error): void => {
    failure ??= err
    worker.terminate()
    second?.terminate()
    settle?.reject(failure)
    settle = undefined
  }
  const onAbort = (): void => { stop(opts.signal?.reason ?? new Error('aborted')) }
  opts.signal?.addEventListener('abort', onAbort, { once: true })
  // progress: the two lanes' counts add up until the first takes in the second's
  let doneA = 0
  let doneB = 0
  worker.onmessage = (evt: MessageEvent<FromWorker>) => {
    const msg = evt.data
    if (msg.t === 'progress') { doneA = msg.done; opts.onProgress?.(doneA + doneB, msg.total) }
    else if (msg.t === 'error') stop(revive(msg))
    else if (msg.t === 'done') {
      opts.signal?.removeEventListener('abort', onAbort)
      worker.terminate()
      second?.terminate()
      settle?.resolve({ ...msg.result, indexedBy: msg.lanes ? 'in two workers' : 'in a worker' })
      settle = undefined
    }
  }
  worker.onerror = (evt) => { evt.preventDefault(); stop(new Error(`the pack indexer failed: ${evt.message}`)) }
  /** Hands the second lane's part (or, when it failed, none) to the first lane. */
  const toFirst = (part: LanePart | undefined): void => {
    doneB = 0
    second?.terminate()
    second = undefined
    worker.postMessage({ t: 'part', part } satisfies ToWorker, part != null ? partBuffers(part) : [])
  }
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
      const split = second != null ? findLaneSplit(whole, Math.floor(whole.length * LANE_SPLIT)) : -1
      if (second == null || split < 0) {
        second?.terminate()
        return finished({ t: 'whole', pack: whole }, [whole.buffer])
      }
      // two lanes: the second gets a copy of the pack (it indexes from the
      // split on, and rebuilds the bases its deltas find before the split:
      // lane-bases.ts), the first the pack itself
      const copy = whole.slice()
      second.onmessage = (evt: MessageEvent<FromWorker>) => {
        const msg = evt.data
        if (msg.t === 'progress') { doneB = msg.done; opts.onProgress?.(doneA + doneB, msg.total) }
        else if (msg.t === 'part') toFirst(msg.part)
        else if (msg.t === 'error') toFirst(undefined) // the first lane goes on alone, and finds any damage itself
      }
      second.onerror = (evt) => { evt.preventDefault(); toFirst(undefined) }
      second.postMessage({ t: 'lane', pack: copy, from: split } satisfies ToWorker, [copy.buffer])
      return finished({ t: 'whole', pack: whole, to: split }, [whole.buffer])
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
  return cores() > 2
}

function cores (): number {
  return globalThis.navigator?.hardwareConcurrency ?? 1
}

function newWorkerOrNone (): Worker | undefined {
  try { return newWorker() } catch { return undefined }
}
