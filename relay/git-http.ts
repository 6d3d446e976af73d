// Read-only git smart HTTP for seeded repositories:
//   git clone http://HOST:PORT/git/<rid>
// The relay keeps standard bare repositories, so the stock git upload-pack
// serves them through `git http-backend` (protocol v0 and v2). Pushes are
// refused with a clear message.
//
// Everything git sees is built here: the query string, the environment and a
// request body that the relay has decompressed and capped itself. git runs
// under a process pool (relay/git-processes.ts) with a wall-time limit, an
// idle limit while the body arrives, and is killed when the client leaves.
import { existsSync } from 'node:fs'
import { Transform } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { isRid } from '../src/core/genesis.js'
import { handleAllowedSigners } from './allowed-signers.js'
import { GitProcessPool } from './git-processes.js'
import type { PooledProcess } from './git-processes.js'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Readable } from 'node:stream'

/** largest request body, counted after decompression; a clone's wants and haves take kilobytes */
export const MAX_GIT_BODY = 16 * 1024 * 1024
/** longest one git request may run, body and answer together; a small repository clones in under a second */
export const GIT_WALL_TIMEOUT_MS = 120_000
/** longest the client may send no byte while we wait for its body (a slowloris POST) */
export const GIT_BODY_IDLE_TIMEOUT_MS = 20_000
/** what a client told 503 should wait, in seconds */
const RETRY_AFTER_S = 5
/** how long a refused client may go on sending before its connection is closed (see refuse) */
const LINGER_MS = 1000
const TEXT_HEADERS = { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' }
/** CGI headers longer than this are not git's */
const MAX_CGI_HEAD = 64 * 1024

/** shared by every request of this process: relay.ts builds a GitHttpInit per request */
export const defaultGitPool = new GitProcessPool()

export interface GitHttpInit {
  /** the bare repository of `rid`, or undefined when this relay does not seed it */
  gitdir: (rid: string) => Promise<string | undefined>
  /** largest request body accepted (wants and haves) after decompression, default MAX_GIT_BODY (16 MiB) */
  maxBody?: number
  /** bounds git processes; default defaultGitPool (8 at once, 16 waiting) */
  pool?: GitProcessPool
  /** default GIT_WALL_TIMEOUT_MS (120 s) */
  wallTimeoutMs?: number
  /** default GIT_BODY_IDLE_TIMEOUT_MS (20 s) */
  bodyIdleTimeoutMs?: number
  /** the writers of `rid` for /git/<rid>/allowed_signers (relay/allowed-signers.ts), undefined when not seeded; no such endpoint without it */
  writers?: (rid: string) => Promise<string[] | undefined>
}

const ROUTE = /^\/git\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack|HEAD|objects\/.*)$/
const UPLOAD_REQUEST = 'application/x-git-upload-pack-request'
const READ_ONLY = 'Guts relays are read-only: push to a Guts repository by committing in the app (or `npm run relay -- import` on the relay host).\n'

class BodyTooLargeError extends Error {
  static name = 'BodyTooLargeError'
  name = 'BodyTooLargeError'
}

/** Handles /git/... requests; returns false for other paths. */
export function handleGitHttp (init: GitHttpInit, req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  if (!url.pathname.startsWith('/git/')) return false
  if (init.writers != null && handleAllowedSigners(init.writers, req, res, url)) return true
  const m = ROUTE.exec(url.pathname)
  // never echo the path: this answer must not carry client-chosen text
  if (m == null) { refuse(req, res, 404, 'not a git endpoint\n'); return true }
  const [, rid, what] = m
  void serve(init, req, res, url, rid, what).catch(() => {
    if (!res.headersSent) text(res, 500, 'internal error\n')
    else res.destroy()
  })
  return true
}

