// Wall time and peak memory of a child process, including its own children
// (`git clone` does its work in a `git index-pack` child).
//
// Peak memory comes from GNU time when /usr/bin/time exists: it reports the
// rusage of the process it waited for, and the kernel folds the largest
// peak among that process's waited-for descendants into it, so it covers
// the whole tree without sampling. Without it, we poll VmHWM (the kernel's
// own high-water mark) of every process in the tree; a child that lives for
// less than one polling interval can be missed.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface Measured {
  wallMs: number
  /** peak resident set size over the process tree, KB */
  peakRssKB?: number
  stdout: string
  stderr: string
}

const GNU_TIME = '/usr/bin/time'
const hasGnuTime = ((): boolean => {
  try { fs.accessSync(GNU_TIME, fs.constants.X_OK); return true } catch { return false }
})()

export const memoryMethod = hasGnuTime
  ? '/usr/bin/time %M (max over the process tree)'
  : 'polling /proc VmHWM every 5 ms over the process tree (short-lived children may be missed)'

export async function measure (cmd: string, args: string[], opts: { cwd?: string } = {}): Promise<Measured> {
  const timeFile = path.join(os.tmpdir(), `bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`)
  const [file, argv] = hasGnuTime ? [GNU_TIME, ['-o', timeFile, '-f', '%M', cmd, ...args]] : [cmd, args]
  const start = performance.now()
  const child = spawn(file, argv, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  const poller = hasGnuTime ? undefined : new TreePoller(child.pid!)
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s })
  child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s })
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (c) => resolve(c ?? -1))
  })
  const wallMs = performance.now() - start
  poller?.stop()
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${code}\n${stderr}`)

  let peakRssKB: number | undefined
  if (hasGnuTime) {
    // the last line: GNU time may write a "Command exited..." line before it
    const lines = fs.readFileSync(timeFile, 'utf8').trim().split('\n')
    fs.rmSync(timeFile, { force: true })
    peakRssKB = Number(lines[lines.length - 1])
  } else {
    peakRssKB = poller!.peakKB
  }
  return { wallMs, peakRssKB, stdout, stderr }
}

/** Samples VmHWM of a process and its descendants until stopped. */
class TreePoller {
  peakKB = 0
  private readonly timer: NodeJS.Timeout

  constructor (private readonly root: number) {
    this.timer = setInterval(() => this.sample(), 5)
    this.sample()
  }

  stop (): void { clearInterval(this.timer) }

  private sample (): void {
    for (const pid of this.tree(this.root)) {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
        if (m != null) this.peakKB = Math.max(this.peakKB, Number(m[1]))
      } catch { /* exited meanwhile */ }
    }
  }

  private tree (pid: number): number[] {
    const out = [pid]
    try {
      for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
        const kids = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim()
        if (kids !== '') for (const k of kids.split(/\s+/)) out.push(...this.tree(Number(k)))
      }
    } catch { /* exited meanwhile */ }
    return out
  }
}

export function median (xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

export const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1)
export const seconds = (ms: number): string => (ms / 1000).toFixed(2)
