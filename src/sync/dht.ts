// Repositories on the DHT: a peer that holds one provides its RID (a CID),
// and a peer that wants one looks the providers up. Failures are logged,
// not thrown: the DHT is one way among several to find peers.
import { CID } from 'multiformats/cid'
import type { Libp2p, PeerId } from '@libp2p/interface'

type Log = (msg: string, fields?: Record<string, unknown>) => void
export interface Provider { id: PeerId, multiaddrs: Array<{ toString: () => string }> }

export async function provide (node: Libp2p, rid: string, log: Log): Promise<void> {
  try {
    await node.contentRouting.provide(CID.parse(rid), { signal: AbortSignal.timeout(30_000) })
  } catch (err: any) {
    log('could not provide on the DHT', { rid, err: err.message })
  }
}

/** Providers as the lookup finds them, so the first can be tried at once. */
export async function * streamProviders (node: Libp2p, rid: string, signal: AbortSignal | undefined, log: Log, max = 20): AsyncGenerator<Provider> {
  const seen: Provider[] = []
  try {
    const s = signal != null ? AbortSignal.any([signal, AbortSignal.timeout(15_000)]) : AbortSignal.timeout(15_000)
    for await (const p of node.contentRouting.findProviders(CID.parse(rid), { signal: s })) {
      if (seen.some(f => f.id.equals(p.id))) continue
      seen.push(p)
      yield p
      if (seen.length >= max) return
    }
  } catch (err: any) {
    log('provider lookup failed', { rid, err: err.message })
  }
}

export async function findProviders (node: Libp2p, rid: string, signal: AbortSignal | undefined, log: Log, max = 20): Promise<Provider[]> {
  const found: Provider[] = []
  for await (const p of streamProviders(node, rid, signal, log, max)) found.push(p)
  return found
}
