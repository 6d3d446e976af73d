// The pack indexer in a Web Worker, off the page's thread. Messages are
// those of worker-indexer.ts: a pack arriving chunk by chunk, or a whole
// pack; or one of two lanes of a whole pack (lanes.ts): the first indexes up
// to the split and then takes in the second's part, the second indexes from
// the split and sends its part back.
import { PackIndexer } from './index-pack.js'
import { partBuffers } from './index-worker-parts.js'
import { inflatedWith } from './pack-sink.js'
import type { LanePart } from './index-pack.js'
import type { ToWorker } from './worker-indexer.js'

let indexer: PackIndexer | undefined
let lastProgress = 0

const post = (msg: unknown, transfer: Transferable[] = []): void => { (self as unknown as Worker).postMessage(msg, transfer) }

self.onmessage = (evt: MessageEvent<ToWorker>) => {
  const msg = evt.data
  try {
    if (msg.t === 'start') {
      indexer = new PackIndexer(msg.total, { onProgress })
    } else if (msg.t === 'whole') {
      // the whole pack at once, indexed in place
      indexer = new PackIndexer(msg.pack.length, { buffer: msg.pack, onProgress, lane: msg.to != null ? { to: msg.to } : undefined })
      if (msg.to != null) indexer.start() // the rest once the second lane's part is in
      else finish()
    } else if (msg.t === 'part') {
      finish(msg.part)
    } else if (msg.t === 'lane') {
      new PackIndexer(msg.pack.length, { buffer: msg.pack, onProgress, lane: { from: msg.from } }).lanePart().then(part => {
        post({ t: 'part', part }, partBuffers(part))
      }, fail)
    } else if (msg.t === 'chunk') {
      indexer!.push(msg.bytes)
    } else if (msg.t === 'finish') {
      finish()
    }
  } catch (err) {
    fail(err)
  }
}

function onProgress (done: number, total: number): void {
  // a few times a second is plenty for a progress bar
  const now = performance.now()
  if (now - lastProgress < 100 && done < total) return
  lastProgress = now
  post({ t: 'progress', done, total })
}

function finish (part?: LanePart): void {
  const lane = indexer!
  lane.finish(part).then(result => {
    indexer = undefined
    // every reference, as strings, is not worth a copy to the page: what lies
    // outside the pack (`outside`) is all that storing it needs
    post({ t: 'done', result: { ...result, referenced: new Set(), inflatedWith: inflatedWith() }, lanes: lane.merged }, [result.pack!.buffer, result.idx.buffer] as Transferable[])
  }, fail)
}

function fail (err: any): void {
  indexer = undefined
  post({ t: 'error', name: err?.name ?? 'Error', message: err?.message ?? String(err) })
}
