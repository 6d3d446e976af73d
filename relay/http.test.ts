import { mkdtemp, mkdir, rm, utimes, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpServer, parseRange } from './http.js'
import { precompressDir } from './precompress.js'
import type { IncomingHttpHeaders, Server } from 'node:http'
import type { AddressInfo } from 'node:net'

interface Answer { status: number, headers: IncomingHttpHeaders, body: Buffer }

describe('relay HTTP server', () => {
  let dir: string
  let server: Server
  let port: number
  // big and repetitive enough that both codings pay
  const entry = 'export const x = ' + JSON.stringify(Array.from({ length: 2000 }, (_, i) => `line ${i % 50}`)) + '\n'

  /** A raw request: no client-side decoding, so the test sees the bytes the relay sent. */
  async function get (path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
    return await new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method, headers }, res => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end()
    })
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'guts-http-'))
    await mkdir(join(dir, 'assets'))
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Guts</title>' + '<p>shell</p>'.repeat(200))
    await writeFile(join(dir, 'assets', 'index-CD3j8e-m.js'), entry)
    await writeFile(join(dir, 'assets', 'plain.js'), entry) // no hash in its name
    await writeFile(join(dir, 'assets', 'icon-AbCd1234.png'), Buffer.alloc(4096, 7)) // not compressible
    await writeFile(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {})\n'.repeat(100))
    await writeFile(join(dir, 'manifest.webmanifest'), '{}')
    await writeFile(join(dir, '..', 'secret.txt'), 'secret')
    await precompressDir(dir)
    server = createHttpServer({
      appDir: dir,
      wellKnown: () => ({ peerId: 'x', multiaddrs: [], version: '0' }),
      metrics: async () => ({ contentType: 'text/plain', body: 'm 1\n' })
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(async () => {
    server.close()
    await rm(dir, { recursive: true, force: true })
    await rm(join(dir, '..', 'secret.txt'), { force: true })
  })

  it('serves the app with MIME types, CSP and the right caching', async () => {
    const index = await get('/')
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(index.headers['cache-control']).toBe('no-cache')
    expect(index.headers['content-security-policy']).toContain("script-src 'self'")
    const asset = await get('/assets/index-CD3j8e-m.js')
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect((await get('/sw.js')).headers['cache-control']).toBe('no-cache')
    expect((await get('/manifest.webmanifest')).headers['content-type']).toBe('application/manifest+json')
  })

  it('makes only hashed assets immutable: index.html, sw.js and an asset without a hash are revalidated', async () => {
    expect((await get('/assets/icon-AbCd1234.png')).headers['cache-control']).toBe('public, max-age=31536000, immutable')
    for (const path of ['/index.html', '/sw.js', '/manifest.webmanifest', '/assets/plain.js']) {
      expect((await get(path, { 'accept-encoding': 'br' })).headers['cache-control'], path).toBe('no-cache')
    }
  })

  it('sends the brotli copy when the client takes it, with the original type and the copy length', async () => {
    const res = await get('/assets/index-CD3j8e-m.js', { 'accept-encoding': 'gzip, deflate, br, zstd' })
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers.vary).toBe('Accept-Encoding')
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(Number(res.headers['content-length'])).toBe(res.body.length)
    expect(res.body.length).toBeLessThan(entry.length / 10)
    expect(brotliDecompressSync(res.body).toString()).toBe(entry)
    // sw.js and index.html too
    expect((await get('/sw.js', { 'accept-encoding': 'br' })).headers['content-encoding']).toBe('br')
    const index = await get('/', { 'accept-encoding': 'br' })
    expect(index.headers['content-encoding']).toBe('br')
    expect(index.headers['content-security-policy']).toContain("script-src 'self'")
  })

  it('honours q-values: gzip when preferred or when br is refused, identity when nothing is offered', async () => {
    const coding = async (ae?: string): Promise<string | undefined> => {
      const res = await get('/assets/index-CD3j8e-m.js', ae == null ? {} : { 'accept-encoding': ae })
      const body = res.headers['content-encoding'] === 'br' ? brotliDecompressSync(res.body) : res.headers['content-encoding'] === 'gzip' ? gunzipSync(res.body) : res.body
      expect(body.toString(), ae).toBe(entry)
      expect(Number(res.headers['content-length'])).toBe(res.body.length)
      expect(res.headers.vary).toBe('Accept-Encoding')
      return res.headers['content-encoding']
    }
    expect(await coding()).toBeUndefined()
    expect(await coding('')).toBeUndefined()
    expect(await coding('identity')).toBeUndefined()
    expect(await coding('gzip')).toBe('gzip')
    expect(await coding('x-gzip')).toBe('gzip')
    expect(await coding('gzip, br')).toBe('br') // a tie goes to br
    expect(await coding('br;q=0.5, gzip;q=0.9')).toBe('gzip')
    expect(await coding('br;q=0, gzip')).toBe('gzip')
    expect(await coding('BR;Q=0, *')).toBe('gzip')
    expect(await coding('br;q=0, gzip;q=0')).toBeUndefined()
    expect(await coding('*;q=0, identity')).toBeUndefined()
    expect(await coding('*')).toBe('br')
    expect(await coding('gzip;q=0.5, identity')).toBeUndefined() // identity preferred
    expect(await coding('br;q=2, gzip')).toBe('gzip') // a broken weight: that entry means nothing
    expect(await coding('deflate, zstd')).toBeUndefined()
  })

  it('answers 406 when the client refuses identity and takes no copy there is', async () => {
    const res = await get('/assets/index-CD3j8e-m.js', { 'accept-encoding': 'zstd, identity;q=0' })
    expect(res.status).toBe(406)
    expect((await get('/assets/index-CD3j8e-m.js', { 'accept-encoding': 'gzip, identity;q=0' })).headers['content-encoding']).toBe('gzip')
    // nothing compressible: the file as it is, whatever the client said
    expect((await get('/assets/icon-AbCd1234.png', { 'accept-encoding': 'br, identity;q=0' })).status).toBe(200)
  })

  it('never compresses what is not compressible, and says so by not varying', async () => {
    const res = await get('/assets/icon-AbCd1234.png', { 'accept-encoding': 'br, gzip' })
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.headers.vary).toBeUndefined()
    expect(res.headers['content-type']).toBe('image/png')
    expect(res.body.length).toBe(4096)
  })

  it('answers HEAD with the headers and length of what GET would send, and no body', async () => {
    for (const ae of ['br', 'gzip', 'identity']) {
      const got = await get('/assets/index-CD3j8e-m.js', { 'accept-encoding': ae })
      const head = await get('/assets/index-CD3j8e-m.js', { 'accept-encoding': ae }, 'HEAD')
      expect(head.status).toBe(200)
      expect(head.body.length).toBe(0)
      expect(head.headers['content-length']).toBe(String(got.body.length))
      expect(head.headers['content-encoding']).toBe(got.headers['content-encoding'])
      expect(head.headers.etag).toBe(got.headers.etag)
    }
  })

  it('gives each copy its own ETag and answers 304 to a matching If-None-Match', async () => {
    const br = await get('/assets/index-CD3j8e-m.js', { 'accept-encoding': 'br' })
    const gz = await get('/assets/index-CD3j8e-m.js', { 'accept-encoding': 'gzip' })
    const id = await get('/assets/index-CD3j8e-m.js')
    expect(new Set([br.headers.etag, gz.headers.etag, id.headers.etag]).size).toBe(3)
    const again = await get('/assets/index-CD3j8e-m.js', { 'accept-encoding': 'br', 'if-none-match': `"other", W/${br.headers.etag!}` })
    expect(again.status).toBe(304)
    expect(again.body.length).toBe(0)
    expect(again.headers.etag).toBe(br.headers.etag)
    expect(again.headers.vary).toBe('Accept-Encoding')
    // the br tag does not validate the identity copy
    expect((await get('/assets/index-CD3j8e-m.js', { 'if-none-match': br.headers.etag! })).status).toBe(200)
    expect((await get('/sw.js', { 'if-none-match': '"nope"' })).status).toBe(200)
  })

  it('serves byte ranges of the file as it is, and ignores Range on a compressed copy', async () => {
    const part = await get('/assets/index-CD3j8e-m.js', { range: 'bytes=10-19' })
    expect(part.status).toBe(206)
    expect(part.headers['content-range']).toBe(`bytes 10-19/${entry.length}`)
    expect(part.headers['content-length']).toBe('10')
    expect(part.headers['accept-ranges']).toBe('bytes')
    expect(part.body.toString()).toBe(entry.slice(10, 20))
    const tail = await get('/assets/index-CD3j8e-m.js', { range: 'bytes=-5', 'accept-encoding': 'identity' })
    expect(tail.body.toString()).toBe(entry.slice(-5))
    expect((await get('/assets/index-CD3j8e-m.js', { range: `bytes=${entry.length}-` })).status).toBe(416)
    // a compressed copy: the whole copy, 200, no Content-Range
    const br = await get('/assets/index-CD3j8e-m.js', { range: 'bytes=10-19', 'accept-encoding': 'br' })
    expect(br.status).toBe(200)
    expect(br.headers['content-range']).toBeUndefined()
    expect(brotliDecompressSync(br.body).toString()).toBe(entry)
    // If-Range for another version: the whole file
    expect((await get('/assets/index-CD3j8e-m.js', { range: 'bytes=10-19', 'if-range': '"old"' })).status).toBe(200)
    expect((await get('/assets/index-CD3j8e-m.js', { range: 'bytes=10-19', 'if-range': part.headers.etag! })).status).toBe(206)
    // several ranges: the whole file
    expect((await get('/assets/index-CD3j8e-m.js', { range: 'bytes=0-1,5-6' })).status).toBe(200)
  })

  it('never sends a copy older than its file (the file was edited after the build)', async () => {
    const path = join(dir, 'assets', 'edited-Zz9Zz9Zz.js')
    await writeFile(path, entry)
    await precompressDir(dir)
    const later = new Date(Date.now() + 60_000)
    await writeFile(path, entry + '// edited\n')
    await utimes(path, later, later)
    const res = await get('/assets/edited-Zz9Zz9Zz.js', { 'accept-encoding': 'br, gzip' })
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.body.toString()).toBe(entry + '// edited\n')
  })

  it('parses one byte range and leaves the rest alone', () => {
    expect(parseRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 })
    expect(parseRange('bytes=5-100', 10)).toEqual({ start: 5, end: 9 })
    expect(parseRange('bytes=-100', 10)).toEqual({ start: 0, end: 9 })
    expect(parseRange('bytes=-0', 10)).toBe('unsatisfiable')
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable')
    for (const bad of ['bytes=5-1', 'bytes=-', 'items=0-1', 'bytes=0-1,2-3', 'bytes=1e3-', 'bytes=99999999999999999-']) {
      expect(parseRange(bad, 10), bad).toBeUndefined()
    }
  })

  it('never lets the well-known document be cached', async () => {
    const res = await get('/.well-known/guts.json')
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.headers['access-control-allow-origin']).toBe('*')
    expect(JSON.parse(res.body.toString())).toMatchObject({ peerId: 'x' })
  })

  it('refuses to leave the app directory', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await get(path)
      expect(res.status).toBe(404)
    }
    expect((await get('/%E0%A4%A')).status).toBe(400)
  })

  it('answers 404 for missing files and 405 for writes', async () => {
    expect((await get('/nope.js')).status).toBe(404)
    expect((await get('/', {}, 'POST')).status).toBe(405)
  })
})
