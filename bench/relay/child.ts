// Child processes for bench/relay: spawned with `node --import tsx` and an
// IPC channel; the parent sends { id, cmd, args } and the child answers
// { id, ok, value | error }. Every child is registered so the parent can kill
// them all on the way out, and every child exits by itself when its parent
// goes away (the IPC channel closes) or its own watchdog fires.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import type { ChildProcess } from 'node:child_process'

export const ROOT = new URL('../../', import.meta.url).pathname

// ---- parent side

export interface Child {
  name: string
  pid: number
  proc: ChildProcess
  request: <T = any>(cmd: string, args?: unknown, timeoutMs?: number) => Promise<T>
  /** resolves once the child listens for requests */
  ready: (timeoutMs?: number) => Promise<void>
  /** resolves with the exit code (or signal) once the process has gone */
  exited: Promise<string>
  kill: () => Promise<void>
  output: () => string
}

const children = new Set<Child>()

export function liveChildren (): Child[] { return [...children] }

export function spawnChild (name: string, script: string, opts: { args?: string[], execArgv?: string[], env?: NodeJS.ProcessEnv, nice?: number } = {}): Child {
  const argv = [...(opts.execArgv ?? []), '--import', 'tsx', script, ...(opts.args ?? [])]
  // `nice` execs node in place: same pid, every thread at the lower priority
  const [cmd, args] = opts.nice != null && opts.nice > 0 ? ['nice', ['-n', String(opts.nice), process.execPath, ...argv]] : [process.execPath, argv]
  const proc = spawn(cmd, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: opts.env ?? process.env
  })
  let log = ''
  const keep = (d: Buffer): void => { log += d.toString(); if (log.length > 200_000) log = log.slice(-100_000) }
  proc.stdout!.on('data', keep)
  proc.stderr!.on('data', keep)
  let nextId = 0
  const pending = new Map<number, { resolve: (v: any) => void, reject: (e: Error) => void, timer: NodeJS.Timeout }>()
  const exited = new Promise<string>(resolve => proc.once('exit', (code, signal) => {
    children.delete(child)
    for (const p of pending.values()) { clearTimeout(p.timer); p.reject(new Error(`${name} exited (${code ?? signal}) during a request:\n${log.slice(-2000)}`)) }
    pending.clear()
    resolve(String(code ?? signal))
  }))
  let markReady!: () => void
  const isReady = new Promise<void>(resolve => { markReady = resolve })
  proc.on('message', (msg: any) => {
    if (msg?.ready === true) { markReady(); return }
    const p = pending.get(msg?.id)
    if (p == null) return
    pending.delete(msg.id)
    clearTimeout(p.timer)
    if (msg.ok === true) p.resolve(msg.value)
    else p.reject(new Error(`${name}: ${msg.error}`))
  })
  proc.on('error', () => {})
  const child: Child = {
    name,
    pid: proc.pid ?? -1,
    proc,
    exited,
    output: () => log,
    ready: async (timeoutMs = 60_000) => {
      let timer: NodeJS.Timeout | undefined
      try {
        await Promise.race([
          isReady,
          exited.then((code) => { throw new Error(`${name} exited (${code}) before it was ready:\n${log.slice(-3000)}`) }),
          new Promise((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`${name} was not ready in ${timeoutMs} ms:\n${log.slice(-3000)}`)), timeoutMs) })
        ])
      } finally { clearTimeout(timer) }
    },
    request: async (cmd, args, timeoutMs = 60_000) => new Promise((resolve, reject) => {
      if (proc.exitCode != null || proc.signalCode != null || !proc.connected) { reject(new Error(`${name} is not running:\n${log.slice(-2000)}`)); return }
      const id = nextId++
      const timer = setTimeout(() => { pending.delete(id); reject(new Error(`${name}: "${cmd}" timed out after ${timeoutMs} ms`)) }, timeoutMs)
      pending.set(id, { resolve, reject, timer })
      proc.send({ id, cmd, args }, (err) => {
        if (err != null) { pending.delete(id); clearTimeout(timer); reject(err) }
      })
    }),
    kill: async () => {
      if (proc.exitCode != null || proc.signalCode != null) return
      proc.kill('SIGKILL')
      await Promise.race([exited, sleep(5000)])
    }
  }
  children.add(child)
  return child
}

