// /.well-known/guts.json: how a tab finds the relay that served it.
// The response is untrusted input: capped and validated before use.
import { parseIceServers } from './ice-servers.js'
import type { IceServer } from './ice-servers.js'

export interface WellKnown {
  peerId: string
  multiaddrs: string[]
  version: string
  /** STUN/TURN servers the relay suggests for WebRTC between tabs */
  iceServers?: IceServer[]
}

export const WELL_KNOWN_PATH = '/.well-known/guts.json'
const MAX_BYTES = 16 * 1024
const MAX_ADDRS = 16

export class InvalidWellKnownError extends Error {
  static name = 'InvalidWellKnownError'
  name = 'InvalidWellKnownError'
}

export function parseWellKnown (text: string): WellKnown {
  if (text.length > MAX_BYTES) throw new InvalidWellKnownError('guts.json is too large')
  let v: any
  try { v = JSON.parse(text) } catch { throw new InvalidWellKnownError('guts.json is not JSON') }
  if (v == null || typeof v !== 'object') throw new InvalidWellKnownError('guts.json is not an object')
  if (typeof v.peerId !== 'string' || !/^[1-9A-HJ-NP-Za-km-z]{40,64}$/.test(v.peerId)) throw new InvalidWellKnownError('guts.json has no valid peerId')
  if (!Array.isArray(v.multiaddrs)) throw new InvalidWellKnownError('guts.json has no multiaddrs')
  const multiaddrs = v.multiaddrs
    .filter((a: unknown): a is string => typeof a === 'string' && a.startsWith('/') && a.length <= 512)
    .slice(0, MAX_ADDRS)
    // an address without the relay's id, or with another id, is of no use
    .map((a: string) => a.includes('/p2p/') ? a : `${a}/p2p/${v.peerId as string}`)
    .filter((a: string) => a.endsWith(`/p2p/${v.peerId as string}`))
  if (multiaddrs.length === 0) throw new InvalidWellKnownError('guts.json lists no usable multiaddr')
  const iceServers = parseIceServers(v.iceServers)
  return { peerId: v.peerId, multiaddrs, version: typeof v.version === 'string' ? v.version.slice(0, 32) : 'unknown', ...(iceServers.length > 0 ? { iceServers } : {}) }
}

export async function fetchWellKnown (origin: string, signal?: AbortSignal): Promise<WellKnown> {
  const res = await fetch(new URL(WELL_KNOWN_PATH, origin), {
    cache: 'no-store',
    signal: signal ?? AbortSignal.timeout(5000)
  })
  if (!res.ok) throw new InvalidWellKnownError(`guts.json: HTTP ${res.status}`)
  return parseWellKnown(await res.text())
}
