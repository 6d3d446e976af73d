// The relay's read-only smart HTTP over a real socket on 127.0.0.1, a real
// bare repository and the stock git CLI: clone and fetch work, and the limits
// hold (decompressed body cap, process pool, timeouts, the service parameter,
// what text answers carry).
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { promisify } from 'node:util'
import { constants as zlib, crc32, deflateRawSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ridOf } from '../src/core/genesis.js'
import { git, makeFixtureRepo, refList } from '../test/fixtures/git-fixture.js'
import { processesWithEnv, waitForCount } from '../test/fixtures/processes.js'
import { handleGitHttp } from './git-http.js'
import { GitProcessPool } from './git-processes.js'
import { createHttpServer } from './http.js'
import type { GitHttpInit } from './git-http.js'
import type { ClientRequest, IncomingHttpHeaders, Server } from 'node:http'
import type { AddressInfo } from 'node:net'

const run = promisify(execFile)
const UPLOAD_REQUEST = 'application/x-git-upload-pack-request'

/** a pool that counts the git processes it was asked to start */
class CountingPool extends GitProcessPool {
  spawns = 0
  override async spawn (...args: Parameters<GitProcessPool['spawn']>): ReturnType<GitProcessPool['spawn']> {
    this.spawns++
    return await super.spawn(...args)
  }
}

interface Answer { status: number, headers: IncomingHttpHeaders, body: string, ms: number }

