// A TCP proxy in front of a relay's HTTP port that counts the bytes crossing
// it both ways, headers included, for every request the browser makes: the
// page's and the service worker's alike (CDP on the page never sees the
// service worker's precache fetches). It can also slow the link down to a
// given rate and latency, so "time to Connected" means something on a
// loopback machine. Only for measuring; the WebSocket to the relay does not
// go through it (the well-known document names the relay's own ws port).
import { createServer, connect } from 'node:net'
import type { Server, Socket } from 'node:net'

export interface WireProxyInit {
  /** the relay's HTTP port on 127.0.0.1 */
  target: number
  /** bytes per second each way; unlimited when missing */
  rate?: number
  /** one-way delay added to every chunk, in ms */
  latencyMs?: number
}

export interface WireProxy {
  url: string
  /** bytes sent to the browser (responses) and from it (requests) since the last reset */
  bytes: () => { down: number, up: number }
  reset: () => void
  close: () => Promise<void>
}

export async function startWireProxy (init: WireProxyInit): Promise<WireProxy> {
  let down = 0
  let up = 0
  const sockets = new Set<Socket>()
  // one link each way, shared by all connections, like a real bottleneck
  const downLink: Link = { freeAt: 0 }
  const upLink: Link = { freeAt: 0 }
  const server: Server = createServer(client => {
    const upstream = connect(init.target, '127.0.0.1')
    sockets.add(client); sockets.add(upstream)
    pipe(client, upstream, n => { up += n }, upLink, init)
    pipe(upstream, client, n => { down += n }, downLink, init)
    const drop = (): void => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream) }
    client.on('error', drop); upstream.on('error', drop)
    client.on('close', drop); upstream.on('close', drop)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}/`,
    bytes: () => ({ down, up }),
    reset: () => { down = 0; up = 0 },
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}

/** Copies from one socket to the other, paced: each chunk leaves once the link is free and its latency has passed. */
interface Link { freeAt: number }

function pipe (from: Socket, to: Socket, count: (n: number) => void, link: Link, init: WireProxyInit): void {
  let pending = 0
  let ended = false
  from.on('data', (chunk: Buffer) => {
    count(chunk.length)
    if (init.rate == null && init.latencyMs == null) { to.write(chunk); return }
    const now = Date.now()
    const start = Math.max(now, link.freeAt)
    link.freeAt = start + (init.rate == null ? 0 : chunk.length / init.rate * 1000)
    const at = link.freeAt
    pending++
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk)
      if (--pending === 0 && ended) to.end()
    }, at - now + (init.latencyMs ?? 0))
  })
  from.on('end', () => { ended = true; if (pending === 0) to.end() })
}
