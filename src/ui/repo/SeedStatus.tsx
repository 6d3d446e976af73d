// Who has this repository, and whether each copy is up to date.
import { useState } from 'preact/hooks'
import { useAsync } from '../hooks.js'
import type { GutsApp } from '../../app/app.js'
import type { RepoRecord } from '../../repo/repo-index.js'

export function SeedStatusCard ({ app, record }: { app: GutsApp, record: RepoRecord }) {
  const [round, setRound] = useState(0)
  const status = useAsync(async () => app.sync.seedStatus(record.rid), [record.rid, record.signedRefs.seq, round])
  return (
    <section class='card'>
      <div class='row spread'>
        <h2>Who has it</h2>
        <button type='button' class='link' onClick={() => setRound(r => r + 1)} disabled={status.loading}>{status.loading ? 'Asking…' : 'Refresh'}</button>
      </div>
      {status.error != null && <p class='error-text'>{status.error.message}</p>}
      {status.value != null && status.value.length === 0 && !status.loading && (
        <p class='muted'>Only this browser, as far as it can tell. Keep this tab open so others can fetch it, or connect to a relay that seeds repositories.</p>
      )}
      {status.value != null && status.value.length > 0 && (
        <ul class='list' data-testid='seed-status'>
          {status.value.map(s => (
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