describe('git smart HTTP', () => {
  let work: string
  let root: string
  let gitdir: string
  let rid: string
  let bigRid: string
  let server: Server
  let base: string
  let opts: Partial<GitHttpInit> & { pool: CountingPool }
  const seen: IncomingHttpHeaders[] = []
  // every git process the handler starts has this in its environment
  const ours = (): number => processesWithEnv(`GIT_PROJECT_ROOT=${root}`).length

  beforeAll(async () => {
    const t0 = Date.now()
    work = mkdtempSync(join(tmpdir(), 'guts-git-http-'))
    root = join(work, 'repos')
    gitdir = join(root, 'repo.git')
    const fixture = makeFixtureRepo()
    git(work, 'clone', '-q', '--bare', fixture, gitdir)
    rmSync(fixture, { recursive: true, force: true })
    // 40 branches on 40 commits: a clone's wants pass 1 KiB, so git gzips its request
    let script = ''
    for (let i = 0; i < 40; i++) {
      const msg = `branch ${i}\n`
      script += `commit refs/heads/many/${i}\ncommitter Ada <ada@example.org> ${1_700_000_000 + i} +0000\ndata ${msg.length}\n${msg}from refs/heads/main^0\n\n`
    }
    await runWithInput(['--git-dir', gitdir, 'fast-import', '--quiet'], script)
    rid = await ridOf(new TextEncoder().encode('git-http test'))
    // a repository whose pack outgrows every buffer between git and a client that stops reading
    bigRid = await ridOf(new TextEncoder().encode('git-http test, big'))
    git(work, 'init', '-q', '--bare', join(root, 'big.git'))
    const blob = randomBytes(32 * 1024 * 1024)
    await runWithInput(['--git-dir', join(root, 'big.git'), 'fast-import', '--quiet'], Buffer.concat([
      Buffer.from(`blob\nmark :1\ndata ${blob.length}\n`), blob,
      Buffer.from('\ncommit refs/heads/main\ncommitter Ada <ada@example.org> 1700000000 +0000\ndata 4\nbig\nM 100644 :1 noise.bin\n\n')
    ]))
    server = createHttpServer({
      appDir: work,
      wellKnown: () => ({}),
      metrics: async () => ({ contentType: 'text/plain', body: '' }),
      git: (req, res, url) => {
        seen.push(req.headers)
        const dirs: Record<string, string> = { [rid]: gitdir, [bigRid]: join(root, 'big.git') }
        return handleGitHttp({ gitdir: async (r) => dirs[r], ...opts }, req, res, url)
      }
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    console.log(`setup ${Date.now() - t0} ms`)
  })
  beforeEach(() => {
    opts = { pool: new CountingPool() }
    seen.length = 0
  })
  afterAll(() => {
    server.closeAllConnections()
    server.close()
    rmSync(work, { recursive: true, force: true })
  })

  it('serves a clone and a fetch to the stock git CLI over protocol v2, with a gzipped request', async () => {
    const clone = join(work, 'clone')
    await gitCli(work, '-c', 'protocol.version=2', 'clone', '-q', `${base}/git/${rid}`, clone)
    expect(seen.some(h => h['git-protocol'] === 'version=2')).toBe(true)
    expect(seen.some(h => h['content-encoding'] === 'gzip')).toBe(true)
    await gitCli(clone, 'fsck', '--full', '--strict')
    const remote = (await gitCli(clone, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/remotes/origin')).stdout
      .trim().split('\n').filter(l => !l.includes('/HEAD ')).map(l => l.replace('refs/remotes/origin/', 'refs/heads/')).sort()
    expect(remote).toEqual(refList(gitdir).filter(l => l.startsWith('refs/heads/')))

    // a new commit on the relay, then git fetch
    const msg = 'on the relay\n'
    await runWithInput(['--git-dir', gitdir, 'fast-import', '--quiet'],
      `commit refs/heads/main\ncommitter Ada <ada@example.org> 1800000000 +0000\ndata ${msg.length}\n${msg}from refs/heads/main^0\n\n`)
    await gitCli(clone, '-c', 'protocol.version=2', 'fetch', '-q', 'origin')
    expect((await gitCli(clone, 'rev-parse', 'origin/main')).stdout.trim())
      .toBe(git(gitdir, '--git-dir', gitdir, 'rev-parse', 'main').trim())
    await gitCli(clone, 'fsck', '--full', '--strict')
    // and a push is refused, saying why
    const push = await gitCli(clone, 'push', 'origin', 'HEAD:refs/heads/pushed').catch((err: { stderr: string }) => err)
    expect('stderr' in push ? push.stderr : '').toContain('read-only')
    await waitForCount(ours, 0, 2_000)
  })

  it('refuses a gzip bomb early, counting inflated bytes, and kills git', async () => {
    // 200 MB of `have` lines in a 0.6 MB gzip stream, made as it is sent
    const line = Buffer.from('0032have ' + 'a'.repeat(40) + '\n')
    const chunk = Buffer.alloc(line.length * 20_000)
    for (let i = 0; i < 20_000; i++) line.copy(chunk, i * line.length)
    let inflated = 0
    const body = gzipRepeated(chunk, 200, () => { inflated += chunk.length })
    const rss = process.memoryUsage().rss
    const { req, answer } = post(`/git/${rid}/git-upload-pack`, { 'content-encoding': 'gzip' })
    body.pipe(req)
    let generated = 0
    req.once('response', () => { generated = inflated; body.unpipe(req) })
    const a = await answer
    body.unpipe(req)
    body.destroy()
    req.destroy()
    expect(a.status, a.body).toBe(413)
    expect(a.body).toContain('decompressed')
    expect(a.headers['x-content-type-options']).toBe('nosniff')
    expect(a.ms).toBeLessThan(3_000)
    const grew = process.memoryUsage().rss - rss
    console.log(`gzip bomb: 413 after ${a.ms} ms, ${(generated / 1e6).toFixed(0)} MB of 200 sent by then, relay RSS grew ${(grew / 2 ** 20).toFixed(1)} MiB`)
    expect(grew).toBeLessThan(100 * 1024 * 1024)
    await waitForCount(ours, 0, 2_000)
  })

  it('caps a plain body too, with or without Content-Length', async () => {
    opts.maxBody = 1024 * 1024
    const big = Buffer.alloc(2 * 1024 * 1024, 0x30)
    const chunked = post(`/git/${rid}/git-upload-pack`, {})
    chunked.req.end(big)
    expect((await chunked.answer).status).toBe(413)
    const sized = post(`/git/${rid}/git-upload-pack`, { 'content-length': String(big.length) })
    sized.req.end(big)
    expect((await sized.answer).status).toBe(413)
    await waitForCount(ours, 0, 2_000)
  })

  it('refuses unknown content encodings with 415 and broken gzip with 400', async () => {
    for (const encoding of ['deflate', 'br', 'gzip, gzip', 'compress']) {
      const { req, answer } = post(`/git/${rid}/git-upload-pack`, { 'content-encoding': encoding })
      req.end(Buffer.from('0000'))
      const a = await answer
      expect(a.status, encoding).toBe(415)
      expect(a.headers['x-content-type-options']).toBe('nosniff')
    }
    expect(opts.pool.spawns).toBe(0)
    const { req, answer } = post(`/git/${rid}/git-upload-pack`, { 'content-encoding': 'gzip' })
    req.end(Buffer.concat([gzipSync('0000').subarray(0, 12), Buffer.from('not gzip at all')]))
    expect((await answer).status).toBe(400)
  })

  it('serves only one service parameter, git-upload-pack, and never starts receive-pack', async () => {
    // even where an operator enabled pushes over HTTP, the relay stays read-only
    git(gitdir, '--git-dir', gitdir, 'config', 'http.receivepack', 'true')
    try {
      for (const q of ['service=git-upload-pack&service=git-receive-pack', 'service=git-receive-pack&service=git-upload-pack',
        'service=git-upload-pack&service=git-upload-pack', 'service=git-receive-pack', 'service=git-upload-pack%00', 'service=']) {
        const res = await fetch(`${base}/git/${rid}/info/refs?${q}`)
        const body = await res.text()
        expect(res.status, q).toBe(403)
        expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
        expect(res.headers.get('x-content-type-options')).toBe('nosniff')
        expect(body).not.toContain('# service=')
      }
      const post = await fetch(`${base}/git/${rid}/git-upload-pack?service=git-upload-pack&service=git-receive-pack`, {
        method: 'POST', headers: { 'content-type': UPLOAD_REQUEST }, body: '0000'
      })
      expect(post.status).toBe(403)
      expect(opts.pool.spawns).toBe(0)
      // git sees the query string we build: other parameters do not reach it
      const ok = await fetch(`${base}/git/${rid}/info/refs?service=git-upload-pack&x=1`)
      expect(ok.status).toBe(200)
      expect(ok.headers.get('content-type')).toBe('application/x-git-upload-pack-advertisement')
      expect(ok.headers.get('x-content-type-options')).toBe('nosniff')
      expect(await ok.text()).toContain('# service=git-upload-pack')
    } finally {
      git(gitdir, '--git-dir', gitdir, 'config', '--unset', 'http.receivepack')
    }
  })

  it('answers 404 and other refusals with nosniff and without echoing the request', async () => {
    const unknown = await ridOf(new TextEncoder().encode('not seeded here'))
    const probes = [
      `/git/${unknown}/info/refs?service=git-upload-pack`,
      '/git/%3Cscript%3Ealert(1)%3C%2Fscript%3E/info/refs?service=git-upload-pack',
      '/git/<img src=x onerror=alert(1)>/info/refs',
      `/git/${rid}/objects/info/packs`,
      `/git/${rid}/HEAD`,
      '/git/evil<b>probe</b>/nothing-here',
      `/git/${rid}/git-upload-pack`
    ]
    for (const path of probes) {
      const res = await fetch(`${base}${path}`)
      const body = await res.text()
      expect(res.status, path).toBeGreaterThanOrEqual(400)
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('content-type'), path).toBe('text/plain; charset=utf-8')
      for (const bit of [unknown, 'script', 'img', 'probe', 'evil', 'nothing-here', rid]) expect(body, path).not.toContain(bit)
      expect(body.split('\n').filter(Boolean)).toHaveLength(1)
    }
    // git itself would quote a wrong Content-Type back
    const typed = post(`/git/${rid}/git-upload-pack`, { 'content-type': 'text/html; x=<script>alert(1)</script>' })
    typed.req.end('0000')
    const a = await typed.answer
    expect(a.status).toBe(415)
    expect(a.headers['x-content-type-options']).toBe('nosniff')
    expect(a.body).not.toContain('script')
    expect(opts.pool.spawns).toBe(0)
  })

  it('bounds git processes under 100 slow POSTs and kills them all when the clients leave', async () => {
    const clients = Array.from({ length: 100 }, () => {
      const c = post(`/git/${rid}/git-upload-pack`, {})
      c.req.write('0014command=ls-refs\n') // and then nothing more
      return c
    })
    let most = 0
    const answers: Answer[] = []
    for (const c of clients) void c.answer.then(a => answers.push(a))
    const until = Date.now() + 3_000
    while (Date.now() < until) {
      most = Math.max(most, ours())
      await new Promise(resolve => setTimeout(resolve, 50))
    }
    // 8 running; each is git, git-http-backend and git upload-pack
    console.log(`100 slow POSTs: at most ${most} git processes alive`)
    expect(most).toBeLessThanOrEqual(8 * 3)
    expect(most).toBeGreaterThan(0)
    expect(opts.pool.size).toBe(8)
    // 16 may wait for a turn, the rest are told to come back
    const busy = answers.filter(a => a.status === 503)
    expect(busy.length).toBeGreaterThanOrEqual(100 - 8 - 16)
    expect(busy[0].headers['retry-after']).toBe('5')
    for (const c of clients) c.req.destroy()
    const ms = await waitForCount(ours, 0, 3_000)
    console.log(`100 slow POSTs: ${busy.length} told 503 within 3 s, all git processes gone ${ms} ms after the clients left`)
    await waitForCount(() => opts.pool.size + opts.pool.queued, 0, 1_000)
  })

  it('kills git when the body stalls (slowloris) and when a request runs too long', async () => {
    opts.bodyIdleTimeoutMs = 500
    const stalled = post(`/git/${rid}/git-upload-pack`, {})
    stalled.req.write('0014command=ls-refs\n')
    const a = await stalled.answer
    stalled.req.destroy()
    expect(a.status).toBe(408)
    expect(a.ms).toBeLessThan(2_500)
    await waitForCount(ours, 0, 2_000)

    // a byte every 100 ms keeps the idle limit at bay, not the wall-time one
    opts.bodyIdleTimeoutMs = 20_000
    opts.wallTimeoutMs = 1_500
    const trickle = post(`/git/${rid}/git-upload-pack`, {})
    const drip = setInterval(() => trickle.req.write('0'), 100)
    const b = await trickle.answer
    clearInterval(drip)
    trickle.req.destroy()
    expect(b.status).toBe(408)
    expect(b.ms).toBeGreaterThanOrEqual(1_400)
    expect(b.ms).toBeLessThan(4_000)
    await waitForCount(ours, 0, 2_000)
  })

  it('kills the whole git tree (upload-pack, pack-objects) when a client stops reading a clone and leaves', async () => {
    const big = join(root, 'big.git')
    const oid = git(big, '--git-dir', big, 'rev-parse', 'main').trim()
    const { req } = post(`/git/${bigRid}/git-upload-pack`, {})
    const response = new Promise<void>(resolve => req.once('response', (res) => { res.pause(); resolve() }))
    req.end(`0032want ${oid}\n00000009done\n`)
    await response
    // git has filled the pipe and the sockets and now waits for a reader
    await new Promise(resolve => setTimeout(resolve, 1_000))
    expect(ours()).toBeGreaterThanOrEqual(3)
    req.destroy()
    // killing only the first git would leave the rest to finish the pack (about a second here)
    const ms = await waitForCount(ours, 0, 800)
    console.log(`a stalled 32 MB clone: its git tree gone ${ms} ms after the client left`)
    await waitForCount(() => opts.pool.size, 0, 1_000)
  })

  /** A POST whose body the caller writes; `answer` settles with the response (or a 0 status when the connection failed). */
  function post (path: string, headers: Record<string, string>): { req: ClientRequest, answer: Promise<Answer> } {
    const t0 = Date.now()
    const req = request(`${base}${path}`, { method: 'POST', agent: false, headers: { 'content-type': UPLOAD_REQUEST, ...headers } })
    const answer = new Promise<Answer>((resolve) => {
      req.once('error', (err) => resolve({ status: 0, headers: {}, body: String(err), ms: Date.now() - t0 }))
      req.once('response', (res) => {
        const ms = Date.now() - t0
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (s: string) => { body += s })
        const done = (): void => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, ms })
        res.once('end', done)
        res.once('error', done)
        res.once('aborted', done)
      })
    })
    req.on('error', () => {})
    return { req, answer }
  }
})

