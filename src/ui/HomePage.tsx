import { relativeTime } from '../render/time.js'
import { useAsync, useSnapshot } from './hooks.js'
import { plural } from './repo/format.js'
import { repoHome } from './repo/links.js'
import type { GutsApp } from '../app/types.js'

export function HomePage ({ app }: { app: GutsApp }) {
  const s = useSnapshot(app.network)
  const version = useSnapshot({ snapshot: app.repos.version, subscribe: app.repos.subscribe })
  const list = useAsync(async () => app.repos.list(), [version])
  const now = Date.now()
  return (
    <>
      <section class='card'>
        <div class='row spread'>
          <h1>Repositories</h1>
          <div class='row'>
            <a class='button' href='#/import' data-testid='import-link'>Import</a>
            <a class='button primary' href='#/new' data-testid='new-repo-link'>New repository</a>
          </div>
        </div>
        {list.error != null && <p class='error-text'>Could not read your repositories: {list.error.message}</p>}
        {list.value != null && list.value.length === 0 && (
          <p class='muted'>No repositories yet. Create one, or import one from a git bundle or a folder with a <code>.git</code> directory.</p>
        )}
        {list.value != null && list.value.length > 0 && (
          <ul class='list repo-list' data-testid='repo-list'>
            {list.value.map(r => (
              <li key={r.rid}>
                <a href={repoHome(r.rid)} class='repo-name'>{r.name}</a>
                {r.description !== '' && <div class='muted'>{r.description}</div>}
                <div class='muted small'>updated {relativeTime(r.updated, now)} · {plural(Object.keys(app.repos.refsOf(r)).length, 'ref')}</div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class='card'>
        <p class='muted'>
          Guts keeps repositories in this browser and shares them peer to peer.{' '}
          {s.state === 'connected'
            ? <>You are on the network (<a href='#/network'>details</a>).</>
            : s.state === 'offline'
              ? <>You are offline: your repositories still open here, and sync when a relay is back (<a href='#/network'>why</a>).</>
              : <>Joining the network… (<a href='#/network'>details</a>)</>}
        </p>
      </section>
    </>
  )
}
