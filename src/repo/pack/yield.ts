// Small helpers of the pack indexer's loop.

/**
 * Lets other tasks run (rendering, network, an abort). Not setTimeout(0):
 * browsers stretch nested timeouts to 4 ms, which would cost a sixth of the
 * time at one yield per slice.
 */
export async function yieldToEventLoop (): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler
  if (typeof scheduler?.yield === 'function') return await scheduler.yield()
  if (typeof setImmediate === 'function') return await new Promise(resolve => setImmediate(resolve))
  return await new Promise(resolve => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => { channel.port1.close(); resolve() }
    channel.port2.postMessage(null)
  })
}

/** Whether two byte arrays hold the same bytes. */
export function equalBytes (a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
