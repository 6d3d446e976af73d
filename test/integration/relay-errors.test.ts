// What a person sees when the relay cannot start: one clear line.
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const runRelay = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'relay/main.ts', '--no-mdns', ...args], { encoding: 'utf8', timeout: 20_000 })

describe('relay start-up errors', () => {
  it('says which port is busy', async () => {
    const blocker = createServer()
    await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as any).port as number
    const dir = await mkdtemp(join(tmpdir(), 'guts-busy-'))
    try {
      const r = runRelay(['--port', String(port), '--ws-port', '0', '--tcp-port', '0', '--data', dir])
      expect(r.status).toBe(1)
      expect(r.stderr.trim().split('\n').at(-1)).toBe(`guts-relay: port ${port} on 127.0.0.1 is already in use (choose another with --port)`)
    } finally {
      blocker.close()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('says which libp2p port is busy', async () => {
    const blocker = createServer()
    await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as any).port as number
    const dir = await mkdtemp(join(tmpdir(), 'guts-busy-'))
    try {
      const r = runRelay(['--port', '0', '--ws-port', String(port), '--tcp-port', '0', '--data', dir])
      expect(r.status).toBe(1)
      expect(r.stderr.trim().split('\n').at(-1)).toBe(`guts-relay: the libp2p WebSocket port ${port} on 127.0.0.1 is already in use (choose another with --ws-port)`)
    } finally {
      blocker.close()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('says when the data directory cannot be written', () => {
    // CI runs as root, which ignores permission bits; a directory under a
    // regular file cannot be made by anyone
    const r = runRelay(['--port', '0', '--data', '/proc/version/relay'])
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/^guts-relay: cannot write to the data directory \/proc\/version\/relay \(\w+\); choose another with --data\n$/)
  })

  it('rejects a bad option with usage guidance and exit code 2', () => {
    const r = runRelay(['--port', 'http'])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^guts-relay: --port must be a port number/)
  })
})
