// The pack indexer in a Web Worker: the tab's main thread receives the pack
// from the network and posts each chunk here, so hashing and delta
// resolution run on another core while the transfer goes on. Messages are
// those of worker-indexer.ts.
import { PackIndexer } from './index-pack.js'
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
      indexer = new PackIndexer(msg.pack.length, { buffer: msg.pack, onProgress })
      finish()
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

function finish (): void {
  indexer!.finish().then(result => {
    indexer = undefined
    post({ t: 'done', result }, [result.pack!.buffer, result.idx.buffer] as Transferable[])
  }, fail)
}

function fail (err: any): void {
  indexer = undefined
  post({ t: 'error', name: err?.name ?? 'Error', message: err?.message ?? String(err) })
}
