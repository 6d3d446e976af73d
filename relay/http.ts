// The relay's HTTP side: the built web app, /.well-known/guts.json (how a tab
// finds the relay that served it) and Prometheus metrics.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'
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
    res.statusCode = 200
    res.setHeader('Content-Type', MIME[ext] ?? 'application/octet-stream')
    res.setHeader('Content-Length', st.size)
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'no-referrer')
    // Vite puts a content hash in every asset name: those never change.
    // Everything else (index.html, sw.js, the manifest) must be revalidated,
    // or a stale service worker would pin an old app forever.
    res.setHeader('Cache-Control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')
    if (ext === '.html') res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    if (req.method === 'HEAD') { res.end(); return }
    createReadStream(file).pipe(res)
  }
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
