// The serving relay's last resort (relay/main.ts): an exception or rejection
// nothing handled is logged on one line with its stack, counted in
// guts_uncaught_errors_total, and the relay keeps serving. Node's default
// would end the process at the first one.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { freePorts } from '../../e2e/relay-process.js'

const until = async (check: () => boolean, ms: number): Promise<boolean> => {
  const deadline = Date.now() + ms
  while (!check() && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20))
  return check()
}

describe('relay process: uncaught errors', () => {
  it('logs and counts them, and keeps serving', async () => {
    const [port, wsPort, tcpPort] = await freePorts(3)
    const dir = await mkdtemp(join(tmpdir(), 'guts-last-resort-'))
    const proc = spawn(process.execPath, [
      '--import', 'tsx', '--import', './test/integration/throw-on-signal.ts', 'relay/main.ts',
      '--host', '127.0.0.1', '--port', String(port), '--ws-port', String(wsPort), '--tcp-port', String(tcpPort),
      '--data', dir, '--no-mdns'
    ], { stdio: ['ignore', 'pipe', 'pipe'] })
    let log = ''
    proc.stdout.on('data', (d) => { log += d })
    proc.stderr.on('data', (d) => { log += d })
    try {
      expect(await until(() => log.includes('Guts is running'), 20_000), log).toBe(true)
      proc.kill('SIGUSR2')
      const lines = (): string[] => log.split('\n').filter(l => / ERROR (uncaught exception|unhandled rejection), relay kept running /.test(l))
      expect(await until(() => lines().length === 2, 5000), log).toBe(true)
      // each on one line, with its stack
      expect(lines().find(l => l.includes(' uncaught exception,'))).toMatch(/test: thrown from a callback \| at .*throw-on-signal\.ts/)
      expect(lines().find(l => l.includes(' unhandled rejection,'))).toMatch(/test: rejected with no handler \| at .*throw-on-signal\.ts/)

      expect(proc.exitCode).toBe(null)
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) })).text()
      expect(metrics).toMatch(/^guts_uncaught_errors_total 2$/m)
      const wellKnown = await fetch(`http://127.0.0.1:${port}/.well-known/guts.json`, { signal: AbortSignal.timeout(5000) })
      expect(wellKnown.status).toBe(200)
    } finally {
      const exited = new Promise<number | null>(resolve => proc.once('exit', resolve))
      proc.kill('SIGTERM')
      expect(await exited).toBe(0)
      await rm(dir, { recursive: true, force: true })
    }
  })
})
