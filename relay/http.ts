// The relay's HTTP side: the built web app, /.well-known/guts.json (how a tab
// finds the relay that served it) and Prometheus metrics. The app is served
// as the build left it, with the .br/.gz copies precompress.ts wrote: the
// relay picks one per Accept-Encoding and never compresses per request.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { acceptedCodings, acceptsIdentity, COMPRESSIBLE_EXTENSIONS, suffixOf } from './content-encoding.js'
import type { Coding } from './content-encoding.js'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2'
}

// Applies to the app as served by a relay; index.html carries the same policy
// in a meta tag so it holds on any static host. connect-src allows ws:/wss:
// because relays may live on other hosts than the one serving the app.
//
// 'wasm-unsafe-eval' lets the page compile WebAssembly, and nothing else: no
// eval(), no new Function(), no string timers, no inline scripts (those stay
// refused). The page's thread compiles libdeflate (src/repo/pack/
// wasm-inflate.ts, called from main.tsx) for the packs it indexes itself: a
// bundle or a .git folder imported in the tab, and any pack when Workers are
// missing. Without it the compile was refused on every load (a CSP violation
// report) and those packs inflated with pako, 3-4x slower. The module is
// embedded in the app's own script, which script-src 'self' already vouches
// for; repository content never becomes code. The indexer's workers are
// served from /assets/ without a policy of their own (only .html gets one),
// so they compile it either way (e2e/csp.spec.ts checks both).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws: wss:",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')

export interface HttpInit {
  appDir: string
  wellKnown: (req: IncomingMessage) => unknown
  metrics: () => Promise<{ contentType: string, body: string }>
  onRequest?: (route: string, status: number) => void
  /** handles /git/... (smart HTTP); returns false when it does not */
  git?: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean
}

