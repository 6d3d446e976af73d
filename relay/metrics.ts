// Guts' own Prometheus metrics, next to the ones @libp2p/prometheus-metrics
// registers, in the relay's registry.
import client from 'prom-client'
import { connectionKind } from '../src/net/connection-kind.js'
import type { Libp2p } from '@libp2p/interface'

// Process-wide, like the errors it counts: main.ts's last-resort handlers call
// countUncaughtError(), and every relay's registry reports the same total.
let uncaughtErrors = 0
export function countUncaughtError (): void { uncaughtErrors++ }

export interface GutsMetrics {
  httpRequest: (route: string, status: number) => void
  render: () => Promise<{ contentType: string, body: string }>
}

/** the relay's own loads, read when scraped */
export interface RelayLoad {
  /** git process trees serving smart HTTP */
  gitProcesses: () => number
  /** packs being sent to peers over /guts/pack */
  packsSending: () => number
}

export function createGutsMetrics (node: Libp2p, register: client.Registry, load?: RelayLoad): GutsMetrics {
  const http = new client.Counter({
    registers: [register],
    name: 'guts_http_requests_total',
    help: 'HTTP requests served by the relay, by route and status',
    labelNames: ['route', 'status']
  })
  new client.Gauge({
    registers: [register],
    name: 'guts_connections',
    help: 'Open libp2p connections by how they travel',
    labelNames: ['kind'],
    collect () {
      this.reset()
      for (const c of node.getConnections()) this.inc({ kind: connectionKind(c) })
    }
  })
  new client.Gauge({
    registers: [register],
    name: 'guts_peers',
    help: 'Distinct peers with an open connection',
    collect () { this.set(node.getPeers().length) }
  })
  new client.Gauge({
    registers: [register],
    name: 'guts_git_processes',
    help: 'git process trees serving smart HTTP now (bounded: see SECURITY.md)',
    collect () { this.set(load?.gitProcesses() ?? 0) }
  })
  new client.Gauge({
    registers: [register],
    name: 'guts_packs_sending',
    help: 'packs being sent to peers over /guts/pack now',
    collect () { this.set(load?.packsSending() ?? 0) }
  })
  new client.Counter({
    registers: [register],
    name: 'guts_uncaught_errors_total',
    help: 'Exceptions and promise rejections nothing handled; the relay logged each and kept running',
    collect () {
      this.reset()
      this.inc(uncaughtErrors)
    }
  })
  return {
    httpRequest: (route, status) => http.inc({ route, status: String(status) }),
    render: async () => ({ contentType: register.contentType, body: await register.metrics() })
  }
}