/**
 * A gzip stream of `copies` times `chunk`, from one compressed copy: the copy
 * ends in a full flush (byte-aligned, no back-references across it), so
 * copies concatenate into one valid deflate stream, closed by an empty final
 * block and gzip's CRC-32 and length.
 */
function gzipRepeated (chunk: Buffer, copies: number, onCopy: () => void): Readable {
  const segment = deflateRawSync(chunk, { level: 9, finishFlush: zlib.Z_FULL_FLUSH })
  return Readable.from((function * () {
    yield Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])
    let crc = 0
    for (let i = 0; i < copies; i++) {
      crc = crc32(chunk, crc)
      onCopy()
      yield segment
    }
    const end = Buffer.alloc(10)
    end[0] = 0x03 // an empty final block with fixed codes: 10 bits
    end.writeUInt32LE(crc >>> 0, 2)
    end.writeUInt32LE((chunk.length * copies) % 2 ** 32, 6)
    yield end
  })())
}

async function gitCli (cwd: string, ...args: string[]): Promise<{ stdout: string, stderr: string }> {
  return await run('git', args, { cwd, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd, GIT_TERMINAL_PROMPT: '0' }, maxBuffer: 64 * 1024 * 1024 })
}

async function runWithInput (args: string[], input: string | Buffer): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = execFile('git', args, { env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } }, (err) => { if (err != null) reject(err); else resolve() })
    child.stdin?.end(input)
  })
}
