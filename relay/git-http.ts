// Read-only git smart HTTP for seeded repositories:
//   git clone http://HOST:PORT/git/<rid>
// The relay keeps standard bare repositories, so the stock git upload-pack
// serves them through `git http-backend` (protocol v0 and v2). Pushes are
// refused with a clear message.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { isRid } from '../src/core/genesis.js'
import type { IncomingMessage, ServerResponse } from 'node:http'

export interface GitHttpInit {
  /** the bare repository of `rid`, or undefined when this relay does not seed it */
  gitdir: (rid: string) => Promise<string | undefined>
  /** largest request body accepted (wants and haves), default 16 MiB */
  maxBody?: number
}

const ROUTE = /^\/git\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack|HEAD|objects\/.*)$/

/** Handles /git/... requests; returns false for other paths. */
export function handleGitHttp (init: GitHttpInit, req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  const m = ROUTE.exec(url.pathname)
  if (!url.pathname.startsWith('/git/')) return false
  if (m == null) { text(res, 404, 'not a git endpoint\n'); return true }
  const [, rid, what] = m
  void serve(init, req, res, url, rid, what).catch(() => {
    if (!res.headersSent) text(res, 500, 'internal error\n')
    else res.destroy()
  })
  return true
}

async function serve (init: GitHttpInit, req: IncomingMessage, res: ServerResponse, url: URL, rid: string, what: string): Promise<void> {
  const service = url.searchParams.get('service')
  if (what === 'git-receive-pack' || service === 'git-receive-pack') {
    text(res, 403, 'Guts relays are read-only: push to a Guts repository by committing in the app (or `npm run relay -- import` on the relay host).\n')
    return
  }
  if (!isRid(rid)) { text(res, 404, `${rid} is not a Guts repository id\n`); return }
  const gitdir = await init.gitdir(rid)
  if (gitdir == null || !existsSync(gitdir)) { text(res, 404, `this relay does not seed ${rid}\n`); return }
  if (what !== 'info/refs' && what !== 'git-upload-pack') { text(res, 404, 'not found (only smart HTTP is served)\n'); return }
  if (what === 'info/refs' && service !== 'git-upload-pack') { text(res, 403, 'only smart HTTP clients are supported (git 1.6.6 or newer)\n'); return }
  // git's own CGI speaks every protocol version; we only route and cap
  const slash = gitdir.lastIndexOf('/')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    GIT_PROJECT_ROOT: gitdir.slice(0, slash),
    GIT_HTTP_EXPORT_ALL: '1',
    GIT_CONFIG_NOSYSTEM: '1',
    HOME: gitdir,
    PATH_INFO: `/${gitdir.slice(slash + 1)}/${what}`,
    QUERY_STRING: url.search.slice(1),
    REQUEST_METHOD: req.method ?? 'GET',
    CONTENT_TYPE: String(req.headers['content-type'] ?? ''),
    REMOTE_ADDR: req.socket.remoteAddress ?? '',
    HTTP_GIT_PROTOCOL: String(req.headers['git-protocol'] ?? '').slice(0, 100),
    // http-backend refuses receive-pack to anonymous users; we refuse it above as well
    GIT_HTTP_MAX_REQUEST_BUFFER: String(init.maxBody ?? 16 * 1024 * 1024)
  }
  if (req.headers['content-encoding'] != null) env.HTTP_CONTENT_ENCODING = String(req.headers['content-encoding'])
  const cgi = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'ignore'] })
  const max = init.maxBody ?? 16 * 1024 * 1024
  let seen = 0
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length
    if (seen > max) { cgi.kill(); res.destroy() }
  })
  req.pipe(cgi.stdin)
  cgi.stdin.on('error', () => {})
  req.on('close', () => { if (cgi.exitCode == null && !res.writableEnded) setTimeout(() => cgi.kill(), 30_000).unref() })
  cgi.on('error', () => { if (!res.headersSent) text(res, 500, 'git is not installed on this relay\n') })
  relayCgi(cgi.stdout, res)
}

/** Turns CGI output (headers, blank line, body) into an HTTP response. */
function relayCgi (out: NodeJS.ReadableStream, res: ServerResponse): void {
  let head = Buffer.alloc(0)
  let done = false
  out.on('data', (chunk: Buffer) => {
    if (done) { res.write(chunk); return }
    head = Buffer.concat([head, chunk])
    const end = head.indexOf('\r\n\r\n') >= 0 ? head.indexOf('\r\n\r\n') : head.indexOf('\n\n')
    if (end < 0) { if (head.length > 64 * 1024) res.destroy(); return }
    const sep = head[end] === 13 ? 4 : 2
    let status = 200
    const headers: Record<string, string> = {}
    for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
      const i = line.indexOf(':')
      if (i < 0) continue
      const k = line.slice(0, i).trim()
      const v = line.slice(i + 1).trim()
      if (k.toLowerCase() === 'status') status = parseInt(v, 10) || 200
      else headers[k] = v
    }
    res.writeHead(status, headers)
    done = true
    const rest = head.subarray(end + sep)
    if (rest.length > 0) res.write(rest)
  })
  out.on('end', () => { if (!done) text(res, 502, 'git failed\n'); else res.end() })
}

function text (res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(body)
}
