// A TCP proxy on loopback that counts the bytes crossing it each way, so a
// benchmark compares what goes over the wire (handshakes, ref
// advertisements and packs alike) for Guts and for stock git.
import net from 'node:net'

export interface ByteProxy {
  port: number
  /** bytes from the server to the client, and back, since the last reset */
  down: () => number
  up: () => number
  reset: () => void
  stop: () => Promise<void>
}

export async function startByteProxy (target: number): Promise<ByteProxy> {
  let down = 0
  let up = 0
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: target })
    sockets.add(client).add(upstream)
    client.on('data', (d) => { up += d.length })
    upstream.on('data', (d) => { down += d.length })
    client.pipe(upstream)
    upstream.pipe(client)
    const close = (): void => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream) }
    client.on('error', close).on('close', close)
    upstream.on('error', close).on('close', close)
  })
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()))
  return {
    port: (server.address() as net.AddressInfo).port,
    down: () => down,
    up: () => up,
    reset: () => { down = 0; up = 0 },
    stop: async () => {
      for (const s of sockets) s.destroy()
      await new Promise(resolve => server.close(resolve))
    }
  }
}
