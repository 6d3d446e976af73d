// Opening a repository this browser does not hold yet: find peers that have
// it, fetch and verify it, with progress and a way to cancel.
import { useEffect, useRef, useState } from 'preact/hooks'
import { useSnapshot } from '../hooks.js'
import { formatBytes } from './format.js'
import type { GutsApp } from '../../app/app.js'
import type { SyncProgress } from '../../sync/service.js'

const CANCELLED = new Error('cancelled')

/** While nobody who has it is reachable, look again this often. */
const RETRY_MS = 10_000

export function CloneView ({ app, rid }: { app: GutsApp, rid: string }) {
  const net = useSnapshot(app.network)
  const [progress, setProgress] = useState<SyncProgress | undefined>({ phase: 'Finding peers' })
  const [error, setError] = useState<string | undefined>()
  const [attempt, setAttempt] = useState(0)
  const abort = useRef<AbortController | undefined>()
  // set by Cancel: nothing starts again until the person asks
  const [paused, setPaused] = useState(false)
  // a tab opened on a link starts before it has joined the network: wait for a relay
  const online = net.state === 'connected'

  useEffect(() => {
    if (!online || paused) return
    let retry: ReturnType<typeof setTimeout> | undefined
    const ctl = new AbortController()
    abort.current = ctl
    setError(undefined)
    setProgress({ phase: 'Finding peers' })
    app.sync.clone(rid, { signal: ctl.signal, onProgress: setProgress })
      .then(() => app.repos.changed())
      .catch((err: Error) => {
        setProgress(undefined)
        if (ctl.signal.aborted) {
          // the person cancelled; otherwise the network dropped and it starts again by itself
          if (ctl.signal.reason === CANCELLED) setError('Cancelled. Nothing was kept.')
          return
        }
        setError(err.message)
        // nobody has it right now: keep looking while the page is open
        if (err.name === 'NoProvidersError') retry = setTimeout(() => setAttempt(n => n + 1), RETRY_MS)
      })
    return () => { ctl.abort(); clearTimeout(retry) }
  }, [rid, attempt, online, paused])

  const pct = progress?.total != null && progress.total > 0 ? Math.round(100 * (progress.received ?? 0) / progress.total) : undefined
  return (
    <section class='card'>
      <h1>Opening a repository</h1>
      <p class='muted small'>RID <code class='wrap'>{rid}</code></p>
      {!online && !paused && <p class='muted' data-testid='clone-waiting'>Joining the network…</p>}
      {online && progress != null && (
        <div class='progress' data-testid='clone-progress'>
          <div>
            {progress.phase}
            {progress.phase === 'Receiving objects' && progress.total != null &&
              ` — ${formatBytes(progress.received ?? 0)} of ${formatBytes(progress.total)}, ${progress.indexed ?? 0} of ${progress.objects ?? '?'} objects checked`}
            {progress.peer != null && <span class='muted small'> from {progress.peer.slice(0, 8)}…{progress.peer.slice(-6)}</span>}
          </div>
          <progress max={100} value={pct} />
          <div><button type='button' onClick={() => { setPaused(true); abort.current?.abort(CANCELLED) }} data-testid='clone-cancel'>Cancel</button></div>
        </div>
      )}
      {error != null && (
        <>
          <p class='error-text' role='alert' data-testid='clone-error'>Could not get this repository: {error}</p>
          <p class='muted'>Someone who has it must be online (or a relay that seeds it). This page keeps looking. <button type='button' onClick={() => { setPaused(false); setAttempt(n => n + 1) }}>Try again now</button></p>
        </>
      )}
    </section>
  )
}
