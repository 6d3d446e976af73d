// Guts' own Prometheus metrics, next to the ones @libp2p/prometheus-metrics
// registers in the same default registry.
import client from 'prom-client'
import { connectionKind } from '../src/net/connection-kind.js'
import type { Libp2p } from '@libp2p/interface'

export interface GutsMetrics {
  httpRequest: (route: string, status: number) => void
  render: () => Promise<{ contentType: string, body: string }>
}

export function createGutsMetrics (node: Libp2p): GutsMetrics {
  const register = client.register
  const http = getOrCreate('guts_http_requests_total', () => new client.Counter({
    name: 'guts_http_requests_total',
    help: 'HTTP requests served by the relay, by route and status',
    labelNames: ['route', 'status']
  }))
  getOrCreate('guts_connections', () => new client.Gauge({
    name: 'guts_connections',
    help: 'Open libp2p connections by how they travel',
    labelNames: ['kind'],
    collect () {
      this.reset()
      for (const c of node.getConnections()) this.inc({ kind: connectionKind(c) })
    }
  }))
  getOrCreate('guts_peers', () => new client.Gauge({
    name: 'guts_peers',
    help: 'Distinct peers with an open connection',
    collect () { this.set(node.getPeers().length) }
  }))
  return {
    httpRequest: (route, status) => http.inc({ route, status: String(status) }),
    render: async () => ({ contentType: register.contentType, body: await register.metrics() })
  }

  function getOrCreate<T> (name: string, make: () => T): T {
    return (register.getSingleMetric(name) as T | undefined) ?? make()
  }
}
