// Compare two branches, tags or commits (`<base>...<head>`): the commits
// head has and base has not (`git log base..head`), and what head changed
// since they forked (`git diff base...head`: the merge base to head): the
// files listed at once, their diffs computed after, near the screen first.
import { useMemo } from 'preact/hooks'
import { relativeTime } from '../../render/time.js'
import { useAsync } from '../hooks.js'
import { DiffFiles } from './DiffFiles.js'
import { useFileDiffs } from './useFileDiffs.js'
import { shortOid, subject } from './format.js'
import { commitLink, compareLink } from './links.js'
import { RefPicker } from './RefSelector.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'
import './CompareView.css'

/** `base...head`; a ref may hold '/' but never '..' (git refuses it), so the first '...' splits. No '...': head against the default branch. */
export function parseCompareSpec (spec: string, defaultBranch: string): { base: string, head: string } {
  const at = spec.indexOf('...')
  if (at < 0) return { base: defaultBranch, head: spec === '' ? defaultBranch : spec }
  return { base: spec.slice(0, at) || defaultBranch, head: spec.slice(at + 3) || defaultBranch }
}

export function CompareView ({ app, record, spec }: { app: GutsApp, record: RepoRecord, spec: string }) {
  const { base, head } = parseCompareSpec(spec, record.defaultBranch)
  const data = useAsync(async () => app.repos.compare(record, base, head), [record.rid, app.repos.versionOf(record), base, head])
  const go = (b: string, h: string): void => { location.hash = compareLink(record.rid, b, h) }
  const c = data.value != null && data.value.base.rev === base && data.value.head.rev === head ? data.value : undefined
  const now = Date.now()
  const deltas = useMemo(() => c?.files.map(f => f.delta) ?? [], [c])
  // (files the query computed already are taken as they are)
  const diffs = useFileDiffs(deltas.length, c === undefined ? undefined : async (i, signal) => c.files[i].pending === true ? await app.repos.fileDiff(record, deltas[i], { signal }) : c.files[i], [c])
  const added = diffs.bodies.reduce((n, f) => n + (f?.diff?.added ?? 0), 0)
  const removed = diffs.bodies.reduce((n, f) => n + (f?.diff?.removed ?? 0), 0)
  const s = (n: number): string => n === 1 ? '' : 's'
  return (
    <>
      <section class='card compare-head'>
        <h2>Compare</h2>
        <div class='row compare-pickers'>
          <span class='muted small'>base</span>
          <RefPicker record={record} current={base} onPick={(b) => go(b, head)} label='Base' testid='compare-base' allowCommit />
          <span aria-hidden='true'>←</span>
          <span class='muted small'>head</span>
          <RefPicker record={record} current={head} onPick={(h) => go(base, h)} label='Head' testid='compare-head' allowCommit />
          <a class='small' href={compareLink(record.rid, head, base)} data-testid='compare-swap'>Swap</a>
        </div>
        {data.error != null && <p class='error-text' data-testid='compare-status'>Cannot compare: {data.error.message}</p>}
        {c == null && data.error == null && <p class='muted'>Comparing…</p>}
        {c != null && (
          <p data-testid='compare-status' class={`compare-status status-${c.status}`}>
            {c.status === 'identical' && <><b>{base}</b> and <b>{head}</b> are identical: both are commit <code>{shortOid(c.head.commit)}</code>.</>}
            {c.status === 'unrelated' && <><b>{base}</b> and <b>{head}</b> have no common ancestor: they are entirely different histories, so there is no diff to show.</>}
            {c.status === 'behind' && <>Nothing to compare: every commit of <b>{head}</b> is in <b>{base}</b> already ({c.behind} commit{s(c.behind)} behind).</>}
            {(c.status === 'ahead' || c.status === 'diverged') && <>
              <b>{head}</b> is {c.ahead} commit{s(c.ahead)} ahead of <b>{base}</b>{c.behind > 0 && <> and {c.behind} behind</>}, since their merge base <a href={commitLink(record.rid, c.mergeBase!)}><code>{shortOid(c.mergeBase!)}</code></a>{c.mergeBases > 1 && ` (the newest of ${c.mergeBases})`}.
            </>}
          </p>
        )}
      </section>
      {c != null && c.commits.length > 0 && (
        <section class='card'>
          <h2>{c.ahead} commit{s(c.ahead)}{c.status === 'unrelated' && ` in ${head}`}</h2>
          <ul class='list commits' data-testid='compare-commits'>
            {c.commits.map(x => (
              <li key={x.oid}>
                <a href={commitLink(record.rid, x.oid)} class='commit-subject'>{subject(x.message)}</a>
                <div class='muted small'>
                  <b>{x.author.name}</b> committed {relativeTime(x.author.timestamp * 1000, now)} · <a href={commitLink(record.rid, x.oid)}><code>{shortOid(x.oid)}</code></a>
                  {x.parents.length > 1 && <span class='tag'>merge</span>}
                </div>
              </li>
            ))}
          </ul>
          {c.ahead > c.commits.length && <p class='muted small'>Showing the first {c.commits.length} of {c.ahead} commits.</p>}
        </section>
      )}
      {c != null && (c.status === 'ahead' || c.status === 'diverged') && (
        <>
          <section class='card'>
            <p data-testid='compare-stats'>{c.total} file{s(c.total)} changed, {diffs.done ? <><span class='ok-text'>+{added}</span> <span class='error-text'>−{removed}</span></> : <span class='muted' data-testid='counting'>counting…</span>}</p>
            {c.total > c.files.length && <p class='muted'>Showing the first {c.files.length} files.</p>}
            {c.total === 0 && <p class='muted'>The commits change no file.</p>}
          </section>
          <DiffFiles rid={record.rid} oid={c.head.commit} deltas={deltas} bodies={diffs.bodies} errors={diffs.errors} want={diffs.want} />
        </>
      )}
    </>
  )
}
