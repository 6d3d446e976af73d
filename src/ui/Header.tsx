import { useSnapshot } from './hooks.js'
import type { Network } from '../app/network.js'

export function Header ({ network, route }: { network: Network, route: string }) {
  const s = useSnapshot(network)
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`
  const status = s.state === 'connected'
    ? `Connected to ${plural(s.relayCount, 'relay')}, ${plural(s.peerCount, 'peer')}`
    : s.state === 'offline' ? 'Offline' : s.state === 'starting' ? 'Starting…' : 'Connecting…'
  const link = (href: string, label: string) => (
    <a href={href} class={route === href.slice(1) ? 'active' : undefined}>{label}</a>
  )
  return (
    <header class='top'>
      <a class='brand' href='#/'><img src='/icon.svg' alt='' width={24} height={24} />Guts</a>
      <nav>{link('#/', 'Home')}{link('#/network', 'Network')}{link('#/settings', 'Settings')}</nav>
      <a href='#/network' class={`status status-${s.state}`} data-testid='net-status' title={s.error ?? status}>
        <span class='dot' />{status}
      </a>
    </header>
  )
}
