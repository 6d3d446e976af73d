// The Content-Security-Policy, directive by directive: WebAssembly may be
// compiled (libdeflate, on the page and in the pack indexer's workers),
// nothing else is loosened. e2e/csp.spec.ts checks the same in Chromium.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY, createHttpServer } from './http.js'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

function directives (policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map(d => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]))
}

describe('CONTENT_SECURITY_POLICY', () => {
  const policy = directives(CONTENT_SECURITY_POLICY)

  it('lets the app compile WebAssembly, and run only its own scripts', () => {
    expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"])
  })

  it('loosens nothing else', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|'unsafe-inline'|'unsafe-hashes'|'strict-dynamic'|\*/)
    expect(policy.get('default-src')).toEqual(["'self'"])
    expect(policy.get('style-src')).toEqual(["'self'"])
    expect(policy.get('worker-src')).toEqual(["'self'"])
    expect(policy.get('object-src')).toEqual(["'none'"])
    expect(policy.get('base-uri')).toEqual(["'none'"])
    expect(policy.get('form-action')).toEqual(["'none'"])
    expect(policy.get('frame-ancestors')).toEqual(["'none'"])
  })

  it('ends with frame-ancestors, which vite.config.ts strips for the meta tag (where it is ignored)', () => {
    expect(CONTENT_SECURITY_POLICY.endsWith("; frame-ancestors 'none'")).toBe(true)
  })
})

describe('the policy as the relay serves it', () => {
  let dir: string
  let server: Server
  let base: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'guts-csp-'))
    await mkdir(join(dir, 'assets'))
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Guts</title>')
    await writeFile(join(dir, 'assets', 'index-worker-abc123.js'), 'self.onmessage = () => {}')
    server = createHttpServer({ appDir: dir, wellKnown: () => ({}), metrics: async () => ({ contentType: 'text/plain', body: '' }) })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('puts it on the page', async () => {
    expect((await fetch(`${base}/`)).headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
  })

  it('leaves a worker script a policy under which it can still compile WebAssembly', async () => {
    // a worker loaded from a URL is governed by its own response's policy, not the page's
    const csp = (await fetch(`${base}/assets/index-worker-abc123.js`)).headers.get('content-security-policy')
    if (csp !== null) expect(directives(csp).get('script-src')).toContain("'wasm-unsafe-eval'")
  })
})
