// Stock git over the network, for the baseline: `git daemon` serving the
// benchmark's bare repository on loopback, and `git clone --mirror` from it
// measured with bench/lib/measure.ts (wall time, peak RSS of the clone's
// process tree, which includes its `git index-pack` child).
import { spawn } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { freePorts } from '../../e2e/relay-process.js'
import type { ChildProcess } from 'node:child_process'

export interface GitDaemon { port: number, url: (repo: string) => string, stop: () => Promise<void>, output: () => string }

/** Serves every repository under `baseDir` read-only over git://127.0.0.1:<port>/. */
export async function startGitDaemon (baseDir: string): Promise<GitDaemon> {
  const [port] = await freePorts(1)
  let log = ''
  // its own process group, so stopping it also stops any upload-pack it forked
  const proc: ChildProcess = spawn('git', [
    'daemon', '--reuseaddr', `--base-path=${baseDir}`, '--export-all', '--listen=127.0.0.1', `--port=${port}`
  ], { stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  proc.stdout!.on('data', (d) => { log += d })
  proc.stderr!.on('data', (d) => { log += d })
  const exited = new Promise<void>(resolve => proc.once('exit', () => resolve()))
  const stop = async (): Promise<void> => {
    if (proc.exitCode != null || proc.signalCode != null) return
    try { process.kill(-proc.pid!, 'SIGTERM') } catch {}
    const killer = setTimeout(() => { try { process.kill(-proc.pid!, 'SIGKILL') } catch {} }, 3000)
    await exited
    clearTimeout(killer)
  }
  try {
    const until = Date.now() + 10_000
    while (!(await canConnect(port))) {
      if (proc.exitCode != null) throw new Error(`git daemon exited with ${proc.exitCode}: ${log}`)
      if (Date.now() > until) throw new Error(`git daemon did not listen on ${port} within 10 s: ${log}`)
      await new Promise(resolve => setTimeout(resolve, 50))
    }
  } catch (err) {
    await stop()
    throw err
  }
  return { port, url: (repo) => `git://127.0.0.1:${port}/${path.relative(baseDir, repo)}`, stop, output: () => log }
}

async function canConnect (port: number): Promise<boolean> {
  return new Promise(resolve => {
    const s = net.connect({ host: '127.0.0.1', port })
    s.once('connect', () => { s.destroy(); resolve(true) })
    s.once('error', () => resolve(false))
  })
}
