// Starts and stops a whole relay: data directory, key, libp2p node, HTTP.
// main.ts is the CLI around it; tests start relays through it in-process.
import { access, constants, mkdir, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import { Registry } from 'prom-client'
import { connectionKind } from '../src/net/connection-kind.js'
import { GUTS_VERSION } from '../src/net/constants.js'
import { toIceServer } from '../src/net/ice-servers.js'
import { keepConnected } from '../src/net/keep-connected.js'
import { repoWriters } from '../src/repo/repo-writers.js'
import { handleGitHttp } from './git-http.js'
import { GitProcessPool } from './git-processes.js'
import { checkDataSchema } from './seed/file-repo-index.js'
import { startSeeder } from './seed/seeder.js'
import type { Seeder } from './seed/seeder.js'
import { createHttpServer } from './http.js'
import { loadOrCreateKey } from './key.js'
import { createGutsMetrics } from './metrics.js'
import { createRelayNode } from './node.js'
import { wellKnownAddrs } from './well-known.js'
import type { RelayOptions } from './cli.js'
import type { Logger } from './log.js'
import type { RelayNode } from './node.js'
import type { AddressInfo } from 'node:net'

export interface Relay {
  node: RelayNode
  seeder: Seeder
  url: string
  stop: () => Promise<void>
}

/** An error whose message is fit to print as is, on one line. */
export class RelayStartError extends Error {
  static name = 'RelayStartError'
  name = 'RelayStartError'
}

export async function startRelay (opts: RelayOptions, log: Logger): Promise<Relay> {
  const dataDir = resolve(opts.dataDir)
  await ensureWritable(dataDir)
  // a data directory a newer relay wrote is refused before anything in it is touched
  await checkDataSchema(dataDir)
  const { key, created } = await loadOrCreateKey(dataDir)
  if (created) log.info('created relay key', { file: join(dataDir, 'peer.key') })

  // libp2p reports a busy port only inside its message: find out first, by
  // the error's code, which of ours is taken
  for (const [port, flag, what] of [[opts.wsPort, '--ws-port', 'WebSocket'], [opts.tcpPort, '--tcp-port', 'TCP']] as const) {
    if (port === 0) continue
    const code = await bindCheck(opts.host, port)
    if (code === 'EADDRINUSE') throw new RelayStartError(`the libp2p ${what} port ${port} on ${opts.host} is already in use (choose another with ${flag})`)
  }
  const registry = new Registry()
  const node = await createRelayNode(opts, key, registry)
  let seeder: Seeder | undefined
  // git processes for smart HTTP: bounded per relay, killed when it stops
  const gitPool = new GitProcessPool()
  const metrics = createGutsMetrics(node, registry, { gitProcesses: () => gitPool.size, packsSending: () => seeder?.sync.packsSending ?? 0 })
  const http = createHttpServer({
    git: (req, res, url) => handleGitHttp({
      gitdir: async (rid) => (seeder != null && await seeder.repos.has(rid)) ? seeder.repos.gitdir(rid) : undefined,
      writers: async (rid) => { const r = await seeder?.repos.index.get(rid); return r == null ? undefined : repoWriters(r) },
      pool: gitPool
    }, req, res, url),
    appDir: opts.appDir,
    wellKnown: (req) => ({
      peerId: node.peerId.toString(),
      multiaddrs: wellKnownAddrs(node, req.headers.host, opts.wsPort),
      version: GUTS_VERSION,
      ...(opts.iceServers.length > 0 ? { iceServers: opts.iceServers.map(toIceServer) } : {})
    }),
    metrics: metrics.render,
    onRequest: metrics.httpRequest
  })

  await new Promise<void>((res, rej) => {
    http.once('error', (err: any) => rej(err.code === 'EADDRINUSE'
      ? new RelayStartError(`port ${opts.port} on ${opts.host} is already in use (choose another with --port)`)
      : new RelayStartError(`cannot listen on ${opts.host}:${opts.port}: ${err.message}`)))
    http.listen(opts.port, opts.host, () => res())
  })
  try {
    await node.start()
  } catch (err: any) {
    http.close()
    await Promise.resolve(node.stop()).catch(() => {})
    if (err.name === 'RelayStartError') throw err
    throw new RelayStartError(`libp2p failed to start: ${err.message}`)
  }

  node.addEventListener('connection:open', (evt) => {
    log.debug('connection open', { peer: evt.detail.remotePeer.toString(), kind: connectionKind(evt.detail), addr: evt.detail.remoteAddr.toString() })
  })
  node.addEventListener('connection:close', (evt) => {
    log.debug('connection closed', { peer: evt.detail.remotePeer.toString() })
  })
  // relays join relays they discover (mDNS, DHT); only TCP addresses are
  // other relays, tabs are reachable over WebRTC alone
  node.addEventListener('peer:discovery', (evt) => {
    const tcpAddr = evt.detail.multiaddrs.find(a => a.getComponents().some(c => c.name === 'tcp') && !a.getComponents().some(c => c.name === 'ws' || c.name === 'p2p-circuit'))
    if (tcpAddr == null || node.getConnections(evt.detail.id).length > 0) return
    node.dial(evt.detail.id, { signal: AbortSignal.timeout(10_000) })
      .then(() => log.info('joined relay', { peer: evt.detail.id.toString() }))
      .catch((err) => log.debug('could not dial discovered peer', { peer: evt.detail.id.toString(), err }))
  })
  // GUTS_TEST_LOSE_GOSSIP=1: a fault for tests (e2e/anti-entropy.spec.ts),
  // never for use: the relay loses every gossip message, in and out
  const loseGossip = process.env.GUTS_TEST_LOSE_GOSSIP === '1'
  if (loseGossip) log.warn('GUTS_TEST_LOSE_GOSSIP is set: this relay loses every gossip message (a fault for tests)')
  seeder = await startSeeder(node, key, dataDir, opts.seed, opts.maxPackBytes, log, { reconcileEveryMs: opts.reconcileEveryMs, loseGossip, contributions: opts.contributions, follow: opts.follow })
  const joined = keepConnected(node, () => opts.bootstrap, {
    interval: 5000,
    onError: (addr, err) => log.warn('bootstrap relay unreachable', { addr: addr.toString(), err })
  })

  const httpPort = (http.address() as AddressInfo).port
  const url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${httpPort}/`

  let stopping: Promise<void> | undefined
  return {
    node,
    seeder,
    url,
    stop: async () => {
      stopping ??= (async () => {
        joined.stop()
        await seeder?.stop()
        const closed = new Promise<void>(res => http.close(() => res()))
        http.closeAllConnections()
        gitPool.killAll()
        await Promise.all([closed, node.stop()])
      })()
      return stopping
    }
  }
}

/** The error code binding `port` gives right now, or undefined when it is free. */
async function bindCheck (host: string, port: number): Promise<string | undefined> {
  return new Promise(resolve => {
    const probe = createServer()
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'EUNKNOWN'))
    probe.listen(port, host, () => probe.close(() => resolve(undefined)))
  })
}

async function ensureWritable (dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true })
    await access(dir, constants.W_OK)
    const probe = join(dir, `.write-test-${process.pid}`)
    await writeFile(probe, '')
    await rm(probe)
  } catch (err: any) {
    throw new RelayStartError(`cannot write to the data directory ${dir} (${err.code ?? err.message}); choose another with --data`)
  }
}
