// The Forks view: everyone who writes this repository (delegates first), how
// far their default branch is from the canonical one, and links into their
// namespace; then its maintainers.
import { useAsync } from '../hooks.js'
import { relativeTime } from '../../render/time.js'
import { CopyButton } from '../CopyButton.js'
import { ForkButton } from './ForkButton.js'
import { branchesLink, commitsLink, inNamespace, treeLink } from './links.js'
import { MaintainersView } from './MaintainersView.js'
import { shortPeer } from './peer-words.js'
import type { GutsApp, RepoRecord, WriterView } from '../../app/types.js'
import './RemotesView.css'

type AheadBehind = Awaited<ReturnType<GutsApp['repos']['aheadBehind']>>[string]

/** writers listed; past this the rest are counted, not drawn */
const MAX_SHOWN = 200

export function RemotesView ({ app, record }: { app: GutsApp, record: RepoRecord }) {
  // writers of code: who only took part in issues and patches has no fork to show
  const writers = app.repos.writers(record).filter(w => w.delegate || w.fork)
  const head = `refs/heads/${record.defaultBranch}`
  const shown = writers.slice(0, MAX_SHOWN)
  const tips = [...new Set(shown.map(w => w.refs[head]).filter((t): t is string => t != null))]
  const key = tips.join(' ')
  // the record's canonical refs
  const base = app.repos.refsOf(record)[head]
  const counts = useAsync(async () => tips.length === 0 || base == null ? {} : await app.repos.aheadBehind(record, record.defaultBranch, tips), [record.rid, base, key])
  const forkable = !app.repos.isDelegate(record) && !app.repos.hasFork(record)
  return (
    <>
      <section class='card remotes' data-testid='remotes'>
        <div class='row spread'>
          <h2>Forks and delegates</h2>
          {forkable && <ForkButton app={app} record={record} />}
        </div>
        <p class='muted small'>Each writer signs its own branches and tags. The repository’s branches are the delegates’: the newest commit enough of them have.</p>
        {writers.length === 0
          ? <p class='muted'>No writer’s refs are held here yet.</p>
          : <ul class='writers'>{shown.map(w => <WriterRow key={w.peer} rid={record.rid} writer={w} head={head} branch={record.defaultBranch} counts={counts.value?.[w.refs[head] ?? '']} />)}</ul>}
        {writers.length > MAX_SHOWN && <p class='muted small'>and {(writers.length - MAX_SHOWN).toLocaleString('en')} more</p>}
        {counts.error != null && <p class='error-text small'>Could not compare with {record.defaultBranch}: {counts.error.message}</p>}
      </section>
      <MaintainersView app={app} record={record} />
    </>
  )
}

function WriterRow ({ rid, writer: w, head, branch, counts }: { rid: string, writer: WriterView, head: string, branch: string, counts?: AheadBehind }) {
  const inside = (link: string): string => inNamespace(w.peer, link)
  const tip = w.refs[head]
  return (
    <li class='writer' data-testid='writer' data-peer={w.peer}>
      <div class='row'>
        <a href={inside(treeLink(rid, branch))}><code title={w.peer}>{shortPeer(w.peer)}</code></a>
        <CopyButton text={w.peer} />
        {w.delegate && <span class='tag' data-testid='delegate-badge'>delegate</span>}
        {w.me && <span class='tag you'>you</span>}
      </div>
      <div class='muted small'>
        <a href={inside(branchesLink(rid))}>{plural(w.branches, 'branch', 'branches')}</a>
        {' · '}{plural(w.tags, 'tag', 'tags')}
        {' · '}<a href={inside(commitsLink(rid, branch))}>commits</a>
        {w.timestamp > 0 && <> · active {relativeTime(w.timestamp, Date.now())}</>}
        {' · '}<span data-testid='ahead-behind'>{tip == null ? `no ${branch}` : counts == null ? '…' : counts.ahead === 0 && counts.behind === 0 ? `even with ${branch}` : `${counts.ahead} ahead, ${counts.behind} behind ${branch}`}</span>
      </div>
    </li>
  )
}

const plural = (n: number, one: string, many: string): string => `${n.toLocaleString('en')} ${n === 1 ? one : many}`
