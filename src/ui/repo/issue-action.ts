// The hooks every issue control uses: one action at a time with its error
// kept for the line next to the control, and reads that abort when the
// issue they were for is no longer shown.
import { useEffect, useMemo, useState } from 'preact/hooks'
import { useSnapshot, type AsyncState } from '../hooks.js'
import type { GutsApp, IssueList, RepoRecord } from '../../app/types.js'

export interface Action {
  busy: boolean
  error?: string
  /** runs `fn` unless one is running; true when it succeeded (the caller clears its text only then) */
  run: (fn: () => Promise<unknown>) => Promise<boolean>
  clear: () => void
}

export function useAction (): Action {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const run = async (fn: () => Promise<unknown>): Promise<boolean> => {
    if (busy) return false
    setBusy(true)
    setError(undefined)
    try {
      await fn()
      return true
    } catch (err: any) {
      setError(String(err?.message ?? err).split('\n')[0])
      return false
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, run, clear: () => setError(undefined) }
}

/** The repositories' change counter: every change, made here or fetched, bumps it. */
export function useReposVersion (app: GutsApp): number {
  const source = useMemo(() => ({ snapshot: app.repos.version, subscribe: app.repos.subscribe }), [app])
  return useSnapshot(source)
}

/**
 * The record as it is now, and its issue list, read once per repositories
 * version however many views ask (the Issues tab and the page both do, on
 * every change). The record is read here rather than taken from the page:
 * the issues come from its writers' refs, and the page's copy is re-read
 * only after the version bumps, so a read started on the bump would miss
 * what just landed.
 */
const shared = new Map<string, Promise<unknown>>()
function once<T> (key: string, make: () => Promise<T>): Promise<T> {
  let p = shared.get(key) as Promise<T> | undefined
  if (p == null) {
    p = make()
    shared.set(key, p)
    // a failed read is tried again by the next view that asks
    p.catch(() => { if (shared.get(key) === p) shared.delete(key) })
    // a few versions of a few repositories: the rest are of no more use
    if (shared.size > 16) shared.delete(shared.keys().next().value!)
  }
  return p
}

export async function latestRecord (app: GutsApp, record: RepoRecord, version: number): Promise<RepoRecord> {
  return await once(`record ${record.rid} ${version}`, async () => await app.repos.record(record.rid))
}

export async function latestIssues (app: GutsApp, record: RepoRecord, version: number): Promise<IssueList> {
  return await once(`issues ${record.rid} ${version}`, async () => await app.repos.issues.list(await latestRecord(app, record, version)))
}

/** Runs `fn` when `deps` change, aborting the run before; keeps the last value while the next loads. */
export function useLoad<T> (fn: (signal: AbortSignal) => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ loading: true })
  useEffect(() => {
    const stop = new AbortController()
    setState(s => ({ value: s.value, loading: true }))
    fn(stop.signal).then(
      value => { if (!stop.signal.aborted) setState({ value, loading: false }) },
      (error: Error) => { if (!stop.signal.aborted) setState(s => ({ value: s.value, error, loading: false })) }
    )
    return () => stop.abort()
  }, deps) // the caller names what the work depends on
  return state
}

/** this tab's PeerId once any issue page told it (IssueView.me): the list has none of its own */
let knownMe: string | undefined
export const rememberMe = (me: string): void => { knownMe = me }
export const rememberedMe = (): string | undefined => knownMe
