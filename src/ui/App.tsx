import { useHashRoute } from './hooks.js'
import { Header } from './Header.js'
import { HomePage } from './HomePage.js'
import { NetworkPage } from './NetworkPage.js'
import { SettingsPage } from './SettingsPage.js'
import type { GutsApp } from '../app/app.js'

export function App ({ app }: { app: GutsApp }) {
  const route = useHashRoute()
  let page
  if (route === '/network') page = <NetworkPage network={app.network} />
  else if (route === '/settings') page = <SettingsPage network={app.network} />
  else if (route === '/' || route === '') page = <HomePage network={app.network} />
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
