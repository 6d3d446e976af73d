// A directory's README, below its file list. It loads and renders on its
// own, after the list: a README that is slow, huge or hostile never holds
// the files up or hides them. What does not render shows as escaped text.
import { renderReadme } from '../../render/readme.js'
import { useAsync } from '../hooks.js'

export function ReadmeCard ({ name, oid, load }: { name: string, oid: string, load: () => Promise<Uint8Array | undefined> }) {
  const view = useAsync(async () => {
    const bytes = await load()
    return bytes === undefined ? undefined : renderReadme(name, bytes, { key: oid })
  }, [name, oid])
  const v = view.value
  return (
    <section class='card readme'>
      <h2 class='muted small'>{name}</h2>
      {view.error != null && <p class='error-text' data-testid='readme-error'>Cannot show {name}: {view.error.message}</p>}
      {v === undefined && view.error == null && <p class='muted'>{view.loading ? 'Loading…' : `${name} is missing.`}</p>}
      {v !== undefined && v.html !== '' && <div class='markdown' data-testid='readme' dangerouslySetInnerHTML={{ __html: v.html }} />}
      {v?.notice !== undefined && <p class='muted small' data-testid='readme-notice'>{v.notice}</p>}
      {v !== undefined && v.text !== '' && <div class='markdown'><pre data-testid={v.html === '' ? 'readme' : 'readme-rest'}>{v.text}</pre></div>}
    </section>
  )
}
