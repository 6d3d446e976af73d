// window.guts: a small, stable surface over the app handle for the
// end-to-end tests and for people debugging from the console. It exposes
// plain data only.
import type { GutsApp } from './app.js'

export interface GutsTestHook {
  peerId: () => string
  snapshot: () => ReturnType<GutsApp['network']['snapshot']>
  connect: (target: string) => Promise<{ ms: number, attempts: number, peerId: string, kind: string, limited: boolean, multiplexer?: string }>
  hangUp: (peerId: string) => Promise<void>
  /** ms from navigation start to the first relay connection */
  firstRelayAt: () => number | undefined
  /** packs received: from whom, over what connection */
  /** a repository's current signed refs, by name */
  refsOf: (rid: string) => Promise<Record<string, string>>
  transfers: () => Array<{ rid: string, peer: string, bytes: number, objects: number, limited: boolean, multiplexer?: string }>
  /**
   * For debugging WebRTC throughput: per WebRTC connection, its transport
   * and candidate-pair stats. Reaches into libp2p's connection for the
   * RTCPeerConnection (not a public API): empty if that changes.
   */
  webrtcStats: () => Promise<Array<{ peer: string, stats: Array<Record<string, unknown>> }>>
}

export function installTestHook (app: GutsApp): void {
  const hook: GutsTestHook = {
    peerId: () => app.network.snapshot().peerId,
    snapshot: () => app.network.snapshot(),
    connect: async (target) => {
      const r = await app.network.connect(target)
      const info = app.network.snapshot().connections.find(c => c.id === r.connection.id)
      return {
        ms: r.ms,
        attempts: r.attempts,
        peerId: r.connection.remotePeer.toString(),
        kind: info?.kind ?? 'other',
        limited: r.connection.limits != null,
        multiplexer: r.connection.multiplexer
      }
    },
    hangUp: async (peerId) => app.network.hangUp(peerId),
    firstRelayAt: () => app.network.firstRelayAt(),
    transfers: () => app.sync.transfers.map(t => ({ ...t })),
    refsOf: async (rid) => (await app.repos.repos.get(rid)).signedRefs.refs,
    webrtcStats: async () => {
      const out: Array<{ peer: string, stats: Array<Record<string, unknown>> }> = []
      for (const c of app.network.node.getConnections()) {
        const pc = (c as { maConn?: { peerConnection?: RTCPeerConnection } }).maConn?.peerConnection
        if (pc == null || typeof pc.getStats !== 'function') continue
        const stats: Array<Record<string, unknown>> = []
        ;(await pc.getStats()).forEach((v: Record<string, unknown>) => {
          if (['transport', 'candidate-pair', 'local-candidate', 'remote-candidate'].includes(v.type as string)) stats.push({ ...v })
        })
        out.push({ peer: c.remotePeer.toString(), stats })
      }
      return out
    }
  }
  ;(globalThis as any).guts = hook
}
