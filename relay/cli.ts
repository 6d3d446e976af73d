// Command-line parsing for the relay. Pure: takes argv and env, returns the
// options or a usage error, so it is unit-tested without starting anything.

import { parseSeedPolicy } from './seed/policy.js'
import type { SeedPolicy } from './seed/policy.js'
import { CONTRIBUTION_POLICIES } from '../src/core/namespace-accept.js'
import type { ContributionPolicy } from '../src/core/namespace-accept.js'

export interface RelayOptions {
  host: string
  port: number
  wsPort: number
  tcpPort: number
  dataDir: string
  appDir: string
  bootstrap: string[]
  announce: string[]
  mdns: boolean
  maxReservations: number
  maxConnections: number
  logLevel: 'debug' | 'info' | 'warn' | 'error'
  logFormat: 'text' | 'json'
  seed: SeedPolicy
  /** largest pack accepted from a peer, in bytes */
  maxPackBytes: number
  /** how often held repositories are reconciled with each neighbouring relay (anti-entropy), ms */
  reconcileEveryMs: number
  /** STUN/TURN servers offered to tabs in /.well-known/guts.json */
  iceServers: string[]
  /** whose forks of seeded repositories are kept: every writer's, none (delegates only), or followed writers' */
  contributions: ContributionPolicy
  /** the writers followed under --contributions followed */
  follow: string[]
}

export type ParsedCommand =
  | { command: 'serve', options: RelayOptions }
  | { command: 'import', path: string, options: RelayOptions }
  | { command: 'repack', options: RelayOptions }
  | { command: 'help' }
  | { command: 'version' }
  | { command: 'error', message: string }

export const USAGE = `Usage: guts-relay [options]
       guts-relay import <path-to-git-repo> [--data <dir>] [--host <h>] [--port <n>]
       guts-relay repack [--data <dir>]

Runs a Guts relay: serves the web app, relays WebRTC signalling for tabs
(circuit relay v2), bootstraps the DHT and the gossip mesh, keeps copies of
repositories (seeding) and serves them read-only to git over smart HTTP.

"import" makes a local git repository a Guts repository signed by this
relay's key and prints its URL; run it again to publish new commits. It
works whether or not a relay is running on the same data directory.

"repack" merges each repository's packs into one now, for a relay that
is stopped (a running relay does it by itself past a few packs, and once
a day). It is safe to stop at any moment: nothing goes missing.

Options:
  --host <addr>             listen address (env HOST, default 127.0.0.1;
                            use 0.0.0.0 to accept other machines)
  --port <n>                HTTP port for the app and /.well-known/guts.json
                            (env PORT, default 8080)
  --ws-port <n>             libp2p WebSocket port for tabs (default port+1)
  --tcp-port <n>            libp2p TCP port for other relays (default port+2)
  --data <dir>              data directory: key and repositories
                            (env GUTS_DATA, default ./.guts-relay)
  --app <dir>               built web app to serve (default ./dist)
  --bootstrap <ma>...       multiaddrs of other relays to join
  --announce <ma>...        public multiaddrs to advertise (e.g. a wss:// proxy)
  --no-mdns                 do not look for relays on the local network
  --max-reservations <n>    circuit-relay reservations held at once (default 1024)
  --max-connections <n>     connections held at once (default 4096)
  --seed <policy>           all | none | <rid,rid,...>: which repositories to
                            keep copies of and serve (default all)
  --contributions <which>   all | none | followed: whose forks of a seeded
                            repository to keep and serve besides its
                            delegates' refs (default all)
  --follow <peer-id>...     writers kept under --contributions followed
  --max-pack-mb <n>         largest pack accepted from a peer (default 256)
  --reconcile-every <s>     seconds between anti-entropy rounds with each
                            neighbouring relay (default 40, jittered ±20%)
  --ice-server <url>...     STUN/TURN servers for tabs' WebRTC, e.g.
                            stun:stun.example.org:3478 or
                            turn:user:secret@turn.example.org:3478
                            (default none: tabs connect directly only
                            on the same network)
  --log-level <level>       debug | info | warn | error (default info)
  --log-format <fmt>        text | json (default text)
  -h, --help                show this help
  -v, --version             print the version`

const LEVELS = ['debug', 'info', 'warn', 'error'] as const

