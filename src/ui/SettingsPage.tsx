import { useState } from 'preact/hooks'
import { useSnapshot } from './hooks.js'
import type { Network } from '../app/network.js'

export function SettingsPage ({ network }: { network: Network }) {
  const s = useSnapshot(network)
  const [addr, setAddr] = useState('')
  const [error, setError] = useState<string | undefined>()
  const mine = s.relays.filter(r => r.source === 'settings')
  const add = async (e: Event): Promise<void> => {
    e.preventDefault()
    setError(undefined)
    try {
      await network.addRelay(addr)
      setAddr('')
    } catch (err: any) {
      setError(err.message)
    }
  }
  return (
    <section class='card'>
      <h1>Settings</h1>
      <h2>Relays</h2>
      <p class='muted'>
        Besides the relay that served this page, Guts connects to the relays listed here at every start.
        A relay prints its addresses when it starts; use a <code>/ws</code> or <code>/wss</code> one.
      </p>
      {mine.length > 0 && (
        <ul class='list' data-testid='settings-relays'>
          {mine.flatMap(r => r.addrs).map(a => (
            <li key={a}><code class='wrap'>{a}</code> <button class='link' onClick={() => { void network.removeRelay(a) }}>Remove</button></li>
          ))}
        </ul>
      )}
      <form class='row' onSubmit={(e) => { void add(e) }}>
        <input
          value={addr} placeholder='/dns4/relay.example.org/tcp/443/wss/p2p/12D3Koo…'
          onInput={(e) => setAddr((e.target as HTMLInputElement).value)} spellcheck={false} autocomplete='off'
        />
        <button type='submit'>Add relay</button>
      </form>
      {error != null && <p class='error-text'>{error}</p>}
    </section>
  )
}
