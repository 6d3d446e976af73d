// Fair limits on shared work, by a key (the address a peer connects from).
// Pure.
//  - FairSlots: at most `limit` at once; waiters queue per key and are
//    served round-robin across keys, so a crowd of identities from one
//    address waits its turn behind everyone else's, not in front of it;
//    bounded queues (per key and in all): past them, the answer is no.
//  - Seats: counted places (open transfers), per key and in all, no queue.

export interface FairSlotsInit {
  limit: number
  /** waiters per key */
  perKeyQueue: number
  /** waiters in all */
  maxQueue: number
}

export class FairSlots {
  private busy = 0
  private queued = 0
  // keys with waiters, in the order they are served; a Map keeps insertion order
  private readonly waiting = new Map<string, Array<() => void>>()

  constructor (private readonly init: FairSlotsInit) {}

  /** a release function, or undefined when the queues are full */
  async acquire (key: string, signal?: AbortSignal): Promise<(() => void) | undefined> {
    signal?.throwIfAborted()
    if (this.busy < this.init.limit && this.queued === 0) { this.busy++; return this.releaser() }
    const line = this.waiting.get(key) ?? []
    if (line.length >= this.init.perKeyQueue || this.queued >= this.init.maxQueue) return undefined
    await new Promise<void>((resolve, reject) => {
      const go = (): void => { signal?.removeEventListener('abort', abort); resolve() }
      const abort = (): void => {
        const l = this.waiting.get(key)
        const i = l?.indexOf(go) ?? -1
        if (l != null && i >= 0) {
          l.splice(i, 1)
          this.queued--
          if (l.length === 0) this.waiting.delete(key)
        }
        reject(signal?.reason ?? new Error('aborted'))
      }
      signal?.addEventListener('abort', abort, { once: true })
      line.push(go)
      this.waiting.set(key, line)
      this.queued++
    })
    return this.releaser()
  }

  get waiters (): number { return this.queued }
  get running (): number { return this.busy }

  private releaser (): () => void {
    let done = false
    return () => {
      if (done) return
      done = true
      this.next()
    }
  }

  /** the freed slot passes to the first waiter of the next key in turn */
  private next (): void {
    const first = this.waiting.entries().next()
    if (first.done === true) { this.busy--; return }
    const [key, line] = first.value
    const go = line.shift()!
    this.queued--
    // to the back of the rotation: the other keys go first next time
    this.waiting.delete(key)
    if (line.length > 0) this.waiting.set(key, line)
    go()
  }
}

export class Seats {
  private total = 0
  private readonly byKey = new Map<string, number>()

  constructor (private readonly max: number, private readonly perKey: number) {}

  /** a release function, or undefined when every seat (or every seat for `key`) is taken */
  take (key: string): (() => void) | undefined {
    const held = this.byKey.get(key) ?? 0
    if (this.total >= this.max || held >= this.perKey) return undefined
    this.total++
    this.byKey.set(key, held + 1)
    let done = false
    return () => {
      if (done) return
      done = true
      this.total--
      const n = (this.byKey.get(key) ?? 1) - 1
      if (n <= 0) this.byKey.delete(key)
      else this.byKey.set(key, n)
    }
  }

  get taken (): number { return this.total }
}
