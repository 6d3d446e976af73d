// A worker process of bench/relay part 1: hosts many tab-like libp2p nodes
// (WebSockets to the relay, circuit relay transport listening on
// /p2p-circuit so each asks the relay for a reservation, noise, yamux,
// identify, ping) and reports on them to the parent over IPC.
//   start { addr, count, dialTimeoutMs, attempts }  create `count` nodes and dial the relay
//   status                                          connections and reservations held
//   stop                                            stop every node, exit
import '../../relay/polyfills.js'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { identify } from '@libp2p/identify'
import { noise } from '@libp2p/noise'
import { ping } from '@libp2p/ping'
import { webSockets } from '@libp2p/websockets'
import { yamux } from '@libp2p/yamux'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { countErrors, percentile, serveParent, sleep } from './child.js'
import type { Libp2p } from '@libp2p/interface'

interface Tab {
  node: Libp2p
  dialedAt: number
  connectedAt?: number
  reservedAt?: number
  closes: number
}

const tabs: Tab[] = []
let relayPeer: string | undefined

const hasReservation = (node: Libp2p): boolean => node.getMultiaddrs().some(ma => ma.toString().includes('/p2p-circuit'))

async function createTab (): Promise<Tab> {
  const node = await createLibp2p({
    addresses: { listen: ['/p2p-circuit'] },
    transports: [webSockets(), circuitRelayTransport()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify(), ping: ping() }
  })
  const tab: Tab = { node, dialedAt: 0, closes: 0 }
  node.addEventListener('self:peer:update', () => {
    if (tab.reservedAt == null && hasReservation(node)) tab.reservedAt = performance.now()
  })
  node.addEventListener('connection:close', (evt) => {
    if (evt.detail.remotePeer.toString() === relayPeer) tab.closes++
  })
  return tab
}

serveParent({
  start: async ({ addr, count, dialTimeoutMs, attempts }: { addr: string, count: number, dialTimeoutMs: number, attempts: number }) => {
    const ma = multiaddr(addr)
    relayPeer = ma.getComponents().find(c => c.name === 'p2p')?.value
    const errors: Record<string, number> = {}
    let retries = 0
    let failed = 0
    await Promise.all(Array.from({ length: count }, async () => {
      const tab = await createTab()
      tabs.push(tab)
      tab.dialedAt = performance.now()
      for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
          await tab.node.dial(ma, { signal: AbortSignal.timeout(dialTimeoutMs) })
          tab.connectedAt = performance.now()
          return
        } catch (err) {
          countErrors(errors, err)
          if (attempt === attempts) { failed++; return }
          retries++
          await sleep(1000 * attempt + Math.random() * 1000)
        }
      }
    }))
    const times = tabs.slice(-count).filter(t => t.connectedAt != null).map(t => t.connectedAt! - t.dialedAt)
    return { started: count, failed, retries, errors, dialP50: percentile(times, 50), dialMax: percentile(times, 100) }
  },
  status: async () => {
    const connected = tabs.filter(t => t.node.getConnections().some(c => c.remotePeer.toString() === relayPeer && c.status === 'open')).length
    const reserved = tabs.filter(t => hasReservation(t.node))
    const reserveMs = reserved.filter(t => t.reservedAt != null).map(t => t.reservedAt! - t.dialedAt)
    return {
      nodes: tabs.length,
      connected,
      reservations: reserved.length,
      closes: tabs.reduce((n, t) => n + t.closes, 0),
      reserveMs,
      rssKB: Math.round(process.memoryUsage.rss() / 1024)
    }
  }
}, {
  onStop: async () => {
    await Promise.all(tabs.map(async t => Promise.race([t.node.stop(), sleep(5000)]).catch(() => {})))
  }
})
