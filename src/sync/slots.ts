// A fair (first come, first served) limit on concurrent work, with a bounded
// queue: a relay serves a few packs at a time, in the order they were asked
// for, and says no rather than queueing without end. Pure.

export class Slots {
  private busy = 0
  private readonly waiting: Array<() => void> = []
  constructor (private readonly limit: number, private readonly maxQueue: number) {}

  /** a release function, or undefined when the queue is full */
  async acquire (signal?: AbortSignal): Promise<(() => void) | undefined> {
    if (this.busy < this.limit) { this.busy++; return this.releaser() }
    if (this.waiting.length >= this.maxQueue) return undefined
    await new Promise<void>((resolve, reject) => {
      const go = (): void => { signal?.removeEventListener('abort', abort); resolve() }
      const abort = (): void => {
        const i = this.waiting.indexOf(go)
        if (i >= 0) this.waiting.splice(i, 1)
        reject(signal?.reason ?? new Error('aborted'))
      }
      signal?.addEventListener('abort', abort, { once: true })
      this.waiting.push(go)
    })
    return this.releaser()
  }

  get queued (): number { return this.waiting.length }

  private releaser (): () => void {
    let done = false
    return () => {
      if (done) return
      done = true
      const next = this.waiting.shift()
      if (next != null) next() // the slot passes straight to the next in line
      else this.busy--
    }
  }
}
