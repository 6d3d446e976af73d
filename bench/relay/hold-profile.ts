// What a relay spends just holding tab-like peers: the relay's CPU with no
// peers, then with N idle ones (connected, reserved, nothing asked), the
// /metrics counters that moved meanwhile (which protocols), and the top
// functions of an 8 s CPU profile taken inside the relay process.
//
//   HOLD_PEERS=150 node --import tsx bench/relay/hold-profile.ts
//
// The relay runs with the same flags bench/relay part 1 gives it.
import '../../relay/polyfills.js'
import { cpuSeconds, sleep, spawnChild, stopChild } from './child.js'
import { inspect, startBenchRelay } from './relay-control.js'

const N = Number(process.env.HOLD_PEERS ?? 150)
const room = String(Math.ceil(N * 1.1))
const relay = await startBenchRelay({ args: ['--no-mdns', '--max-connections', room, '--max-reservations', room] })

/** CPU % of each process over 8 s */
async function cpuPct (pids: number[]): Promise<string> {
  const a = pids.map(p => cpuSeconds(p) ?? 0)
  const t = Date.now()
  await sleep(8000)
  const s = (Date.now() - t) / 1000
  return pids.map((p, i) => `${(((cpuSeconds(p) ?? 0) - a[i]) / s * 100).toFixed(1)}%`).join(', ')
}

// runs inside the relay (through its inspector): profile 8 s, return the top self-time functions
const PROFILE = `(async () => {
  const { Session } = process.getBuiltinModule('node:inspector'); const s = new Session(); s.connect()
  const post = (m, p = {}) => new Promise((res, rej) => s.post(m, p, (e, r) => e ? rej(e) : res(r)))
  await post('Profiler.enable'); await post('Profiler.start'); await new Promise(r => setTimeout(r, 8000))
  const { profile } = await post('Profiler.stop'); s.disconnect()
  const self = new Map(); const byId = new Map(profile.nodes.map(n => [n.id, n])); const parent = new Map()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n)
  const name = (n) => n == null ? '' : n.callFrame.functionName + ' ' + n.callFrame.url.split('node_modules/').pop() + ':' + n.callFrame.lineNumber
  // each function with its two nearest callers: native frames ("dispatch") say little alone
  profile.samples.forEach((id, i) => { const n = byId.get(id); const p = parent.get(id); const k = name(n) + ' < ' + name(p) + ' < ' + name(parent.get(p?.id)); self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0)) })
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  return JSON.stringify([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => (v / total * 100).toFixed(1) + '% ' + k))
})()`

try {
  await sleep(3000)
  console.log(`relay CPU with 0 peers: ${await cpuPct([relay.pid])}`)
  const w = spawnChild('peers', 'bench/relay/peers-worker.ts')
  await w.ready()
  await w.request('start', { addr: relay.wsAddr, count: N, step: 0, dialTimeoutMs: 30_000, attempts: 3 })
  for (let i = 0; i < 180; i++) {
    await sleep(1000)
    const s = (await w.request<any>('status')).steps[0]
    if (s.held + s.failed + s.dropped >= N) { console.log(`${s.held} of ${N} peers held`); break }
  }
  // let identify, reservations and peer-store writes finish: the steady state is what is measured
  await sleep(20_000)
  const m0 = await relay.metrics()
  console.log(`CPU holding them, relay / peers' worker: ${await cpuPct([relay.pid, w.pid])}`)
  const m1 = await relay.metrics()
  for (const [k, v] of m1) {
    const d = v - (m0.get(k) ?? 0)
    if (d !== 0 && /^libp2p_(data_transfer|protocol_streams_total|noise_(en|de)crypted)/.test(k)) console.log(`  Δ ${k} ${d}`)
  }
  const [r] = await inspect(relay.inspectPort, [{ method: 'Runtime.evaluate', params: { expression: PROFILE, awaitPromise: true, returnByValue: true } }])
  console.log('relay CPU profile, self time:')
  for (const line of JSON.parse(r.result.value) as string[]) console.log(`  ${line}`)
  await stopChild(w)
} finally {
  await relay.stop()
}
