// Who has a repository, and whether each copy is up to date: every
// connected peer and DHT provider is asked for its signed refs, which are
// verified before their sequence number is believed.
import { decodeGenesis } from '../core/genesis.js'
import { verifySignedRefs } from '../core/signed-refs.js'
import { isRelay } from '../net/relay-kind.js'
import { offenceFor } from './classify.js'
import { REFS_PROTOCOL, requestRefs } from './refs/index.js'
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
      const stream = await node.dialProtocol(peer, REFS_PROTOCOL, { signal: ask(), runOnLimitedConnection: true })
      const answer = await requestRefs(stream, rid, { signal: ask() })
      if (record != null) await verifySignedRefs(answer.signedRefs, decodeGenesis(record.genesis), { rid })
      const ours = record?.signedRefs.seq ?? 0
      const seq = answer.signedRefs.seq
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
