// The serving side of the Node→Node benchmark, a process of its own:
// imports the benchmark bundle with our code (Repos.importBundle), then
// serves it over /guts/refs and /guts/pack on loopback TCP until its stdin
// closes or it gets SIGTERM. Usage:
//   node --import tsx bench/sync/server.ts <bundle> <root dir>
// Prints `READY {json}` once serving.
import '../../relay/polyfills.js'
import fs from 'node:fs'
import { createBenchPeer } from '../lib/guts-peer.js'
import { report } from './report.js'

export interface Ready { addr: string, rid: string, peerId: string, importMs: number, refs: number }

const [bundlePath, root] = process.argv.slice(2)
if (bundlePath == null || root == null) throw new Error('usage: server.ts <bundle> <root dir>')

const peer = await createBenchPeer('tcp', 'server', root)

const t0 = performance.now()
const record = await peer.repos.importBundle(new Uint8Array(fs.readFileSync(bundlePath)), { name: 'bench' })
const importMs = performance.now() - t0

const ready: Ready = {
  addr: peer.node.getMultiaddrs()[0].toString(),
  rid: record.rid,
  peerId: peer.node.peerId.toString(),
  importMs,
  refs: Object.keys(record.signedRefs.refs).length
}
report('READY', ready)

let stopping = false
const shutdown = (): void => {
  if (stopping) return
  stopping = true
  // bounded: a stuck stop must not keep the process alive
  setTimeout(() => process.exit(0), 3000).unref()
  void peer.sync.stop().then(async () => peer.node.stop()).finally(() => process.exit(0))
}
process.stdin.on('end', shutdown)
process.stdin.on('close', shutdown)
process.stdin.resume()
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
