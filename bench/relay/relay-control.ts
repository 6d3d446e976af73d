// The relay under test, as its own process (e2e/relay-process.ts), plus what
// the benchmark needs from outside it: its pid (for /proc), its /metrics, its
// WebSocket multiaddr from /.well-known/guts.json, and a way to force a full
// garbage collection through the Node inspector (the relay is started with
// NODE_OPTIONS=--inspect=127.0.0.1:<port>; nothing attaches until we ask).
import { readFileSync, readdirSync } from 'node:fs'
import { WebSocket } from 'ws'
import { freePorts, startRelayProcess } from '../../e2e/relay-process.js'
import { rssKB, sleep } from './child.js'
import type { RelayProcess } from '../../e2e/relay-process.js'

export interface BenchRelay {
  proc: RelayProcess
  pid: number
  peerId: string
  /** multiaddrs[0] of /.well-known/guts.json */
  wsAddr: string
  inspectPort: number
  metrics: () => Promise<Map<string, number>>
  /** a pause, a full GC (best effort), another pause; returns the RSS (lowest of 3 reads, 1 s apart) and V8's view */
  settle: (ms: number) => Promise<RelayMemory>
  stop: () => Promise<void>
}

export interface RelayMemory {
  rssKB: number
  forcedGc: boolean
  heapUsedKB?: number
  externalKB?: number
  arrayBuffersKB?: number
}

export async function startBenchRelay (opts: { dataDir?: string, args: string[] }): Promise<BenchRelay> {
  const [inspectPort] = await freePorts(1)
  const before = process.env.NODE_OPTIONS
  process.env.NODE_OPTIONS = `${before ?? ''} --inspect=127.0.0.1:${inspectPort}`.trim()
  let proc: RelayProcess
  try {
    proc = await startRelayProcess({ dataDir: opts.dataDir, args: opts.args })
  } finally {
    if (before == null) delete process.env.NODE_OPTIONS
    else process.env.NODE_OPTIONS = before
  }
  try {
    const pid = findRelayPid(proc.dataDir)
    if (pid == null) throw new Error('could not find the relay process in /proc')
    const wk = await (await fetch(`${proc.url}.well-known/guts.json`, { signal: AbortSignal.timeout(10_000) })).json() as { peerId: string, multiaddrs: string[] }
    const metrics = async (): Promise<Map<string, number>> => parseMetrics(await (await fetch(`${proc.url}metrics`, { signal: AbortSignal.timeout(30_000) })).text())
    return {
      proc,
      pid,
      peerId: wk.peerId,
      wsAddr: wk.multiaddrs[0],
      inspectPort,
      metrics,
      settle: async (ms) => {
        await sleep(ms / 2)
        let forcedGc = false
        let usage: any
        try {
          await inspect(inspectPort, [{ method: 'HeapProfiler.collectGarbage' }])
          forcedGc = true
        } catch {}
        await sleep(Math.max(0, ms / 2 - 2000))
        // RSS can still be falling as freed pages go back to the OS: the lowest of three reads
        const rss: number[] = []
        for (let i = 0; i < 3; i++) {
          if (i > 0) await sleep(1000)
          rss.push(rssKB(pid) ?? NaN)
        }
        try {
          const [r] = await inspect(inspectPort, [{ method: 'Runtime.evaluate', params: { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true } }])
          usage = JSON.parse(r.result.value)
        } catch {}
        return {
          rssKB: Math.min(...rss),
          forcedGc,
          heapUsedKB: usage != null ? Math.round(usage.heapUsed / 1024) : undefined,
          externalKB: usage != null ? Math.round(usage.external / 1024) : undefined,
          arrayBuffersKB: usage != null ? Math.round(usage.arrayBuffers / 1024) : undefined
        }
      },
      stop: async () => {
        await Promise.race([proc.stop('SIGTERM'), sleep(8000)])
        await proc.kill().catch(() => {})
      }
    }
  } catch (err) {
    await proc.kill().catch(() => {})
    throw err
  }
}

/** The relay is our direct child whose command line names its data directory. */
function findRelayPid (dataDir: string): number | undefined {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid !== process.pid) continue
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0')
      if (cmd.includes('relay/main.ts') && cmd.includes(dataDir)) return Number(name)
    } catch {}
  }
  return undefined
}

/** Prometheus text format to a map from `name{labels}` to value (comments dropped). */
export function parseMetrics (text: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const i = line.lastIndexOf(' ')
    out.set(line.slice(0, i), Number(line.slice(i + 1)))
  }
  return out
}

/** Sums every series of a metric whose labels include all of `labels`. */
export function metric (m: Map<string, number>, name: string, labels: Record<string, string> = {}): number | undefined {
  let sum: number | undefined
  for (const [k, v] of m) {
    const brace = k.indexOf('{')
    const n = brace < 0 ? k : k.slice(0, brace)
    if (n !== name) continue
    const l = brace < 0 ? '' : k.slice(brace)
    if (!Object.entries(labels).every(([lk, lv]) => l.includes(`${lk}="${lv}"`))) continue
    sum = (sum ?? 0) + v
  }
  return sum
}

/** Runs Chrome DevTools Protocol commands on a Node inspector, one session. */
export async function inspect (port: number, commands: Array<{ method: string, params?: object }>): Promise<any[]> {
  const list = await (await fetch(`http://127.0.0.1:${port}/json/list`, { signal: AbortSignal.timeout(5000) })).json() as Array<{ webSocketDebuggerUrl: string }>
  const url = list[0]?.webSocketDebuggerUrl
  if (url == null) throw new Error('no inspector target')
  const ws = new WebSocket(url)
  try {
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('inspector: connect timed out')), 5000)
      ws.once('open', () => { clearTimeout(t); resolve() })
      ws.once('error', (e) => { clearTimeout(t); reject(e) })
    })
    const results: any[] = []
    for (const [i, c] of commands.entries()) {
      results.push(await new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`inspector: ${c.method} timed out`)), 60_000)
        const onMsg = (data: Buffer): void => {
          const m = JSON.parse(data.toString())
          if (m.id !== i + 1) return
          clearTimeout(t)
          ws.off('message', onMsg)
          if (m.error != null) reject(new Error(`${c.method}: ${m.error.message}`))
          else resolve(m.result)
        }
        ws.on('message', onMsg)
        ws.send(JSON.stringify({ id: i + 1, method: c.method, params: c.params ?? {} }))
      }))
    }
    return results
  } finally {
    ws.close()
  }
}