async function serve (init: GitHttpInit, req: IncomingMessage, res: ServerResponse, url: URL, rid: string, what: string): Promise<void> {
  // git reads the last `service` parameter: allow exactly one, and only upload-pack
  const services = url.searchParams.getAll('service')
  if (what === 'git-receive-pack' || services.includes('git-receive-pack')) { refuse(req, res, 403, READ_ONLY); return }
  if (services.length > 1 || (services.length === 1 && services[0] !== 'git-upload-pack')) {
    refuse(req, res, 403, 'only one service parameter, git-upload-pack, is served\n'); return
  }
  if (!isRid(rid)) { refuse(req, res, 404, 'not a Guts repository id\n'); return }
  if (what !== 'info/refs' && what !== 'git-upload-pack') { refuse(req, res, 404, 'not found (only smart HTTP is served)\n'); return }
  if (what === 'info/refs' && services.length === 0) { refuse(req, res, 403, 'only smart HTTP clients are supported (git 1.6.6 or newer)\n'); return }
  const method = req.method ?? 'GET'
  const allow = what === 'info/refs' ? ['GET', 'HEAD'] : ['POST']
  if (!allow.includes(method)) { refuse(req, res, 405, 'method not allowed\n', { Allow: allow.join(', ') }); return }
  // git answers a wrong type with a body that quotes it back: refuse it here
  if (method === 'POST' && req.headers['content-type'] !== UPLOAD_REQUEST) {
    refuse(req, res, 415, `send Content-Type: ${UPLOAD_REQUEST}\n`); return
  }
  const max = init.maxBody ?? MAX_GIT_BODY
  const encoding = method === 'POST' ? bodyEncoding(req.headers['content-encoding']) : 'identity'
  if (encoding == null) { refuse(req, res, 415, 'unsupported Content-Encoding: send gzip or none\n'); return }
  if (encoding === 'identity' && Number(req.headers['content-length'] ?? 0) > max) {
    refuse(req, res, 413, `the request body is over ${max} bytes\n`); return
  }
  const gitdir = await init.gitdir(rid)
  if (gitdir == null || !existsSync(gitdir)) { refuse(req, res, 404, 'this relay does not seed that repository\n'); return }

  const slash = gitdir.lastIndexOf('/')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    GIT_PROJECT_ROOT: gitdir.slice(0, slash),
    GIT_HTTP_EXPORT_ALL: '1',
    GIT_CONFIG_NOSYSTEM: '1',
    HOME: gitdir,
    PATH_INFO: `/${gitdir.slice(slash + 1)}/${what}`,
    // ours, not the client's: git must see the service we checked
    QUERY_STRING: services.length === 1 ? 'service=git-upload-pack' : '',
    REQUEST_METHOD: method,
    CONTENT_TYPE: method === 'POST' ? UPLOAD_REQUEST : '',
    REMOTE_ADDR: req.socket.remoteAddress ?? '',
    HTTP_GIT_PROTOCOL: String(req.headers['git-protocol'] ?? '').slice(0, 100),
    // no HTTP_CONTENT_ENCODING and no CONTENT_LENGTH: git gets the plain body
    // we inflated and counted, and reads it to its end. No REMOTE_USER either,
    // so http-backend refuses receive-pack on its own as well.
    GIT_HTTP_MAX_REQUEST_BUFFER: String(max)
  }

  const gone = new AbortController()
  res.once('close', () => gone.abort())
  let proc: PooledProcess
  try {
    proc = await (init.pool ?? defaultGitPool).spawn('git', ['http-backend'], { env, signal: gone.signal })
  } catch (err: any) {
    if (gone.signal.aborted) return
    if (err?.name !== 'GitBusyError') throw err
    refuse(req, res, 503, 'too many git requests at once: try again in a few seconds\n', { 'Retry-After': String(RETRY_AFTER_S) })
    return
  }
  if (gone.signal.aborted) { proc.kill(); return }
  runCgi(init, req, res, proc, encoding, max)
}

