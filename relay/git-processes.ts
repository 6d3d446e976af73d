// Bounds the git processes the relay runs for smart HTTP. One request is one
// `git http-backend`, which starts git-http-backend, which starts
// `git upload-pack`: three processes, ~3-10 MB each. Without a bound, 100 slow
// POSTs kept 300 of them (~1 GB) alive. Each tree runs in its own process
// group so one kill reaches the grandchildren too.
import { spawn } from 'node:child_process'
import type { ChildProcessByStdio } from 'node:child_process'
import type { Readable, Writable } from 'node:stream'

/** process trees at once; a clone of a small repository holds one for well under a second */
export const MAX_RUNNING_GIT = 8
/** requests that may wait for a turn; past that they get 503 at once */
export const MAX_QUEUED_GIT = 16
/** how long a request waits for a turn before it gets 503 */
export const GIT_QUEUE_WAIT_MS = 10_000

/** No turn for a git process now: too many running and waiting, or the wait ran out. */
export class GitBusyError extends Error {
  static name = 'GitBusyError'
  name = 'GitBusyError'
}

export interface GitProcessPoolInit {
  /** process trees at once, default MAX_RUNNING_GIT (8) */
  maxRunning?: number
  /** requests waiting for a turn, default MAX_QUEUED_GIT (16) */
  maxQueued?: number
  /** longest wait for a turn, default GIT_QUEUE_WAIT_MS (10 s) */
  queueWaitMs?: number
}

export type GitChild = ChildProcessByStdio<Writable, Readable, null>

export interface PooledProcess {
  child: GitChild
  /** SIGKILLs the whole process group; a no-op once the leader has exited */
  kill: () => void
}

interface Waiter { resolve: () => void, reject: (err: Error) => void }

export class GitProcessPool {
  private readonly maxRunning: number
  private readonly maxQueued: number
  private readonly queueWaitMs: number
  private readonly waiting: Waiter[] = []
  private readonly live = new Set<PooledProcess>()
  private running = 0
  private exitHookInstalled = false

  constructor (init: GitProcessPoolInit = {}) {
    this.maxRunning = init.maxRunning ?? MAX_RUNNING_GIT
    this.maxQueued = init.maxQueued ?? MAX_QUEUED_GIT
    this.queueWaitMs = init.queueWaitMs ?? GIT_QUEUE_WAIT_MS
  }

  /** process trees holding a turn now */
  get size (): number { return this.running }
  /** requests waiting for a turn now */
  get queued (): number { return this.waiting.length }

  /**
   * Waits for a turn, then starts `command` in a process group of its own.
   * The turn is given back when the process has exited and its pipes closed.
   * Throws GitBusyError when no turn comes, the signal's reason when aborted.
   */
  async spawn (command: string, args: string[], opts: { env: Record<string, string>, signal?: AbortSignal }): Promise<PooledProcess> {
    await this.turn(opts.signal)
    let child: GitChild
    try {
      // detached: a new process group (and session), so kill(-pid) reaches
      // every process git starts, and a terminal's ^C does not
      child = spawn(command, args, { env: opts.env, stdio: ['pipe', 'pipe', 'ignore'], detached: true })
    } catch (err) {
      this.release()
      throw err
    }
    let exited = false
    const proc: PooledProcess = {
      child,
      kill: () => {
        if (exited || child.pid == null) return
        try { process.kill(-child.pid, 'SIGKILL') } catch {}
      }
    }
    this.live.add(proc)
    this.installExitHook()
    child.once('exit', () => { exited = true })
    let released = false
    const done = (): void => {
      if (released) return
      released = true
      exited = true
      this.live.delete(proc)
      this.release()
    }
    child.once('close', done)
    // spawn failures (git missing) emit 'error' and may never emit 'close'
    child.once('error', done)
    return proc
  }

  /** Kills every process tree this pool started. */
  killAll (): void {
    for (const p of this.live) p.kill()
  }

  private async turn (signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted()
    if (this.running < this.maxRunning) { this.running++; return }
    if (this.waiting.length >= this.maxQueued) throw new GitBusyError('too many git requests at once')
    await new Promise<void>((resolve, reject) => {
      const w: Waiter = {
        resolve: () => { cleanup(); resolve() },
        reject: (err) => { cleanup(); reject(err) }
      }
      const leave = (err: Error): void => {
        const i = this.waiting.indexOf(w)
        if (i >= 0) this.waiting.splice(i, 1)
        w.reject(err)
      }
      const timer = setTimeout(() => leave(new GitBusyError('no turn for git in time')), this.queueWaitMs)
      const onAbort = (): void => leave(signal?.reason ?? new Error('aborted'))
      const cleanup = (): void => { clearTimeout(timer); signal?.removeEventListener('abort', onAbort) }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.waiting.push(w)
    })
  }

  private release (): void {
    // hand the turn straight to the next waiter, so `running` never dips and
    // a newcomer cannot jump the queue
    const next = this.waiting.shift()
    if (next != null) next.resolve()
    else this.running--
  }

  private installExitHook (): void {
    if (this.exitHookInstalled) return
    this.exitHookInstalled = true
    // detached trees do not die with the relay: take them along
    process.once('exit', () => this.killAll())
  }
}
