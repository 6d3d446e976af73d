import { useHashRoute } from './hooks.js'
import { Header } from './Header.js'
import { HomePage } from './HomePage.js'
import { NetworkPage } from './NetworkPage.js'
import { ImportPage } from './repo/ImportPage.js'
import { parseRepoRoute } from './repo/links.js'
import { NewRepoPage } from './repo/NewRepoPage.js'
import { LazyRepoPage } from './repo/lazy-repo-page.js'
import { SettingsPage } from './SettingsPage.js'
import type { GutsApp } from '../app/types.js'

export function App ({ app }: { app: GutsApp }) {
  const route = useHashRoute()
  const repoRoute = parseRepoRoute(route)
  let page
  if (repoRoute != null) page = <LazyRepoPage key={repoRoute.rid} app={app} route={repoRoute} />
  else if (route === '/network') page = <NetworkPage network={app.network} />
  else if (route === '/settings') page = <SettingsPage app={app} />
  else if (route === '/new') page = <NewRepoPage app={app} />
  else if (route === '/import') page = <ImportPage app={app} />
  else if (route === '/' || route === '') page = <HomePage app={app} />
  else page = <NotFound route={route} />
  return (
    <>
      <Header network={app.network} route={route} />
      <main>{page}</main>
    </>
  )
}

function NotFound ({ route }: { route: string }) {
  return (
    <section class='card'>
      <h1>Nothing here</h1>
      <p>There is no page at <code>#{route}</code>. <a href='#/'>Go home</a>.</p>
    </section>
  )
}
