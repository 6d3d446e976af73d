// Circuit-relay reservations follow connections: a real relay with
// --max-reservations 5, Node peers shaped like tabs. @libp2p/circuit-relay-v2
// 4.2.13 kept a departed peer's reservation for its whole TTL (2 h), so five
// peers that reserved and left locked every later one out; our patch
// (patches/@libp2p+circuit-relay-v2+4.2.13.patch) drops a reservation when the
// last connection to its peer closes, and keeps the TTL timer of a removed
// reservation from deleting the one its peer took when it came back.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseArgs } from '../../relay/cli.js'
import { createLogger } from '../../relay/log.js'
import { startRelay } from '../../relay/relay.js'
// not exported by the package; the store the relay really runs, by path
import { ReservationStore } from '../../node_modules/@libp2p/circuit-relay-v2/dist/src/server/reservation-store.js'
import { createNodePeer } from './node-peer.js'
import type { Relay } from '../../relay/relay.js'
import { multiaddr } from '@multiformats/multiaddr'
import type { Multiaddr } from '@multiformats/multiaddr'

type Peer = Awaited<ReturnType<typeof createNodePeer>>

const hasCircuitAddr = (p: Peer): boolean => p.getMultiaddrs().some(ma => ma.toString().includes('/p2p-circuit'))

describe('relay: reservations follow connections', () => {
  let relay: Relay
  let dataDir: string
  let relayAddr: Multiaddr
  const peers: Peer[] = []
  const reservations = (): number => relay.node.services.relay.reservations.size

  const reservingPeer = async (): Promise<Peer> => {
    const p = await createNodePeer()
    peers.push(p)
    await p.dial(relayAddr, { signal: AbortSignal.timeout(10_000) })
    await expect.poll(() => hasCircuitAddr(p), { timeout: 10_000, interval: 50 }).toBe(true)
    return p
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'guts-reservations-test-'))
    const parsed = parseArgs(['--port', '0', '--data', dataDir, '--no-mdns', '--app', 'dist', '--max-reservations', '5', '--seed', 'none'])
    if (parsed.command !== 'serve') throw new Error('bad args')
    relay = await startRelay(parsed.options, createLogger({ level: 'error' }))
    relayAddr = relay.node.getMultiaddrs().find(ma => ma.toString().includes('/ws/'))!
  })

  afterAll(async () => {
    await Promise.all(peers.map(async p => p.stop()))
    await relay?.stop()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('gives a sixth peer a reservation once five that reserved have left', async () => {
    const first = await Promise.all(Array.from({ length: 5 }, reservingPeer))
    expect(reservations()).toBe(5)
    await Promise.all(first.map(async p => p.stop()))
    await expect.poll(() => relay.node.getConnections().length, { timeout: 10_000 }).toBe(0)

    // within a few seconds, not after the 2 h TTL
    const t = Date.now()
    const sixth = await reservingPeer()
    expect(Date.now() - t).toBeLessThan(5000)
    expect(reservations()).toBe(1)
    expect(relay.node.services.relay.reservations.has(sixth.peerId)).toBe(true)
    await sixth.stop()
    await expect.poll(reservations, { timeout: 5000 }).toBe(0)
  })

  it('keeps a reservation while its peer still has another connection', async () => {
    const p = await reservingPeer()
    const second = await p.dial(relayAddr, { force: true, signal: AbortSignal.timeout(10_000) })
    await expect.poll(() => relay.node.getConnections(p.peerId).length, { timeout: 5000 }).toBe(2)
    await second.close()
    await expect.poll(() => relay.node.getConnections(p.peerId).length, { timeout: 5000 }).toBe(1)
    // and the circuit through it still works: another peer dials it and pings
    expect(relay.node.services.relay.reservations.has(p.peerId)).toBe(true)
    const dialer = await createNodePeer()
    peers.push(dialer)
    const circuit = p.getMultiaddrs().find(ma => ma.toString().includes('/p2p-circuit'))!
    expect(await dialer.services.ping.ping(circuit, { signal: AbortSignal.timeout(10_000) })).toBeGreaterThanOrEqual(0)
    await Promise.all([p.stop(), dialer.stop()])
    await expect.poll(reservations, { timeout: 5000 }).toBe(0)
  })
})

describe('relay: a full reservation store empties as its peers leave', () => {
  const N = 30
  let relay: Relay
  let dataDir: string
  const peers: Peer[] = []

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'guts-reservations-wave-'))
    const parsed = parseArgs(['--port', '0', '--data', dataDir, '--no-mdns', '--app', 'dist', '--max-reservations', String(N), '--seed', 'none'])
    if (parsed.command !== 'serve') throw new Error('bad args')
    relay = await startRelay(parsed.options, createLogger({ level: 'error' }))
  })

  afterAll(async () => {
    await Promise.all(peers.map(async p => p.stop()))
    await relay?.stop()
    await rm(dataDir, { recursive: true, force: true })
  })

  // two waves of tab-like peers, each filling --max-reservations: the second
  // only gets in if the first wave's reservations went with its connections
  const wave = async (): Promise<Peer[]> => {
    const addr = relay.node.getMultiaddrs().find(ma => ma.toString().includes('/ws/'))!
    const ps: Peer[] = []
    // five at a time: N handshakes at once in one busy test process can time out
    for (let i = 0; i < N; i += 5) {
      ps.push(...await Promise.all(Array.from({ length: 5 }, async () => {
        const p = await createNodePeer()
        peers.push(p)
        await p.dial(addr, { signal: AbortSignal.timeout(20_000) })
        return p
      })))
    }
    await expect.poll(() => ps.filter(hasCircuitAddr).length, { timeout: 20_000, interval: 100 }).toBe(N)
    return ps
  }

  it(`takes ${N} peers, lets them go, and takes ${N} new ones`, async () => {
    const first = await wave()
    expect(relay.node.services.relay.reservations.size).toBe(N)
    await Promise.all(first.map(async p => p.stop()))
    await expect.poll(() => relay.node.services.relay.reservations.size, { timeout: 10_000 }).toBe(0)
    await wave()
    expect(relay.node.services.relay.reservations.size).toBe(N)
  }, 60_000)
})

describe('reservation store: a returning peer keeps its new reservation', () => {
  it('is not deleted by the TTL timer of the reservation it replaced', async () => {
    const ttl = 600
    const node = await createNodePeer()
    try {
      const store = new ReservationStore({ logger: node.logger }, { reservationTtl: ttl })
      const peer = node.peerId
      const addr = multiaddr('/ip4/127.0.0.1/tcp/1/ws')
      expect(store.reserve(peer, addr).status).toBe('OK')
      // a refresh re-arms the TTL with a timer retimeable-signal's clear() cannot stop
      expect(store.reserve(peer, addr).status).toBe('OK')
      store.removeReservation(peer) // the peer disconnected
      await new Promise(resolve => setTimeout(resolve, ttl / 2))
      expect(store.reserve(peer, addr).status).toBe('OK') // it came back: a new reservation, expiring at 1.5 × ttl
      await new Promise(resolve => setTimeout(resolve, ttl * 0.75)) // the old timer has fired at 1 × ttl
      expect(store.get(peer)).toBeDefined()
    } finally {
      await node.stop()
    }
  })
})
