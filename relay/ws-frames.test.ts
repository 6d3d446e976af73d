// The relay's libp2p node, in this process, against malformed and oversized
// WebSocket frames. This is the test that proves the @libp2p/websockets patch
// (patches/@libp2p+websockets+10.1.21.patch): without it, ws emits 'error'
// with no listener, which throws out of a socket callback. Nothing here
// installs main.ts's last-resort handlers, so that throw is caught below (and
// by vitest, which reports it as an unhandled error) instead of being hidden.
// test/integration/relay-ws-frames.test.ts checks the same against a real
// relay process, where those handlers would keep the relay up regardless.
import { generateKeyPair } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import { Registry } from 'prom-client'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createNodePeer } from '../test/integration/node-peer.js'
import {
  MALFORMED_FRAMES, binaryFrameHeader, closedWithin, openRawWebSocket, startHostileWebSocketServer, streamUntilClosed
} from '../test/integration/raw-websocket.js'
import { parseArgs } from './cli.js'
import { MAX_WS_MESSAGE } from './limits.js'
import { createRelayNode } from './node.js'
import type { RelayNode } from './node.js'

const SINK_PROTOCOL = '/guts-test/sink/1.0.0'

describe('relay WebSocket port: malformed and oversized frames (in process)', () => {
  let relay: RelayNode
  const registry = new Registry()
  let wsPort: number
  let received = 0
  const uncaught: unknown[] = []
  const onUncaught = (err: unknown): void => { uncaught.push(err) }

  beforeAll(async () => {
    const parsed = parseArgs(['--host', '127.0.0.1', '--port', '0', '--ws-port', '0', '--tcp-port', '0', '--no-mdns'])
    if (parsed.command !== 'serve') throw new Error(`unexpected command ${parsed.command}`)
    relay = await createRelayNode(parsed.options, await generateKeyPair('Ed25519'), registry)
    await relay.start()
    await relay.handle(SINK_PROTOCOL, async (stream) => {
      for await (const chunk of stream) received += chunk.byteLength
      await stream.close()
    })
    const ws = relay.getMultiaddrs().find(ma => ma.toString().includes('/ws'))
    wsPort = Number(ws?.toString().split('/tcp/')[1].split('/')[0])
  })
  afterAll(async () => { await relay?.stop() })

  beforeEach(() => { uncaught.length = 0; process.on('uncaughtException', onUncaught) })
  afterEach(() => { process.off('uncaughtException', onUncaught) })

  // WebSocket errors the patched listener counted (bad frames, over the cap)
  const wsErrors = async (): Promise<number> => {
    const metric = registry.getSingleMetric('libp2p_websockets_listener_errors_total')
    const values = metric == null ? [] : (await metric.get()).values
    return values.filter(v => String(v.labels.address).endsWith(' inbound_websocket_error')).reduce((n, v) => n + v.value, 0)
  }

  const pingFromNewPeer = async (): Promise<number> => {
    const peer = await createNodePeer()
    try {
      return await peer.services.ping.ping(multiaddr(`/ip4/127.0.0.1/tcp/${wsPort}/ws/p2p/${relay.peerId.toString()}`), { signal: AbortSignal.timeout(10_000) })
    } finally {
      await peer.stop()
    }
  }

  for (const frame of MALFORMED_FRAMES) {
    it(`drops a peer that sends ${frame.what} (${frame.hex}), throws nothing, keeps serving`, async () => {
      const socket = await openRawWebSocket(wsPort)
      socket.write(Buffer.from(frame.hex, 'hex'))
      expect(await closedWithin(socket, 2000)).toBe(true)
      await new Promise(resolve => setTimeout(resolve, 50))
      expect(uncaught.map(String)).toEqual([])
      expect(await pingFromNewPeer()).toBeGreaterThanOrEqual(0)
    })
  }

  it('closes a connection whose frame announces more than the cap, before reading it', async () => {
    const socket = await openRawWebSocket(wsPort)
    socket.write(binaryFrameHeader(90 * 1024 * 1024))
    const { written, closed } = await streamUntilClosed(socket, 32 * 1024 * 1024)
    expect(closed).toBe(true)
    // the kernel's socket buffers take a few MB before the reset comes back
    expect(written).toBeLessThan(32 * 1024 * 1024)
    expect(uncaught.map(String)).toEqual([])
  })

  it('refuses a frame one byte over the cap as soon as its header arrives', async () => {
    const before = await wsErrors()
    const socket = await openRawWebSocket(wsPort)
    socket.write(binaryFrameHeader(MAX_WS_MESSAGE + 1))
    expect(await closedWithin(socket, 1000)).toBe(true)
    expect(await wsErrors()).toBe(before + 1)
  })

  it('takes a message of exactly the cap', async () => {
    const before = await wsErrors()
    const socket = await openRawWebSocket(wsPort)
    socket.write(binaryFrameHeader(MAX_WS_MESSAGE))
    socket.write(Buffer.alloc(MAX_WS_MESSAGE))
    // ws hands the message on to libp2p, which waits for a handshake that
    // never comes; one byte more was refused at once (above)
    expect(await closedWithin(socket, 500)).toBe(false)
    expect(await wsErrors()).toBe(before)
    socket.destroy()
  })

  it('carries a large stream under the cap (libp2p never sends a message near it)', async () => {
    const peer = await createNodePeer()
    try {
      received = 0
      const stream = await peer.dialProtocol(multiaddr(`/ip4/127.0.0.1/tcp/${wsPort}/ws/p2p/${relay.peerId.toString()}`), SINK_PROTOCOL, { signal: AbortSignal.timeout(10_000) })
      const chunk = new Uint8Array(1024 * 1024).fill(7)
      for (let i = 0; i < 8; i++) {
        if (!stream.send(chunk)) await new Promise(resolve => stream.addEventListener('drain', resolve, { once: true }))
      }
      await stream.close()
      const deadline = Date.now() + 10_000
      while (received < 8 * 1024 * 1024 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20))
      expect(received).toBe(8 * 1024 * 1024)
    } finally {
      await peer.stop()
    }
  })

  it('a dialer survives a listener that sends a malformed frame', async () => {
    // server-to-client frames are unmasked; opcode 15 is reserved
    const hostile = await startHostileWebSocketServer('8f00')
    const peer = await createNodePeer()
    try {
      await expect(peer.dial(multiaddr(`/ip4/127.0.0.1/tcp/${hostile.port}/ws`), { signal: AbortSignal.timeout(10_000) })).rejects.toThrow()
      await new Promise(resolve => setTimeout(resolve, 50))
      expect(uncaught.map(String)).toEqual([])
    } finally {
      await peer.stop()
      await hostile.close()
    }
  })
})
