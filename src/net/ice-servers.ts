// STUN/TURN servers for WebRTC, as a relay offers them to tabs in
// /.well-known/guts.json. Pure: parsing and validation only.

export interface IceServer { urls: string, username?: string, credential?: string }

const URL_FORM = /^(stun|turns?):([^\s@]+@)?[^\s@/]+$/
const MAX_SERVERS = 8

/** "turn:user:secret@host:3478" → { urls: "turn:host:3478", username, credential } */
export function toIceServer (url: string): IceServer {
  const m = /^(stun|turns?):(?:([^:@\s]+):([^@\s]+)@)?([^\s@/]+)$/.exec(url.trim())
  if (m == null) throw new Error(`not a stun:, turn: or turns: URL: ${url}`)
  const [, scheme, username, credential, host] = m
  return username != null ? { urls: `${scheme}:${host}`, username, credential } : { urls: `${scheme}:${host}` }
}

/** Keeps the well-formed entries of an untrusted list, at most eight. */
export function parseIceServers (v: unknown): IceServer[] {
  if (!Array.isArray(v)) return []
  const out: IceServer[] = []
  for (const e of v) {
    if (e == null || typeof e !== 'object' || typeof e.urls !== 'string' || e.urls.length > 256 || !URL_FORM.test(e.urls)) continue
    const s: IceServer = { urls: e.urls }
    if (typeof e.username === 'string' && e.username.length <= 256) s.username = e.username
    if (typeof e.credential === 'string' && e.credential.length <= 256) s.credential = e.credential
    out.push(s)
    if (out.length === MAX_SERVERS) break
  }
  return out
}
