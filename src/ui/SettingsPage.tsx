import { useState } from 'preact/hooks'
import { useSnapshot } from './hooks.js'
import { THEMES, chooseTheme, readTheme } from './theme.js'
import type { Theme } from './theme.js'
import type { GutsApp } from '../app/types.js'

export function SettingsPage ({ app }: { app: GutsApp }) {
  const network = app.network
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
    <>
      <AuthorSettings app={app} />
      <ThemeSettings />
      <section class='card'>
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
    </>
  )
}

function AuthorSettings ({ app }: { app: GutsApp }) {
  const current = app.repos.author()
  const [name, setName] = useState(current.name)
  const [email, setEmail] = useState(current.email)
  const [saved, setSaved] = useState(false)
  const save = async (e: Event): Promise<void> => {
    e.preventDefault()
    await app.repos.setAuthor(name, email)
    setSaved(true)
  }
  return (
    <section class='card'>
      <h1>Settings</h1>
      <h2>Commit author</h2>
      <p class='muted'>Commits you make in this browser carry this name and email.</p>
      <form class='stack' onSubmit={(e) => { void save(e) }}>
        <label>Name <input data-testid='author-name' value={name} maxLength={200} onInput={(e) => { setName((e.target as HTMLInputElement).value); setSaved(false) }} /></label>
        <label>Email <input data-testid='author-email' type='email' value={email} maxLength={200} placeholder='(optional)' onInput={(e) => { setEmail((e.target as HTMLInputElement).value); setSaved(false) }} /></label>
        <div><button type='submit' data-testid='save-author'>Save</button> {saved && <span class='ok-text'>Saved</span>}</div>
      </form>
    </section>
  )
}

const THEME_LABEL: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' }

function ThemeSettings () {
  const [theme, setTheme] = useState<Theme>(readTheme)
  const choose = (t: Theme): void => { chooseTheme(t); setTheme(t) }
  return (
    <section class='card'>
      <h2>Theme</h2>
      <fieldset class='theme-choice' data-testid='theme'>
        <legend class='muted'>Colours of this browser's Guts pages. System follows the light or dark setting of your device.</legend>
        {THEMES.map(t => (
          <label key={t}>
            <input type='radio' name='theme' value={t} checked={theme === t} onChange={() => choose(t)} data-testid={`theme-${t}`} />
            {THEME_LABEL[t]}
          </label>
        ))}
      </fieldset>
    </section>
  )
}
