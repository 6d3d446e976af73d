// Starts consuming an async iterable at once and keeps what it yields until
// asked. A clone looks providers up on the DHT while it asks the peers it is
// already connected to, so that, when those do not have the repository, the
// lookup has already been under way rather than starting only then.
export function readAhead<T> (source: AsyncIterable<T>): AsyncIterable<T> {
  const buffered: T[] = []
  let ended = false
  let failure: { err: unknown } | undefined
  let wake: (() => void) | undefined
  void (async () => {
    try {
      for await (const item of source) { buffered.push(item); wake?.() }
    } catch (err) {
      failure = { err }
    } finally {
      ended = true
      wake?.()
    }
  })()
  return {
    async * [Symbol.asyncIterator] () {
      for (;;) {
        if (buffered.length > 0) { yield buffered.shift()!; continue }
        if (failure != null) throw failure.err
        if (ended) return
        await new Promise<void>(resolve => { wake = resolve })
        wake = undefined
      }
    }
  }
}
