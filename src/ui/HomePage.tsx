import { useSnapshot } from './hooks.js'
import type { Network } from '../app/network.js'

export function HomePage ({ network }: { network: Network }) {
  const s = useSnapshot(network)
  return (
    <section class='card'>
      <h1>Guts</h1>
      <p>
        Share and collaborate on code without a central server. This tab is a peer of the Guts network:
        it talks to other tabs directly over WebRTC, and to relays for discovery.
      </p>
      <p>
        {s.state === 'connected'
          ? <>You are on the network. See your PeerId and connections on the <a href='#/network'>network page</a>.</>
          : <>Joining the network… the <a href='#/network'>network page</a> shows the details.</>}
      </p>
    </section>
  )
}
