// Who has this repository, and whether each copy is up to date. Live: the
// app asks again when a relay answers, a peer comes or goes, and now and
// then while the page is visible (src/app/seed-watch.ts).
import { useEffect, useRef, useState } from 'preact/hooks'
import type { GutsApp, RepoRecord, SeedStatusView } from '../../app/types.js'

export function SeedStatusCard ({ app, record }: { app: GutsApp, record: RepoRecord }) {
  const [status, setStatus] = useState<SeedStatusView>({ asking: true })
  const refresh = useRef<() => void>()
  useEffect(() => {
    const ctl = new AbortController()
    refresh.current = app.repos.watchSeedStatus(record.rid, setStatus, { signal: ctl.signal }).refresh
    return () => ctl.abort()
  }, [record.rid, app.repos.versionOf(record)])
  const holders = status.holders
  return (
    <section class='card'>
      <div class='row spread'>
        <h2>Who has it</h2>
        <button type='button' class='link' onClick={() => refresh.current?.()} disabled={status.asking}>{status.asking ? 'Asking…' : 'Refresh'}</button>
      </div>
      {status.error != null && <p class='error-text'>{status.error}</p>}
      {holders != null && holders.length === 0 && (
        <p class='muted' data-testid='seed-none'>Only this browser, as far as it can tell. Keep this tab open so others can fetch it, or connect to a relay that seeds repositories.</p>
      )}
      {holders != null && holders.length > 0 && (
        <ul class='list' data-testid='seed-status'>
          {holders.map(s => (
            <li key={s.peer} data-peer={s.peer} data-state={s.state}>
              <span class={`dot ${s.state === 'up to date' ? 'on' : s.state === 'unreachable' || s.state === 'invalid' ? 'off' : ''}`} />
              <code title={s.peer}>{s.peer.slice(0, 8)}…{s.peer.slice(-6)}</code>
              {s.relay && <span class='tag'>relay</span>}
              <span class='muted'> {s.state}{s.seq != null && ` (refs #${s.seq})`}{s.note != null && `: ${s.note}`}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
