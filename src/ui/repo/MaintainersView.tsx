// Who maintains the repository: its delegates, how many must agree
// (threshold), and every identity revision with who signed it. A delegate
// adds or removes one and sets the threshold here; the handle signs the
// revision (alone: enough while the threshold is 1) and says why when it cannot.
import { useState } from 'preact/hooks'
import { relativeTime } from '../../render/time.js'
import { CopyButton } from '../CopyButton.js'
import { peerIdProblem, shortPeer } from './peer-words.js'
import type { GutsApp, IdentityChangeInput, RepoRecord } from '../../app/types.js'
import './RemotesView.css'

export function MaintainersView ({ app, record }: { app: GutsApp, record: RepoRecord }) {
  const identity = app.repos.identity(record)
  const delegate = app.repos.isDelegate(record)
  const [peer, setPeer] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const me = app.repos.writers(record).find(w => w.me)?.peer
  const change = async (input: IdentityChangeInput): Promise<boolean> => {
    setBusy(true)
    setError(undefined)
    try {
      await app.repos.changeIdentity(record, input)
      return true
    } catch (err: any) {
      setError(err.message)
      return false
    } finally {
      setBusy(false)
    }
  }
  const add = async (e: Event): Promise<void> => {
    e.preventDefault()
    // the field as it is now (pasted or filled in), not as last rendered
    const field = (e.currentTarget as HTMLFormElement).elements.namedItem('peer') as HTMLInputElement | null
    const text = (field?.value ?? peer).trim()
    const problem = peerIdProblem(text)
    if (problem != null) { setError(problem); return }
    if (identity.delegates.includes(text)) { setError(`${shortPeer(text)} is a delegate already`); return }
    if (await change({ add: [text] })) setPeer('')
  }
  const n = identity.delegates.length
  return (
    <section class='card maintainers' data-testid='maintainers'>
      <h2>Maintainers</h2>
      <p class='small'>
        <span data-testid='threshold'>{identity.threshold} of {n}</span> {n === 1 ? 'delegate' : 'delegates'} must agree for a branch to move or the maintainers to change · identity version {identity.version}
      </p>
      <ul class='writers' data-testid='delegates'>
        {identity.delegates.map(d => (
          <li class='writer' key={d} data-testid='delegate' data-peer={d}>
            <div class='row'>
              <code title={d}>{shortPeer(d)}</code> <CopyButton text={d} />
              {d === me && <span class='tag you'>you</span>}
              {delegate && n > 1 && <button type='button' class='link' disabled={busy} onClick={() => { void change({ remove: [d], ...(identity.threshold > n - 1 ? { threshold: n - 1 } : {}) }) }} data-testid='remove-delegate'>Remove</button>}
            </div>
          </li>
        ))}
      </ul>
      {delegate && (
        <>
          <form onSubmit={e => { void add(e) }} data-testid='add-delegate'>
            <input name='peer' value={peer} onInput={e => setPeer((e.target as HTMLInputElement).value)} placeholder='12D3KooW… (a PeerId)' aria-label='PeerId of the delegate to add' autocomplete='off' spellcheck={false} />
            <button type='submit' disabled={busy}>Add delegate</button>
          </form>
          {n > 1 && (
            <form onSubmit={e => e.preventDefault()}>
              <label class='small'>Threshold{' '}
                <select value={String(identity.threshold)} disabled={busy} onChange={e => { void change({ threshold: Number((e.target as HTMLSelectElement).value) }) }} data-testid='threshold-select'>
                  {Array.from({ length: n }, (_, i) => i + 1).map(t => <option key={t} value={String(t)}>{t} of {n}</option>)}
                </select>
              </label>
            </form>
          )}
        </>
      )}
      {error != null && <p class='error-text' role='alert' data-testid='maintainers-error'>{error}</p>}
      <h3 class='small'>History</h3>
      <ul class='identity-history' data-testid='identity-history'>
        {identity.history.slice(0, 100).map(v => (
          <li key={v.version} data-testid='identity-version' data-version={v.version}>
            <strong>version {v.version}</strong>{v.version === 0 && ' (the genesis)'}
            {v.timestamp != null && <span class='muted'> · {relativeTime(v.timestamp, Date.now())}</span>}
            <div class='small'>delegates {v.delegates.map(shortPeer).join(', ')} · threshold {v.threshold}</div>
            <div class='small muted'>signed by {v.signers.map(shortPeer).join(', ')}</div>
          </li>
        ))}
      </ul>
    </section>
  )
}
