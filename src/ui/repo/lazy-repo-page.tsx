// The repository pages, loaded on first use: with them come highlighting,
// Markdown, diffs and the views, which the home, network and settings pages
// never need. The app preloads them when idle (preloadRepoPage), so the
// first repository a person opens seldom waits.
import { useAsync } from '../hooks.js'
import type { RepoRoute } from './links.js'
import type { GutsApp } from '../../app/types.js'

type RepoPageModule = typeof import('./RepoPage.js')
let loading: Promise<RepoPageModule> | undefined

export async function preloadRepoPage (): Promise<RepoPageModule> {
  loading ??= import('./RepoPage.js').catch((err: unknown) => { loading = undefined; throw err })
  return loading
}

export function LazyRepoPage ({ app, route }: { app: GutsApp, route: RepoRoute }) {
  const mod = useAsync(preloadRepoPage, [])
  if (mod.error != null) {
    return (
      <section class='card'>
        <h1>This page could not be loaded</h1>
        <p class='muted'>{mod.error.message}</p>
        <p>The app's repository views did not arrive (offline before they were ever loaded?). <a href={location.href} onClick={() => location.reload()}>Reload</a></p>
      </section>
    )
  }
  if (mod.value == null) return <section class='card muted'>Loading…</section>
  const { RepoPage } = mod.value
  return <RepoPage app={app} route={route} />
}
