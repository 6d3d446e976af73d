// Starts a real relay as its own process, the way `npm start` does, on free
// ports with a temporary data directory, and stops it again.
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChildProcess } from 'node:child_process'

export interface RelayProcess {
  url: string
  port: number
  wsPort: number
  tcpPort: number
  dataDir: string
  /** the relay process's id (it changes on restart) */
  readonly pid: number
  /** the relay's PeerId, from its well-known document */
  peerId: () => Promise<string>
  /** its TCP multiaddr, for --bootstrap */
  tcpAddr: () => Promise<string>
  /** its WebSocket multiaddr, for a tab's settings */
  wsAddr: () => Promise<string>
  kill: () => Promise<void>
  output: () => string
  stop: (signal?: NodeJS.Signals) => Promise<void>
  restart: () => Promise<void>
}

/** a loaded 2-core machine has taken over 20 s to start one (tsx compiles relay/ first) */
const START_TIMEOUT_MS = 60_000

export async function freePorts (count: number): Promise<number[]> {
  // hold all sockets open together so the ports differ
  const servers = await Promise.all(Array.from({ length: count }, async () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => resolve(s))
  })))
  const ports = servers.map(s => (s.address() as any).port as number)
  await Promise.all(servers.map(async s => new Promise(resolve => s.close(resolve))))
  return ports
}

export async function startRelayProcess (opts: { args?: string[], dataDir?: string, env?: Record<string, string> } = {}): Promise<RelayProcess> {
  const [port, wsPort, tcpPort] = await freePorts(3)
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'guts-relay-'))
  let log = ''
  let child: ChildProcess | undefined

  const launch = async (): Promise<void> => {
    const proc = spawn(process.execPath, [
      '--import', 'tsx', 'relay/main.ts',
      '--host', '127.0.0.1', '--port', String(port), '--ws-port', String(wsPort), '--tcp-port', String(tcpPort),
      '--data', dataDir, '--no-mdns', ...(opts.args ?? [])
    ], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } })
    child = proc
    proc.stdout.on('data', (d) => { log += d })
    proc.stderr.on('data', (d) => { log += d })
    await new Promise<void>((resolve, reject) => {
      // a relay that is slow to start is killed, not left running
      const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`relay did not start in ${START_TIMEOUT_MS / 1000} s:\n${log}`)) }, START_TIMEOUT_MS)
      const check = (): void => {
        if (log.includes('Guts is running')) { clearTimeout(timer); resolve() }
      }
      proc.stdout.on('data', check)
      proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`relay exited with ${code}:\n${log}`)) })
    })
  }

  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const c = child
    if (c == null || c.exitCode != null || c.signalCode != null) return
    const exited = new Promise<void>(resolve => c.once('exit', () => resolve()))
    c.kill(signal)
    await exited
  }

  await launch()
  const peerId = async (): Promise<string> => (await (await fetch(`http://127.0.0.1:${port}/.well-known/guts.json`)).json()).peerId
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    wsPort,
    tcpPort,
    dataDir,
    get pid () { return child?.pid ?? -1 },
    peerId,
    tcpAddr: async () => `/ip4/127.0.0.1/tcp/${tcpPort}/p2p/${await peerId()}`,
    wsAddr: async () => `/ip4/127.0.0.1/tcp/${wsPort}/ws/p2p/${await peerId()}`,
    kill: async () => stop('SIGKILL'),
    output: () => log,
    stop,
    restart: async () => { await stop(); await launch() }
  }
}
