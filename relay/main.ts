// The relay's command line: `npm start` (after building the app) or
// `npm run relay -- [options]`. See cli.ts for the options.
import './polyfills.js'
import { readFileSync } from 'node:fs'
import { USAGE, parseArgs } from './cli.js'
import { createLogger } from './log.js'
import type { Logger } from './log.js'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const parsed = parseArgs(process.argv.slice(2), process.env)

if (parsed.command === 'help') {
  console.log(USAGE)
  process.exit(0)
}
if (parsed.command === 'version') {
  console.log(pkg.version)
  process.exit(0)
}
if (parsed.command === 'error') {
  console.error(`guts-relay: ${parsed.message}`)
  process.exit(2)
}

const opts = parsed.options

if (parsed.command === 'repack') {
  try {
    const { repackDataDir } = await import('./seed/repack-command.js')
    const done = await repackDataDir(opts.dataDir, (line) => console.log(line))
    console.log(done === 0 ? 'Every repository is in one pack already.' : `Repacked ${done} ${done === 1 ? 'repository' : 'repositories'}.`)
    process.exit(0)
  } catch (err: any) {
    console.error(`guts-relay repack: ${['RepackError', 'DataSchemaError'].includes(err.name) ? err.message : err.stack ?? err}`)
    process.exit(1)
  }
}
const log = createLogger({ level: opts.logLevel, format: opts.logFormat })

if (parsed.command === 'import') {
  try {
    // loaded only for the command that needs it: an import never loads libp2p
    const { importRepository } = await import('./import.js')
    const r = await importRepository(opts, parsed.path)
    console.log(r.created
      ? `Imported ${parsed.path} as a Guts repository (${r.refs} refs).`
      : r.changed ? `Published new refs for ${parsed.path} (sequence ${r.seq}).` : `${parsed.path} has no new commits since the last import.`)
    console.log(`  RID  ${r.rid}`)
    console.log(`  URL  ${r.url}`)
    console.log(`  git  git clone http://${new URL(r.url).host}/git/${r.rid}`)
    process.exit(0)
  } catch (err: any) {
    console.error(`guts-relay import: ${['ImportCommandError', 'ImportError', 'IncompleteRepositoryError', 'DataSchemaError', 'StorageFullError'].includes(err.name) ? err.message : err.stack ?? err}`)
    process.exit(1)
  }
}

await keepServingOnUncaughtErrors(log)

try {
  const { startRelay } = await import('./relay.js')
  const relay = await startRelay(opts, log)
  const addrs = relay.node.getMultiaddrs().map(String)
  log.info('relay started', { peerId: relay.node.peerId.toString(), version: pkg.version })
  for (const a of addrs) log.info('listening', { multiaddr: a })
  // the one line a person needs, on stdout
  console.log(`\n  Guts is running. Open ${relay.url}\n`)

  let signals = 0
  const shutdown = (signal: string): void => {
    if (++signals > 1) { log.warn('second signal: exiting now'); process.exit(1) }
    log.info('shutting down', { signal })
    relay.stop().then(() => {
      log.info('stopped')
      process.exit(0)
    }, (err) => {
      log.error('unclean shutdown', { err })
      process.exit(1)
    })
    // never hang on a stuck connection
    setTimeout(() => { log.warn('shutdown timed out'); process.exit(1) }, 5000).unref()
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
} catch (err: any) {
  console.error(`guts-relay: ${['RelayStartError', 'DataSchemaError'].includes(err.name) ? err.message : err.stack ?? err}`)
  process.exit(1)
}

// Node's default for an exception or rejection that nothing handles is to
// print it and exit. For a server open to the internet that lets one peer's
// bad input (a malformed WebSocket frame did exactly that) end every other
// peer's connections, so the serving relay logs it loudly, on one line with
// its stack, counts it (guts_uncaught_errors_total) and keeps running. The
// price: after a genuine bug some state may be left inconsistent; the log line
// and the metric are there so an operator sees it and restarts. Commands that
// end by themselves (import, help) keep Node's default.
async function keepServingOnUncaughtErrors (log: Logger): Promise<void> {
  // loaded here, not at the top: an import need not load prom-client
  const { countUncaughtError } = await import('./metrics.js')
  const report = (what: string, err: unknown): void => {
    countUncaughtError()
    const stack = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err)
    log.error(what, { err: stack.replace(/\s*\n\s*/g, ' | ') })
  }
  process.on('uncaughtException', (err) => report('uncaught exception, relay kept running', err))
  process.on('unhandledRejection', (reason) => report('unhandled rejection, relay kept running', reason))
}