function runCgi (init: GitHttpInit, req: IncomingMessage, res: ServerResponse, proc: PooledProcess, encoding: 'identity' | 'gzip', max: number): void {
  const { child } = proc
  let bodyDone = req.method !== 'POST'
  let over = false
  const timers: NodeJS.Timeout[] = []
  const stop = (): void => {
    over = true
    proc.kill()
    for (const t of timers) clearTimeout(t)
  }
  const fail = (status: number, reason: string): void => {
    if (over) return
    stop()
    if (!res.headersSent) refuse(req, res, status, reason)
    else res.destroy()
  }
  // the client left: git's answer has nowhere to go
  res.once('close', () => { if (!res.writableFinished) stop() })
  timers.push(setTimeout(() => {
    fail(bodyDone ? 504 : 408, bodyDone ? 'git took too long\n' : 'the request took too long\n')
  }, init.wallTimeoutMs ?? GIT_WALL_TIMEOUT_MS))
  child.once('close', () => { for (const t of timers) clearTimeout(t) })
  child.once('error', () => fail(500, 'git is not installed on this relay\n'))
  child.stdin.on('error', () => {})

  const relay = (): void => { if (!over) relayCgi(child.stdout, res) }
  if (bodyDone) {
    child.stdin.end()
    relay()
    return
  }

  // the body, decompressed here and counted after decompression
  const idle = setTimeout(() => fail(408, 'the request body stalled\n'), init.bodyIdleTimeoutMs ?? GIT_BODY_IDLE_TIMEOUT_MS)
  timers.push(idle)
  // (a cleared timer that is refreshed runs again)
  req.on('data', () => { if (!bodyDone && !over) idle.refresh() })
  let seen = 0
  const cap = new Transform({
    transform (chunk: Buffer, _enc, cb) {
      seen += chunk.length
      if (seen > max) cb(new BodyTooLargeError())
      else cb(null, chunk)
    }
  })
  cap.once('error', () => fail(413, `the request body is over ${max} bytes once decompressed\n`))
  if (encoding === 'gzip') {
    const gunzip = createGunzip()
    gunzip.once('error', () => fail(400, 'the request body is not valid gzip\n'))
    // a bomb stops at the cap: nothing inflates once `cap` has failed
    cap.once('error', () => gunzip.destroy())
    req.pipe(gunzip).pipe(cap)
  } else {
    req.pipe(cap)
  }
  cap.pipe(child.stdin)
  // git's answer is read only once it has the whole body: until then git has
  // written nothing but its headers, so a 413 or 408 can still be sent
  cap.once('end', () => {
    bodyDone = true
    clearTimeout(idle)
    relay()
  })
  // git stopped reading (it refused the request): send what it said
  child.stdin.once('error', () => {
    if (bodyDone || over) return
    bodyDone = true
    clearTimeout(idle)
    req.unpipe()
    req.resume()
    relay()
  })
}

/** gzip (or x-gzip, as git spells it) or none; git's http-backend inflates no other coding */
function bodyEncoding (header: string | string[] | undefined): 'identity' | 'gzip' | undefined {
  const v = String(header ?? '').trim().toLowerCase()
  if (v === '' || v === 'identity') return 'identity'
  if (v === 'gzip' || v === 'x-gzip') return 'gzip'
  return undefined
}

/** Turns CGI output (headers, blank line, body) into an HTTP response, at the pace the client reads. */
function relayCgi (out: Readable, res: ServerResponse): void {
  let head = Buffer.alloc(0)
  let done = false
  const onData = (chunk: Buffer): void => {
    head = Buffer.concat([head, chunk])
    const crlf = head.indexOf('\r\n\r\n')
    const end = crlf >= 0 ? crlf : head.indexOf('\n\n')
    if (end < 0) {
      if (head.length > MAX_CGI_HEAD) { out.off('data', onData); out.destroy(); res.destroy() }
      return
    }
    out.off('data', onData)
    out.pause()
    done = true
    const sep = head[end] === 13 ? 4 : 2
    let status = 200
    // git's own refusals (403, 404) come without a type
    const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }
    for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
      const i = line.indexOf(':')
      if (i < 0) continue
      const k = line.slice(0, i).trim()
      const v = line.slice(i + 1).trim()
      if (k.toLowerCase() === 'status') status = parseInt(v, 10) || 200
      else if (k.toLowerCase() === 'content-type') headers['Content-Type'] = v
      else headers[k] = v
    }
    try {
      res.writeHead(status, headers)
    } catch {
      res.destroy(); return
    }
    const rest = head.subarray(end + sep)
    if (rest.length > 0) res.write(rest)
    out.pipe(res)
  }
  out.on('data', onData)
  out.once('end', () => { if (!done && !res.headersSent) text(res, 502, 'git failed\n') })
}

/**
 * Answers with a one-line reason, also while the client is still sending its
 * body. Node closes a connection whose request is unfinished as soon as the
 * response ends, which can reset it under the answer before the client has
 * read it: so the answer is written whole (with its length) but ended only
 * when the body is over or after LINGER_MS, the rest of the body dropped unread.
 */
function refuse (req: IncomingMessage, res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (req.complete || res.headersSent || res.destroyed) { text(res, status, body, headers); return }
  const bytes = Buffer.from(body)
  res.writeHead(status, { ...TEXT_HEADERS, 'Content-Length': String(bytes.length), Connection: 'close', ...headers })
  res.write(bytes)
  req.unpipe()
  req.resume()
  const end = (): void => { clearTimeout(t); if (!res.writableEnded) res.end() }
  const t = setTimeout(end, LINGER_MS)
  req.once('end', end)
  res.once('close', () => clearTimeout(t))
}

function text (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return
  // too late for a status: cut the answer short instead
  if (res.headersSent) { res.destroy(); return }
  res.writeHead(status, { ...TEXT_HEADERS, ...headers })
  res.end(body)
}
