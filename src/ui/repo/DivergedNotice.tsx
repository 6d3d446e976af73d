// When delegates' branches are not on one line, the canonical branch stays
// where they meet: say so, with each delegate's tip, rather than pick silently.
import { commitLink } from './links.js'
import { shortPeer } from './peer-words.js'
import type { Divergence } from '../../app/types.js'

const short = (oid: string): string => oid.slice(0, 7)

export function DivergedNotice ({ rid, diverged }: { rid: string, diverged: Divergence[] }) {
  if (diverged.length === 0) return null
  return (
    <section class='card diverged-notice' role='status' data-testid='diverged'>
      {diverged.slice(0, 20).map(d => {
        const name = d.ref.replace(/^refs\/(heads|tags)\//, '')
        return (
          <div key={d.ref}>
            <strong>{name}</strong>: delegates disagree — {d.chosen != null ? <>showing <a href={commitLink(rid, d.chosen)}><code>{short(d.chosen)}</code></a> where they meet</> : 'not shown until they agree'}
            <ul class='small'>
              {Object.entries(d.tips).map(([peer, oid]) => <li key={peer}><code title={peer}>{shortPeer(peer)}</code> at <a href={commitLink(rid, oid)}><code>{short(oid)}</code></a></li>)}
            </ul>
          </div>
        )
      })}
    </section>
  )
}
