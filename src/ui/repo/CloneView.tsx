// Opening a repository this browser does not hold yet: find peers that have
// it, fetch and verify it, with progress and a way to cancel.
import { useEffect, useRef, useState } from 'preact/hooks'
import { formatBytes } from './format.js'
import type { GutsApp } from '../../app/app.js'
import type { SyncProgress } from '../../sync/service.js'

export function CloneView ({ app, rid }: { app: GutsApp, rid: string }) {
  const [progress, setProgress] = useState<SyncProgress | undefined>({ phase: 'Finding peers' })
  const [error, setError] = useState<string | undefined>()
  const [attempt, setAttempt] = useState(0)
  const abort = useRef<AbortController | undefined>()

  useEffect(() => {
    const ctl = new AbortController()
    abort.current = ctl
    setError(undefined)
    setProgress({ phase: 'Finding peers' })
    app.sync.clone(rid, { signal: ctl.signal, onProgress: setProgress })
      .then(() => app.repos.changed())
      .catch((err: Error) => {
        if (ctl.signal.aborted) setError('Cancelled. Nothing was kept.')
        else setError(err.message)
        setProgress(undefined)
      })
    return () => ctl.abort()
  }, [rid, attempt])

  const pct = progress?.total != null && progress.total > 0 ? Math.round(100 * (progress.received ?? 0) / progress.total) : undefined
  return (
    <section class='card'>
      <h1>Opening a repository</h1>
      <p class='muted small'>RID <code class='wrap'>{rid}</code></p>
      {progress != null && (
        <div class='progress' data-testid='clone-progress'>
          <div>
            {progress.phase}
            {progress.phase === 'Receiving objects' && progress.total != null && ` — ${progress.objects ?? '?'} objects, ${formatBytes(progress.received ?? 0)} of ${formatBytes(progress.total)}`}
            {progress.peer != null && <span class='muted small'> from {progress.peer.slice(0, 8)}…{progress.peer.slice(-6)}</span>}
          </div>
          <progress max={100} value={pct} />
          <div><button type='button' onClick={() => abort.current?.abort()} data-testid='clone-cancel'>Cancel</button></div>
        </div>
      )}
      {error != null && (
        <>
          <p class='error-text' role='alert' data-testid='clone-error'>Could not get this repository: {error}</p>
          <p class='muted'>Someone who has it must be online (or a relay that seeds it). <button type='button' onClick={() => setAttempt(n => n + 1)}>Try again</button></p>
        </>
      )}
    </section>
  )
}
