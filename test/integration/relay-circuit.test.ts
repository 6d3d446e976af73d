// A real relay and two Node peers on loopback: reservation, a dial through
// the relay's circuit, then ping over it.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseArgs } from '../../relay/cli.js'
import { createLogger } from '../../relay/log.js'
import { startRelay } from '../../relay/relay.js'
import { connectionKind } from '../../src/net/connection-kind.js'
import { createNodePeer } from './node-peer.js'
import type { Relay } from '../../relay/relay.js'

describe('relay: reservation, circuit dial, ping', () => {
  let relay: Relay
  let dataDir: string
  let a: Awaited<ReturnType<typeof createNodePeer>>
  let b: Awaited<ReturnType<typeof createNodePeer>>

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'guts-relay-test-'))
    const parsed = parseArgs(['--port', '0', '--data', dataDir, '--no-mdns', '--app', 'dist'])
    if (parsed.command !== 'serve') throw new Error('bad args')
    relay = await startRelay(parsed.options, createLogger({ level: 'error' }))
    a = await createNodePeer()
    b = await createNodePeer()
  })

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()])
    await relay?.stop()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('gives a peer a reservation and a circuit address', async () => {
    const relayAddr = relay.node.getMultiaddrs().find(ma => ma.toString().includes('/ws/'))!
    await b.dial(relayAddr)
    await expect.poll(() => b.getMultiaddrs().some(ma => ma.toString().includes('/p2p-circuit')), { timeout: 10_000 }).toBe(true)
  })

  it('lets another peer dial it through the relay and ping it', async () => {
    const circuitAddr = b.getMultiaddrs().find(ma => ma.toString().includes('/p2p-circuit'))!
    const conn = await a.dial(circuitAddr)
    expect(conn.remotePeer.equals(b.peerId)).toBe(true)
    // relayed connections carry the relay's limits: signalling only
    expect(conn.limits).toBeDefined()
    expect(connectionKind(conn)).toBe('relayed')
    const rtt = await a.services.ping.ping(circuitAddr)
    expect(rtt).toBeGreaterThanOrEqual(0)
    expect(rtt).toBeLessThan(1000)
  })

  it('keeps its PeerId across restarts of the same data directory', async () => {
    const id = relay.node.peerId.toString()
    const parsed = parseArgs(['--port', '0', '--data', dataDir, '--no-mdns'])
    if (parsed.command !== 'serve') throw new Error('bad args')
    const again = await startRelay(parsed.options, createLogger({ level: 'error' }))
    try {
      expect(again.node.peerId.toString()).toBe(id)
    } finally {
      await again.stop()
    }
  })

  it('offers its STUN/TURN servers to tabs in /.well-known/guts.json', async () => {
    const parsed = parseArgs(['--port', '0', '--data', dataDir, '--no-mdns', '--ice-server', 'stun:stun.example.org:3478', 'turn:u:p@turn.example.org:3478'])
    if (parsed.command !== 'serve') throw new Error('bad args')
    const r = await startRelay(parsed.options, createLogger({ level: 'error' }))
    try {
      const wk = await (await fetch(new URL('/.well-known/guts.json', r.url))).json()
      expect(wk.iceServers).toEqual([{ urls: 'stun:stun.example.org:3478' }, { urls: 'turn:turn.example.org:3478', username: 'u', credential: 'p' }])
    } finally {
      await r.stop()
    }
  })

  it('serves /.well-known/guts.json with an address for the host the client used', async () => {
    const res = await fetch(new URL('/.well-known/guts.json', relay.url))
    expect(res.headers.get('cache-control')).toBe('no-store')
    const wk = await res.json()
    expect(wk.peerId).toBe(relay.node.peerId.toString())
    const first = multiaddr(wk.multiaddrs[0])
    expect(first.toString()).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/ws\/p2p\//)
    // and a tab can really dial it
    const c = await createNodePeer()
    try {
      await c.dial(first)
    } finally {
      await c.stop()
    }
  })

  it('exposes Prometheus metrics, libp2p and Guts', async () => {
    const text = await (await fetch(new URL('/metrics', relay.url))).text()
    expect(text).toMatch(/^guts_http_requests_total\{/m)
    expect(text).toMatch(/^guts_connections\{kind="websocket"\} \d+/m)
    expect(text).toMatch(/^libp2p_/m)
  })
})
