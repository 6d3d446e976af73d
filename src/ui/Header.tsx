import { useNow, useSnapshot } from './hooks.js'
import { offlineText, statusText } from './network-words.js'
import type { NetworkHandle } from '../app/types.js'

export function Header ({ network, route }: { network: NetworkHandle, route: string }) {
  const s = useSnapshot(network)
  // offline: the next try counts down
  const now = useNow(s.offline != null ? 1000 : undefined)
  const status = statusText(s)
  const reason = s.offline != null ? offlineText(s.offline, now) : undefined
  const link = (href: string, label: string) => (
    <a href={href} class={route === href.slice(1) ? 'active' : undefined}>{label}</a>
  )
  return (
    <header class='top'>
      <a class='brand' href='#/'><img src='/icon.svg' alt='' width={24} height={24} />Guts</a>
      <nav>{link('#/', 'Home')}{link('#/network', 'Network')}{link('#/settings', 'Settings')}</nav>
      <a href='#/network' class={`status status-${s.state}`} data-testid='net-status' title={reason ?? s.error ?? status}>
        <span class='dot' />{status}
        {reason != null && <span class='status-reason' data-testid='net-reason'>{reason}</span>}
      </a>
    </header>
  )
}
