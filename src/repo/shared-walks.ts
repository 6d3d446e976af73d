// Walks (a blame, a path's history) shared by everyone who asks for the same
// answer, and their answers kept, the most recently asked `max` of them. A
// caller whose signal aborts is let go at once; the walk itself stops only
// when every caller waiting for it has left, so a view that closes does not
// fail another that still waits, and leaving the page stops the work.

interface Walk<T> {
  key: string
  done: Promise<T>
  stop: AbortController
  /** callers waiting for it (one without a signal never leaves) */
  waiting: number
  settled: boolean
}

export class SharedWalks<T> {
  private readonly walks = new Map<string, Walk<T>>()

  /** `keep`: whether an answer may be kept (an incomplete one is not) */
  constructor (private readonly max: number, private readonly keep: (value: T) => boolean = () => true) {}

  async get (key: string, signal: AbortSignal | undefined, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    signal?.throwIfAborted()
    let w = this.walks.get(key)
    if (w != null) {
      this.walks.delete(key)
      this.walks.set(key, w)
    } else {
      const stop = new AbortController()
      const walk: Walk<T> = { key, done: run(stop.signal), stop, waiting: 0, settled: false }
      w = walk
      this.walks.set(key, walk)
      walk.done.then(
        v => { walk.settled = true; if (!this.keep(v)) this.drop(walk) },
        () => { walk.settled = true; this.drop(walk) }
      )
      for (const k of this.walks.keys()) {
        if (this.walks.size <= this.max) break
        this.walks.delete(k)
      }
    }
    return await this.wait(w, signal)
  }

  /** how many walks or answers are held (for tests) */
  get size (): number { return this.walks.size }

  private async wait (w: Walk<T>, signal: AbortSignal | undefined): Promise<T> {
    w.waiting++
    if (signal == null) {
      try { return await w.done } finally { w.waiting-- }
    }
    return await new Promise<T>((resolve, reject) => {
      let gone = false
      const leave = (): void => {
        if (gone) return
        gone = true
        w.waiting--
        if (w.waiting === 0 && !w.settled) {
          // gone from the map first: a caller coming next starts afresh instead of joining a stopping walk
          this.drop(w)
          w.stop.abort(signal.reason)
        }
        reject(signal.reason)
      }
      const settle = (fn: () => void): void => {
        if (gone) return
        gone = true
        w.waiting--
        signal.removeEventListener('abort', leave)
        fn()
      }
      signal.addEventListener('abort', leave, { once: true })
      w.done.then(v => settle(() => resolve(v)), err => settle(() => reject(err)))
    })
  }

  private drop (w: Walk<T>): void {
    if (this.walks.get(w.key) === w) this.walks.delete(w.key)
  }
}
