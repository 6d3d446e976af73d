import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpServer } from './http.js'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

describe('relay HTTP server', () => {
  let dir: string
  let server: Server
  let base: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'guts-http-'))
    await mkdir(join(dir, 'assets'))
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Guts</title>')
    await writeFile(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)')
    await writeFile(join(dir, 'sw.js'), 'self')
    await writeFile(join(dir, 'manifest.webmanifest'), '{}')
    await writeFile(join(dirname(dir), 'secret.txt'), 'secret')
    server = createHttpServer({
      appDir: dir,
      wellKnown: () => ({ peerId: 'x', multiaddrs: [], version: '0' }),
      metrics: async () => ({ contentType: 'text/plain', body: 'm 1\n' })
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('serves the app with MIME types, CSP and the right caching', async () => {
    const index = await fetch(`${base}/`)
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(index.headers.get('cache-control')).toBe('no-cache')
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'")
    const asset = await fetch(`${base}/assets/index-abc123.js`)
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(asset.headers.get('cache-control')).toContain('immutable')
    expect((await fetch(`${base}/sw.js`)).headers.get('cache-control')).toBe('no-cache')
    expect((await fetch(`${base}/manifest.webmanifest`)).headers.get('content-type')).toBe('application/manifest+json')
  })

  it('never lets the well-known document be cached', async () => {
    const res = await fetch(`${base}/.well-known/guts.json`)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(await res.json()).toMatchObject({ peerId: 'x' })
  })

  it('refuses to leave the app directory', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await fetch(`${base}${path}`)
      expect(res.status).toBe(404)
    }
    expect((await fetch(`${base}/%E0%A4%A`)).status).toBe(400)
  })

  it('answers 404 for missing files and 405 for writes', async () => {
    expect((await fetch(`${base}/nope.js`)).status).toBe(404)
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405)
  })
})

function dirname (p: string): string {
  return join(p, '..')
}
