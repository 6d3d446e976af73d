// Who has a repository, and whether each copy is up to date: every
// connected peer and DHT provider is asked for every writer's signed refs,
// which are verified before their sequence numbers are believed.
import { verifyWriterRefs } from '../core/signed-refs.js'
import { isRelay } from '../net/relay-kind.js'
import { recordSeq } from '../repo/repo-index.js'
import { offenceFor } from './classify.js'
import { askRefs } from './fetch-attempt.js'
import type { Repos } from '../repo/repos.js'
import type { Libp2p, PeerId } from '@libp2p/interface'

export interface SeedStatus {
  peer: string
  relay: boolean
  seq?: number
  state: 'up to date' | 'behind' | 'ahead' | 'does not have it' | 'unreachable' | 'invalid' | 'not seeding'
  /** why, in the relay's words, when it said it would not seed it (see announce-protocol.ts) */
  note?: string
}

export async function seedStatus (node: Libp2p, repos: Repos, rid: string, providers: PeerId[], opts: { signal?: AbortSignal } = {}): Promise<SeedStatus[]> {
  const ask = (): AbortSignal => opts.signal != null ? AbortSignal.any([opts.signal, AbortSignal.timeout(8000)]) : AbortSignal.timeout(8000)
  const record = await repos.index.get(rid)
  const candidates = new Map<string, PeerId>()
  for (const c of node.getConnections()) candidates.set(c.remotePeer.toString(), c.remotePeer)
  for (const p of providers) candidates.set(p.toString(), p)
  candidates.delete(node.peerId.toString())
  const out = await Promise.all([...candidates.values()].slice(0, 20).map(async (peer): Promise<SeedStatus> => {
    const known = await node.peerStore.get(peer).then(p => ({ protocols: p.protocols, addrs: p.addresses.map(a => a.multiaddr) }), () => ({ protocols: [] as string[], addrs: [] }))
    // by what it is (relay-kind.ts): a tab reached through a relay is not one
    const relay = isRelay(known)
    try {
      const signal = ask()
      const answer = await askRefs(async (protocol, s) => await node.dialProtocol(peer, protocol, { signal: s, runOnLimitedConnection: true }), rid, signal)
      for (const doc of answer.namespaces) await verifyWriterRefs(doc, { rid })
      // every writer's sequences (and the identity's length) summed, as sync compares them
      const ours = record != null ? recordSeq(record) : 0
      const seq = answer.identity.length + answer.namespaces.reduce((n, d) => n + d.seq, 0)
      return { peer: peer.toString(), relay, seq, state: seq === ours ? 'up to date' : seq < ours ? 'behind' : 'ahead' }
    } catch (err: any) {
      opts.signal?.throwIfAborted()
      if (err.name === 'NotFoundRemotelyError') return { peer: peer.toString(), relay, state: 'does not have it' }
      if (offenceFor(err) != null) return { peer: peer.toString(), relay, state: 'invalid' }
      return { peer: peer.toString(), relay, state: 'unreachable' }
    }
  }))
  return out.filter(s => s.state !== 'does not have it').sort((a, b) => Number(b.relay) - Number(a.relay) || a.peer.localeCompare(b.peer))
}