export function createHttpServer (init: HttpInit): Server {
  const root = resolve(init.appDir)
  return createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n')
      else res.destroy()
    })
  })

  async function handle (req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://relay')
    const route = url.pathname.startsWith('/assets/') ? '/assets' : url.pathname
    res.on('finish', () => init.onRequest?.(routeLabel(route), res.statusCode))
    if (url.pathname.startsWith('/git/') && init.git != null && init.git(req, res, url)) return
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD')
      send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n'); return
    }
    if (url.pathname === '/.well-known/guts.json') {
      // never cached: addresses change when the relay restarts elsewhere.
      // Any origin may read it, so an app hosted elsewhere can use this relay.
      res.setHeader('Cache-Control', 'no-store')
      res.setHeader('Access-Control-Allow-Origin', '*')
      send(res, 200, MIME['.json'], JSON.stringify(init.wellKnown(req), null, 2) + '\n'); return
    }
    if (url.pathname === '/metrics') {
      const m = await init.metrics()
      res.setHeader('Cache-Control', 'no-store')
      send(res, 200, m.contentType, m.body); return
    }
    await serveStatic(url.pathname, req, res)
  }

  async function serveStatic (pathname: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let rel: string
    try { rel = decodeURIComponent(pathname) } catch { send(res, 400, 'text/plain; charset=utf-8', 'bad path\n'); return }
    if (rel.includes('\0')) { send(res, 400, 'text/plain; charset=utf-8', 'bad path\n'); return }
    if (rel.endsWith('/')) rel += 'index.html'
    const file = resolve(join(root, normalize(rel)))
    if (file !== root && !file.startsWith(root + sep)) { send(res, 404, 'text/plain; charset=utf-8', 'not found\n'); return }
    const st = await stat(file).catch(() => undefined)
    if (st == null || !st.isFile()) {
      if (rel === '/index.html') {
        send(res, 503, 'text/plain; charset=utf-8', `The web app is not built: run "npm run build" (looked in ${root}).\n`); return
      }
      send(res, 404, 'text/plain; charset=utf-8', 'not found\n'); return
    }
    const ext = extname(file)
    const compressible = COMPRESSIBLE_EXTENSIONS.has(ext)
    // the copy to send: a precompressed one the client takes, else the file
    let body: Variant = { path: file, size: st.size, mtimeMs: st.mtimeMs }
    if (compressible) {
      const header = req.headers['accept-encoding']
      const chosen = await pickVariant(file, st.mtimeMs, acceptedCodings(header))
      if (chosen != null) body = chosen
      else if (!acceptsIdentity(header)) { send(res, 406, 'text/plain; charset=utf-8', 'no acceptable content coding\n'); return }
    }
    const etag = etagOf(body)
    res.setHeader('Content-Type', MIME[ext] ?? 'application/octet-stream')
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'no-referrer')
    // Vite puts a content hash in every asset name: those never change.
    // Everything else (index.html, sw.js, registerSW.js, the manifest, an
    // asset without a hash) must be revalidated, or a stale service worker
    // would pin an old app forever.
    res.setHeader('Cache-Control', HASHED_ASSET.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache')
    // caches must keep the copies apart, whichever one this response is
    if (compressible) res.setHeader('Vary', 'Accept-Encoding')
    if (body.coding != null) res.setHeader('Content-Encoding', body.coding)
    res.setHeader('ETag', etag)
    if (ext === '.html') res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    if (notModified(req.headers['if-none-match'], etag)) { res.statusCode = 304; res.end(); return }
    // Ranges are honoured on the file as it is only. On a compressed copy
    // the Range is ignored and the whole copy sent (RFC 9110 allows it):
    // clients that want ranges (media, resumed downloads) ask for identity,
    // and a client that takes br gets the coding it prefers, not a worse one.
    let range: { start: number, end: number } | undefined
    if (body.coding == null) {
      res.setHeader('Accept-Ranges', 'bytes')
      const ifRange = req.headers['if-range']
      const r = ifRange == null || ifRange === etag ? parseRange(req.headers.range, body.size) : undefined
      if (r === 'unsatisfiable') {
        res.setHeader('Content-Range', `bytes */${body.size}`)
        send(res, 416, 'text/plain; charset=utf-8', 'range not satisfiable\n'); return
      }
      range = r
    }
    if (range != null) {
      res.statusCode = 206
      res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${body.size}`)
      res.setHeader('Content-Length', range.end - range.start + 1)
    } else {
      res.statusCode = 200
      res.setHeader('Content-Length', body.size)
    }
    if (req.method === 'HEAD') { res.end(); return }
    // a file gone between stat and open must not take the relay down
    await pipeline(createReadStream(body.path, range), res).catch(() => res.destroy())
  }
}

/** Under /assets/, ending in Vite's 8-character content hash (source maps too). */
const HASHED_ASSET = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+(?:\.map)?$/

const SAME_COPY_MS = 2000

interface Variant { path: string, size: number, mtimeMs: number, coding?: Coding }

/**
 * The first of `codings` with a copy on disk. A copy older than its file
 * is stale (the file was edited after the build) and never sent; a copy
 * made within the same couple of seconds counts as current, since `cp -r`
 * without -p stamps each file as it goes, in no particular order.
 */
async function pickVariant (file: string, mtimeMs: number, codings: Coding[]): Promise<Variant | undefined> {
  for (const coding of codings) {
    const path = file + suffixOf(coding)
    const st = await stat(path).catch(() => undefined)
    if (st?.isFile() === true && st.mtimeMs >= mtimeMs - SAME_COPY_MS) return { path, size: st.size, mtimeMs: st.mtimeMs, coding }
  }
  return undefined
}

/** Strong, and different for each copy: the bytes differ. */
function etagOf (v: Variant): string {
  return `"${v.size.toString(36)}-${Math.floor(v.mtimeMs).toString(36)}${v.coding == null ? '' : '-' + v.coding}"`
}

function notModified (header: string | undefined, etag: string): boolean {
  if (header == null) return false
  if (header.trim() === '*') return true
  // weak comparison (RFC 9110 §13.1.2)
  return header.split(',').slice(0, 64).some(t => t.trim().replace(/^W\//, '') === etag)
}

/**
 * One byte range, `bytes=a-b`, `bytes=a-` or `bytes=-n`, clamped to the
 * file. Several ranges, another unit or a malformed header: undefined, and
 * the whole file is sent (RFC 9110 §14.2 lets a server ignore Range).
 */
export function parseRange (header: string | undefined, size: number): { start: number, end: number } | 'unsatisfiable' | undefined {
  if (header == null) return undefined
  const m = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim())
  if (m == null || (m[1] === '' && m[2] === '')) return undefined
  if (m[1] === '') {
    const n = Number(m[2])
    if (n === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - n), end: size - 1 }
  }
  const start = Number(m[1])
  if (m[2] !== '' && Number(m[2]) < start) return undefined // not a range at all
  if (start >= size) return 'unsatisfiable'
  return { start, end: m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1) }
}

function routeLabel (route: string): string {
  if (route.startsWith('/git/')) return '/git'
  return ['/', '/index.html', '/.well-known/guts.json', '/metrics', '/assets', '/sw.js'].includes(route) ? route : 'other'
}

function send (res: ServerResponse, status: number, type: string, body: string): void {
  res.statusCode = status
  res.setHeader('Content-Type', type)
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.end(body)
}
