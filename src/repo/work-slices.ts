// Long walks on the page's thread (blame, a path's history) in slices: a
// check of the signal at every step (cheap), and every `sliceMs` of work a
// macrotask, so the page renders, handles input, and can ask the walk to stop.
import { yieldToEventLoop } from './pack/yield.js'

/** about a frame's worth of work between yields, keeping a huge history from freezing the tab */
export const DEFAULT_SLICE_MS = 10

export class WorkSlices {
  private last = performance.now()

  constructor (private readonly signal?: AbortSignal, private readonly sliceMs = DEFAULT_SLICE_MS) {}

  /** Call once a step: throws the signal's reason once it is aborted, and yields when the slice is used up. */
  async step (): Promise<void> {
    this.signal?.throwIfAborted()
    if (performance.now() - this.last < this.sliceMs) return
    await yieldToEventLoop()
    this.signal?.throwIfAborted()
    this.last = performance.now()
  }
}