export function parseArgs (argv: string[], env: Record<string, string | undefined> = {}): ParsedCommand {
  const o = {
    host: env.HOST ?? '127.0.0.1',
    port: undefined as number | undefined,
    wsPort: undefined as number | undefined,
    tcpPort: undefined as number | undefined,
    dataDir: env.GUTS_DATA ?? '.guts-relay',
    appDir: 'dist',
    bootstrap: [] as string[],
    announce: [] as string[],
    mdns: true,
    maxReservations: 1024,
    maxConnections: 4096,
    logLevel: 'info' as RelayOptions['logLevel'],
    logFormat: 'text' as RelayOptions['logFormat'],
    seed: { kind: 'all' } as SeedPolicy,
    maxPackBytes: 256 * 1024 * 1024,
    reconcileEveryMs: 40_000,
    iceServers: [] as string[],
    contributions: 'all' as ContributionPolicy,
    follow: [] as string[]
  }
  let importPath: string | undefined
  if (argv[0] === 'import') {
    importPath = argv[1]
    if (importPath == null || importPath.startsWith('-')) return { command: 'error', message: 'import needs the path of a git repository: guts-relay import <path>' }
    argv = argv.slice(2)
  }
  const repack = argv[0] === 'repack'
  if (repack) argv = argv.slice(1)
  let envPort: number | undefined
  if (env.PORT != null && env.PORT !== '') {
    const p = toPort(env.PORT)
    if (p == null) return { command: 'error', message: `PORT must be a port number, got "${env.PORT}"` }
    envPort = p
  }

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    const value = (): string | undefined => {
      if (inline != null) return inline
      const next = argv[i + 1]
      if (next == null || next.startsWith('-')) return undefined
      i++
      return next
    }
    // flags that take every following non-flag argument
    const values = (): string[] => {
      const out = inline != null ? [inline] : []
      while (argv[i + 1] != null && !argv[i + 1].startsWith('-')) out.push(argv[++i])
      return out
    }
    switch (flag) {
      case '-h': case '--help': return { command: 'help' }
      case '-v': case '--version': return { command: 'version' }
      case '--host': { const v = value(); if (v == null) return missing(flag); o.host = v; break }
      case '--data': { const v = value(); if (v == null) return missing(flag); o.dataDir = v; break }
      case '--app': { const v = value(); if (v == null) return missing(flag); o.appDir = v; break }
      case '--port': case '--ws-port': case '--tcp-port': {
        const v = value(); if (v == null) return missing(flag)
        const p = toPort(v); if (p == null) return { command: 'error', message: `${flag} must be a port number (0-65535), got "${v}"` }
        if (flag === '--port') o.port = p; else if (flag === '--ws-port') o.wsPort = p; else o.tcpPort = p
        break
      }
      case '--max-reservations': case '--max-connections': {
        const v = value(); const n = Number(v)
        if (v == null || !Number.isInteger(n) || n < 1) return { command: 'error', message: `${flag} needs a positive whole number` }
        if (flag === '--max-reservations') o.maxReservations = n; else o.maxConnections = n
        break
      }
      case '--bootstrap': case '--announce': {
        const vs = values()
        if (vs.length === 0) return missing(flag)
        const bad = vs.find(v => !v.startsWith('/'))
        if (bad != null) return { command: 'error', message: `${flag} takes multiaddrs such as /ip4/1.2.3.4/tcp/8082/p2p/12D3Koo..., got "${bad}"` }
        ;(flag === '--bootstrap' ? o.bootstrap : o.announce).push(...vs)
        break
      }
      case '--no-mdns': o.mdns = false; break
      case '--ice-server': {
        const vs = values()
        if (vs.length === 0) return missing(flag)
        const bad = vs.find(v => !/^(stun|turns?):[^\s]+$/.test(v))
        if (bad != null) return { command: 'error', message: `--ice-server takes stun:, turn: or turns: URLs (a TURN URL may carry user:password@), got "${bad}"` }
        o.iceServers.push(...vs)
        break
      }
      case '--seed': {
        const v = value(); if (v == null) return missing(flag)
        const p = parseSeedPolicy(v)
        if (typeof p === 'string') return { command: 'error', message: p }
        o.seed = p; break
      }
      case '--contributions': {
        const v = value(); if (v == null) return missing(flag)
        if (!CONTRIBUTION_POLICIES.includes(v as ContributionPolicy)) return { command: 'error', message: `--contributions takes all, none or followed, got "${v}"` }
        o.contributions = v as ContributionPolicy; break
      }
      case '--follow': {
        const vs = values()
        if (vs.length === 0) return missing(flag)
        const bad = vs.find(v => !/^12D3KooW[1-9A-HJ-NP-Za-km-z]{44}$/.test(v))
        if (bad != null) return { command: 'error', message: `--follow takes Ed25519 peer ids (12D3KooW…), got "${bad}"` }
        o.follow.push(...vs)
        break
      }
      case '--max-pack-mb': {
        const v = value(); const n = Number(v)
        if (v == null || !Number.isInteger(n) || n < 1) return { command: 'error', message: `${flag} needs a positive whole number` }
        o.maxPackBytes = n * 1024 * 1024; break
      }
      case '--reconcile-every': {
        const v = value(); const n = Number(v)
        if (v == null || !Number.isFinite(n) || n < 1 || n > 86_400) return { command: 'error', message: `${flag} needs a number of seconds from 1 to 86400` }
        o.reconcileEveryMs = Math.round(n * 1000); break
      }
      case '--log-level': {
        const v = value() as any
        if (!LEVELS.includes(v)) return { command: 'error', message: `--log-level must be one of ${LEVELS.join(', ')}` }
        o.logLevel = v; break
      }
      case '--log-format': {
        const v = value()
        if (v !== 'text' && v !== 'json') return { command: 'error', message: '--log-format must be text or json' }
        o.logFormat = v; break
      }
      default:
        return { command: 'error', message: `unknown option "${arg}" (see --help)` }
    }
  }
  const port = o.port ?? envPort ?? 8080
  // port 0 means "any free port" for all three listeners
  const derive = (offset: number): number => port === 0 ? 0 : port + offset
  const options: RelayOptions = {
    ...o,
    port,
    wsPort: o.wsPort ?? derive(1),
    tcpPort: o.tcpPort ?? derive(2)
  }
  if (port !== 0 && (options.wsPort === port || options.tcpPort === port || (options.wsPort !== 0 && options.wsPort === options.tcpPort))) {
    return { command: 'error', message: 'the HTTP, WebSocket and TCP ports must differ' }
  }
  if ([options.wsPort, options.tcpPort].some(p => p > 65535)) {
    return { command: 'error', message: `--port ${port} leaves no room for the WebSocket and TCP ports (port+1, port+2); pick a lower port or set --ws-port and --tcp-port` }
  }
  if (importPath != null) return { command: 'import', path: importPath, options }
  if (repack) return { command: 'repack', options }
  return { command: 'serve', options }
}

function missing (flag: string): ParsedCommand {
  return { command: 'error', message: `${flag} needs a value` }
}

function toPort (v: string): number | undefined {
  const n = Number(v)
  return /^\d+$/.test(v) && n >= 0 && n <= 65535 ? n : undefined
}
