// Opening a repository this browser does not hold yet: find peers that have
// it, fetch and verify it, with progress and a way to cancel. When nobody
// reachable has it, the app keeps looking (and the clone resumes by itself
// when a holder appears); this view says so, with Cancel, and Retry once it
// stopped.
import { useEffect, useRef, useState } from 'preact/hooks'
import { useNow } from '../hooks.js'
import { cloneProgressText } from './clone-words.js'
import type { CloneProgress, GutsApp } from '../../app/types.js'

export function CloneView ({ app, rid }: { app: GutsApp, rid: string }) {
  const [progress, setProgress] = useState<CloneProgress | undefined>()
  const [error, setError] = useState<string | undefined>()
  // set by Cancel: nothing starts again until the person asks
  const [cancelled, setCancelled] = useState(false)
  const [attempt, setAttempt] = useState(0)
  const abort = useRef<AbortController | undefined>()
  // while waiting, the next lookup counts down
  const now = useNow(progress?.phase === 'Waiting for peers' ? 1000 : undefined)

  useEffect(() => {
    if (cancelled) return
    const ctl = new AbortController()
    abort.current = ctl
    setError(undefined)
    setProgress({ phase: 'Finding peers' })
    // resolves once the repository is stored; the page then shows it
    app.repos.clone(rid, { signal: ctl.signal, onProgress: (p) => { if (!ctl.signal.aborted) setProgress(p) } })
      .catch((err: Error) => {
        if (ctl.signal.aborted) return
        setProgress(undefined)
        setError(err.message)
      })
    return () => ctl.abort()
  }, [rid, attempt, cancelled])

  const retry = (): void => { setCancelled(false); setAttempt(n => n + 1) }
  const pct = progress?.phase === 'Receiving objects' && progress.total != null && progress.total > 0
    ? Math.round(100 * (progress.received ?? 0) / progress.total)
    : undefined
  const peer = progress != null && 'peer' in progress ? progress.peer : undefined
  return (
    <section class='card'>
      <h1>Opening a repository</h1>
      <p class='muted small'>RID <code class='wrap'>{rid}</code></p>
      {!cancelled && error == null && progress != null && (
        <div class='progress' data-testid='clone-progress' data-phase={progress.phase}>
          <div>
            <span data-testid='clone-phase'>{cloneProgressText(progress, now)}</span>
            {peer != null && <span class='muted small'> from {peer.slice(0, 8)}…{peer.slice(-6)}</span>}
          </div>
          <progress max={100} value={pct} />
          {progress.phase === 'Waiting for peers' && (
            <p class='muted small'>Someone who has it must be online, or a relay that seeds it. This page keeps looking, and goes on by itself when one appears.</p>
          )}
          <div><button type='button' onClick={() => { setCancelled(true); abort.current?.abort() }} data-testid='clone-cancel'>Cancel</button></div>
        </div>
      )}
      {cancelled && (
        <p class='muted' data-testid='clone-cancelled'>Cancelled. Nothing was kept. <button type='button' onClick={retry} data-testid='clone-retry'>Retry</button></p>
      )}
      {!cancelled && error != null && (
        <>
          <p class='error-text' role='alert' data-testid='clone-error'>Could not get this repository: {error}</p>
          <p><button type='button' onClick={retry} data-testid='clone-retry'>Retry</button></p>
        </>
      )}
    </section>
  )
}
