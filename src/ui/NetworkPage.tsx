import { useState } from 'preact/hooks'
import { KIND_LABEL } from '../app/labels.js'
import { CopyButton } from './CopyButton.js'
import { useNow, useSnapshot } from './hooks.js'
import { shortPeer as short, untilText } from './network-words.js'
import type { NetworkHandle } from '../app/types.js'

export function NetworkPage ({ network }: { network: NetworkHandle }) {
  const s = useSnapshot(network)
  const now = useNow(s.offline != null ? 1000 : undefined)
  return (
    <>
      <section class='card'>
        <h1>This tab</h1>
        <dl class='facts'>
          <dt>PeerId</dt>
          <dd><code data-testid='peer-id'>{s.peerId}</code> <CopyButton text={s.peerId} /></dd>
          <dt>Address</dt>
          <dd>
            {s.shareAddrs.length === 0
              ? <span class='muted'>none yet: waiting for a relay reservation</span>
              : <><code data-testid='share-addr' class='wrap'>{s.shareAddrs[0]}</code> <CopyButton text={s.shareAddrs[0]} /></>}
          </dd>
        </dl>
        <p class='muted'>Another person can paste your PeerId or address below to connect to this tab directly.</p>
      </section>
      <ConnectForm network={network} />
      <section class='card'>
        <h2>Relays</h2>
        {s.relays.length === 0
          ? <p class='muted'>No relay known. Open Guts from a relay, or add one in <a href='#/settings'>Settings</a>.</p>
          : (
            <ul class='list' data-testid='relays'>
              {s.relays.map(r => (
                <li key={r.peerId}>
                  <span class={`dot ${r.connected ? 'on' : 'off'}`} />
                  <code>{short(r.peerId)}</code> <span class='muted'>{r.connected ? 'connected' : 'not connected'} · {r.source}</span>
                  <div class='muted small wrap'>{r.addrs[0]}</div>
                </li>
              ))}
            </ul>
            )}
        {s.offline != null && (
          <div class='error-text' data-testid='offline'>
            <p>Offline: {s.offline.reason}{s.offline.nextTry != null && <>; trying again {untilText(s.offline.nextTry, now)}</>}.</p>
            {s.offline.tried.length > 0 && (
              <ul class='list small'>
                {s.offline.tried.map(t => <li key={t.peer}><code>{short(t.peer)}</code> <span class='muted wrap'>{t.addr}</span>: {t.error}</li>)}
              </ul>
            )}
          </div>
        )}
        {s.offline == null && s.error != null && s.relayCount === 0 && <p class='error-text'>Last error: {s.error}</p>}
      </section>
      <section class='card'>
        <h2>Connections <span class='muted'>({s.connections.length})</span></h2>
        {s.connections.length === 0
          ? <p class='muted'>No open connections.</p>
          : (
            <table class='conns' data-testid='connections'>
              <thead><tr><th>Peer</th><th>Transport</th><th class='conn-dir'>Direction</th><th>Ping</th><th /></tr></thead>
              <tbody>
                {s.connections.map(c => (
                  <tr key={c.id} data-kind={c.kind} data-peer={c.peerId}>
                    <td><code title={c.peerId}>{short(c.peerId)}</code>{c.relay && <span class='tag'>relay</span>}</td>
                    <td>{KIND_LABEL[c.kind]}{c.limited && <span class='tag'>limited</span>}</td>
                    <td class='conn-dir'>{c.direction}</td>
                    <td>{c.rtt != null ? `${Math.round(c.rtt)} ms` : '…'}</td>
                    <td>{!c.relay && <button class='link' onClick={() => { void network.hangUp(c.peerId) }}>Disconnect</button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            )}
      </section>
    </>
  )
}

function ConnectForm ({ network }: { network: NetworkHandle }) {
  const [target, setTarget] = useState('')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<{ ok: boolean, text: string } | undefined>()
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault()
    if (target.trim() === '' || busy) return
    setBusy(true)
    setResult(undefined)
    try {
      const r = await network.connect(target)
      setResult({ ok: true, text: `Connected to ${short(r.peerId)} in ${Math.round(r.ms)} ms.` })
      setTarget('')
    } catch (err: any) {
      setResult({ ok: false, text: `Could not connect: ${err.message}` })
    } finally {
      setBusy(false)
    }
  }
  return (
    <section class='card'>
      <h2>Connect to a peer</h2>
      <form class='row' onSubmit={(e) => { void submit(e) }}>
        <input
          data-testid='connect-input' value={target} placeholder='PeerId or address'
          onInput={(e) => setTarget((e.target as HTMLInputElement).value)} spellcheck={false} autocomplete='off'
        />
        <button type='submit' disabled={busy} data-testid='connect-button'>{busy ? 'Connecting…' : 'Connect'}</button>
      </form>
      {result != null && <p class={result.ok ? 'ok-text' : 'error-text'} data-testid='connect-result'>{result.text}</p>}
    </section>
  )
}
