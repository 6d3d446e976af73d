// libp2p 3 expects Node 22: Promise.withResolvers, and a global WebSocket for
// dialing ws:// addresses. On Node 20 we supply both. Import this module
// before anything else in every Node entry point; on Node 22 it does nothing.
import { WebSocket as WsWebSocket } from 'ws'

if (typeof (Promise as any).withResolvers !== 'function') {
  (Promise as any).withResolvers = function withResolvers<T> () {
    let resolve!: (value: T | PromiseLike<T>) => void
    let reject!: (reason?: unknown) => void
    const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej })
    return { promise, resolve, reject }
  }
}

if (typeof (globalThis as any).WebSocket !== 'function') {
  (globalThis as any).WebSocket = WsWebSocket
}
