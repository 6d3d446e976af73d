// A WebSocket peer that speaks raw bytes: the HTTP upgrade written by hand,
// then whatever frames a test sends, valid or not. For checking what a
// listener does with frames no WebSocket library would ever send.
import { createHash } from 'node:crypto'
import { createServer, connect } from 'node:net'
import type { Server, Socket } from 'node:net'

/** Frames a server must refuse, as a client would send them (hex). */
export const MALFORMED_FRAMES: ReadonlyArray<{ hex: string, what: string }> = [
  { hex: '808000000000', what: 'a continuation frame with nothing to continue' },
  { hex: 'c18000000000', what: 'RSV1 set with no extension agreed' },
  { hex: '8200', what: 'an unmasked client frame' },
  { hex: '8f8000000000', what: 'reserved opcode 15' },
  { hex: '888200000000ffff', what: 'a close frame with status code 65535' }
]

/** The header of one masked binary frame announcing `length` payload bytes. */
export function binaryFrameHeader (length: number): Buffer {
  const len = Buffer.alloc(8)
  len.writeBigUInt64BE(BigInt(length))
  // FIN + binary, MASK + 64-bit length, then a zero masking key
  return Buffer.concat([Buffer.from([0x82, 0xff]), len, Buffer.alloc(4)])
}

export class UpgradeRefusedError extends Error {
  static name = 'UpgradeRefusedError'
  name = 'UpgradeRefusedError'
}

/** Opens a TCP connection, completes the WebSocket upgrade and returns the socket. */
export async function openRawWebSocket (port: number, options: { signal?: AbortSignal } = {}): Promise<Socket> {
  const signal = options.signal ?? AbortSignal.timeout(5000)
  const socket = connect(port, '127.0.0.1')
  try {
    await new Promise<void>((resolve, reject) => {
      let head = ''
      const onAbort = (): void => reject(signal.reason)
      signal.addEventListener('abort', onAbort, { once: true })
      socket.once('error', reject)
      socket.once('connect', () => {
        socket.write([
          'GET / HTTP/1.1',
          `Host: 127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
          'Sec-WebSocket-Version: 13',
          '', ''
        ].join('\r\n'))
      })
      const onData = (d: Buffer): void => {
        head += d.toString('latin1')
        if (!head.includes('\r\n\r\n')) return
        socket.off('data', onData)
        signal.removeEventListener('abort', onAbort)
        socket.off('error', reject)
        if (head.startsWith('HTTP/1.1 101 ')) resolve()
        else reject(new UpgradeRefusedError(`upgrade refused: ${head.split('\r\n')[0]}`))
      }
      socket.on('data', onData)
    })
  } catch (err) {
    socket.destroy()
    throw err
  }
  // the relay may reset the connection; a test looks at 'close', not errors
  socket.on('error', () => {})
  return socket
}

/** Resolves when the socket is closed, or with false after `ms`. */
export async function closedWithin (socket: Socket, ms: number): Promise<boolean> {
  if (socket.destroyed) return true
  return new Promise(resolve => {
    const timer = setTimeout(() => resolve(false), ms)
    socket.once('close', () => { clearTimeout(timer); resolve(true) })
  })
}

/**
 * Writes up to `max` bytes of payload in 64 KiB writes, waiting for drain, and
 * stops early when the peer closes the socket. Returns the bytes handed to
 * the kernel and whether the peer closed.
 */
export async function streamUntilClosed (socket: Socket, max: number, options: { signal?: AbortSignal } = {}): Promise<{ written: number, closed: boolean }> {
  const signal = options.signal ?? AbortSignal.timeout(10_000)
  const chunk = Buffer.alloc(64 * 1024)
  let written = 0
  while (written < max && !socket.destroyed && socket.writable && !signal.aborted) {
    const more = socket.write(chunk)
    written += chunk.byteLength
    if (!more) {
      await new Promise<void>(resolve => {
        const done = (): void => { socket.off('drain', done); socket.off('close', done); signal.removeEventListener('abort', done); resolve() }
        socket.once('drain', done)
        socket.once('close', done)
        signal.addEventListener('abort', done, { once: true })
      })
    }
  }
  return { written, closed: await closedWithin(socket, 2000) }
}

/**
 * A WebSocket server that answers every upgrade with 101 and then sends
 * `frameHex`: what a dialer sees from a hostile listener.
 */
export async function startHostileWebSocketServer (frameHex: string): Promise<{ port: number, close: () => Promise<void> }> {
  const sockets = new Set<Socket>()
  const server: Server = createServer(socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    let head = ''
    const onData = (d: Buffer): void => {
      head += d.toString('latin1')
      if (!head.includes('\r\n\r\n')) return
      socket.off('data', onData)
      const key = /sec-websocket-key:\s*(\S+)/i.exec(head)?.[1] ?? ''
      const accept = createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64')
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`)
      socket.write(Buffer.from(frameHex, 'hex'))
    }
    socket.on('data', onData)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as any).port as number,
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise(resolve => server.close(resolve))
    }
  }
}