/** Asks a child to stop nicely, then kills it. */
export async function stopChild (child: Child, timeoutMs = 20_000): Promise<void> {
  try {
    await child.request('stop', undefined, timeoutMs)
  } catch {}
  const gone = await Promise.race([child.exited.then(() => true), sleep(3000).then(() => false)])
  if (!gone) await child.kill()
}

export async function killAllChildren (): Promise<void> {
  await Promise.all(liveChildren().map(async c => c.kill()))
}

/** Synchronous last resort, for process.on('exit'). */
export function killAllChildrenSync (): void {
  for (const c of liveChildren()) {
    try { c.proc.kill('SIGKILL') } catch {}
  }
}

// ---- child side

export type Handlers = Record<string, (args: any) => Promise<unknown> | unknown>

/**
 * Answers the parent's requests. "stop" runs the given handler (if any) and
 * then exits. Exits on its own when the parent disappears or after
 * `maxLifetimeMs`.
 */
export function serveParent (handlers: Handlers, opts: { maxLifetimeMs?: number, onStop?: () => Promise<void> } = {}): void {
  if (process.send == null) throw new Error('this script runs as a child of bench/relay (it needs an IPC channel)')
  let stopping = false
  const exit = (code: number): void => {
    if (stopping) return
    stopping = true
    const hard = setTimeout(() => process.exit(code), 10_000)
    hard.unref()
    Promise.resolve(opts.onStop?.()).catch(() => {}).finally(() => process.exit(code))
  }
  process.on('disconnect', () => exit(0))
  setTimeout(() => { process.stderr.write('watchdog: lived too long, exiting\n'); exit(3) }, opts.maxLifetimeMs ?? 20 * 60_000).unref()
  process.on('message', (msg: any) => {
    const reply = (m: object): void => { try { process.send!({ id: msg.id, ...m }) } catch {} }
    if (msg?.cmd === 'stop') {
      if (stopping) return
      stopping = true
      const hard = setTimeout(() => process.exit(0), 15_000)
      hard.unref()
      Promise.resolve(opts.onStop?.()).catch(() => {}).finally(() => {
        reply({ ok: true, value: null })
        setTimeout(() => process.exit(0), 100)
      })
      return
    }
    const h = handlers[msg?.cmd]
    if (h == null) { reply({ ok: false, error: `unknown command ${msg?.cmd}` }); return }
    Promise.resolve().then(() => h(msg.args)).then(
      (value) => reply({ ok: true, value }),
      (err) => reply({ ok: false, error: err?.stack ?? String(err) })
    )
  })
  process.send({ ready: true })
}

// ---- small things

export const sleep = async (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

/** Resident set size of a process in KiB, from /proc/<pid>/status. */
export function rssKB (pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m == null ? undefined : Number(m[1])
  } catch { return undefined }
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
export function cpuSeconds (pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // fields[0] is field 3 (state); utime is field 14, stime field 15
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch { return undefined }
}

/** Busy and total CPU time of the whole machine, in clock ticks, from /proc/stat. */
export function machineCpu (): { busy: number, total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
  // user nice system idle iowait irq softirq steal
  const idle = f[3] + (f[4] ?? 0)
  const total = f.slice(0, 8).reduce((a, b) => a + (b ?? 0), 0)
  return { busy: total - idle, total }
}

export function median (xs: number[]): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

export function percentile (xs: number[], p: number): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p / 100 * s.length) - 1))]
}

/** Counts error messages, shortened, for a compact report. */
export function countErrors (into: Record<string, number>, err: any): void {
  const msg = `${err?.name ?? 'Error'}: ${String(err?.message ?? err).split('\n')[0].slice(0, 90)}`
  into[msg] = (into[msg] ?? 0) + 1
}

export function mergeCounts (a: Record<string, number>, b: Record<string, number> | undefined): Record<string, number> {
  for (const [k, v] of Object.entries(b ?? {})) a[k] = (a[k] ?? 0) + v
  return a
}
