// A worker process of bench/relay part 1: hosts many tab-like libp2p nodes
// (WebSockets to the relay, circuit relay transport listening on
// /p2p-circuit so each asks the relay for a reservation, noise, yamux,
// identify, ping) and reports on them to the parent over IPC.
//   start { addr, count, step, dialTimeoutMs, attempts }  create `count` nodes and dial the relay; answers at once
//   pending                                               dials still running (cheap: polled while ramping)
//   status                                                per ramp step: dialled, held, lost, connect+reserve times
//   stop                                                  stop every node, exit
import '../../relay/polyfills.js'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { identify } from '@libp2p/identify'
import { noise } from '@libp2p/noise'
import { ping } from '@libp2p/ping'
import { webSockets } from '@libp2p/websockets'
import { yamux } from '@libp2p/yamux'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { countErrors, serveParent, sleep } from './child.js'
import { TAB_PING_EVERY_MS } from '../../src/net/constants.js'
import type { Libp2p } from '@libp2p/interface'

interface Tab {
  node?: Libp2p
  step: number
  dialedAt: number
  connectedAt?: number
  reservedAt?: number
  failed: boolean
  /** the connection to the relay closed after it had opened */
  dropped: boolean
}

export interface StepStatus {
  dialled: number
  /** dials still running */
  pending: number
  connected: number
  /** connected to the relay and holding a reservation (a /p2p-circuit address) */
  held: number
  failed: number
  dropped: number
  /** ms from the start of the dial to the reservation, for every tab that got one */
  reserveMs: number[]
  /** ms from the start of the dial to the connection (WebSocket, Noise, yamux), for every tab that got one */
  connectMs: number[]
}

// as src/net/tab-node.ts: a ping to every connection each TAB_PING_EVERY_MS (BENCH_TAB_PING_MS; 0: none)
const pingMs = Number(process.env.BENCH_TAB_PING_MS ?? TAB_PING_EVERY_MS)

const tabs: Tab[] = []
const errors: Record<string, number> = {}
let relayPeer: string | undefined
let retries = 0

const hasReservation = (node: Libp2p): boolean => node.getMultiaddrs().some(ma => ma.toString().includes('/p2p-circuit'))
const relayConnected = (node: Libp2p): boolean => node.getConnections().some(c => c.remotePeer.toString() === relayPeer && c.status === 'open')

async function createTab (tab: Tab): Promise<Libp2p> {
  const node = await createLibp2p({
    addresses: { listen: ['/p2p-circuit'] },
    transports: [webSockets(), circuitRelayTransport()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionMonitor: pingMs > 0 ? { pingInterval: pingMs } : { enabled: false },
    services: { identify: identify(), ping: ping() }
  })
  node.addEventListener('self:peer:update', () => {
    if (tab.reservedAt == null && hasReservation(node)) tab.reservedAt = performance.now()
  })
  node.addEventListener('connection:close', (evt) => {
    if (evt.detail.remotePeer.toString() === relayPeer && tab.connectedAt != null) tab.dropped = true
  })
  return node
}

async function run (tab: Tab, addr: string, dialTimeoutMs: number, attempts: number): Promise<void> {
  const ma = multiaddr(addr)
  tab.node = await createTab(tab)
  tab.dialedAt = performance.now()
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await tab.node.dial(ma, { signal: AbortSignal.timeout(dialTimeoutMs) })
      tab.connectedAt = performance.now()
      return
    } catch (err) {
      countErrors(errors, err)
      if (attempt === attempts) { tab.failed = true; return }
      retries++
      await sleep(1000 * attempt + Math.random() * 1000)
    }
  }
}

serveParent({
  start: ({ addr, count, step, dialTimeoutMs, attempts }: { addr: string, count: number, step: number, dialTimeoutMs: number, attempts: number }) => {
    relayPeer = multiaddr(addr).getComponents().find(c => c.name === 'p2p')?.value
    for (let i = 0; i < count; i++) {
      const tab: Tab = { step, dialedAt: performance.now(), failed: false, dropped: false }
      tabs.push(tab)
      void run(tab, addr, dialTimeoutMs, attempts).catch((err) => { countErrors(errors, err); tab.failed = true })
    }
    return { started: count }
  },
  pending: () => tabs.reduce((n, t) => n + (t.connectedAt == null && !t.failed ? 1 : 0), 0),
  status: () => {
    const steps: Record<number, StepStatus> = {}
    for (const t of tabs) {
      const s = steps[t.step] ??= { dialled: 0, pending: 0, connected: 0, held: 0, failed: 0, dropped: 0, reserveMs: [], connectMs: [] }
      s.dialled++
      if (t.failed) { s.failed++; continue }
      if (t.connectedAt == null) { s.pending++; continue }
      if (t.dropped) s.dropped++
      const connected = t.node != null && relayConnected(t.node)
      if (connected) s.connected++
      if (connected && hasReservation(t.node!)) s.held++
      s.connectMs.push(t.connectedAt - t.dialedAt)
      if (t.reservedAt != null) s.reserveMs.push(t.reservedAt - t.dialedAt)
    }
    return { steps, retries, errors, nodes: tabs.length, rssKB: Math.round(process.memoryUsage.rss() / 1024) }
  }
}, {
  onStop: async () => {
    await Promise.all(tabs.map(async t => Promise.race([t.node?.stop(), sleep(5000)]).catch(() => {})))
  }
})
