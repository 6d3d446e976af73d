// Over a view of one writer's namespace: whose refs these are, and the way back.
import { repoHome, remotesLink } from './links.js'
import { shortPeer } from './peer-words.js'
import type { WriterView } from '../../app/types.js'

export function NamespaceBanner ({ rid, writer }: { rid: string, writer: WriterView }) {
  const who = writer.me ? 'your' : `${shortPeer(writer.peer)}’s`
  return (
    <section class='card namespace-banner' data-testid='namespace-banner'>
      Viewing {who} {writer.delegate ? 'refs (a delegate)' : 'fork'} <code class='wrap small' title={writer.peer}>{shortPeer(writer.peer)}</code>
      {' · '}<a href={repoHome(rid)} data-testid='back-to-repo'>Back to the repository</a>
      {' · '}<a href={remotesLink(rid)}>All forks</a>
    </section>
  )
}
