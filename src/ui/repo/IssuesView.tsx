// The repository's issues: open or closed (with counts), one label, a title
// search, newest or recently active first. The filters live in the link
// (links.ts issuesLink), so a filtered list can be shared or reloaded; the
// list re-reads on every change, so a peer's new issue shows as it lands.
import { useEffect, useMemo, useState } from 'preact/hooks'
import { relativeTime } from '../../render/time.js'
import { useNow } from '../hooks.js'
import { latestIssues, rememberedMe, useLoad, useReposVersion } from './issue-action.js'
import { filterIssues, type IssueFilter } from './issue-filter.js'
import { ClosedIcon, CommentIcon, OpenIcon } from './IssueIcons.js'
import { IssueLabel } from './IssueLabel.js'
import { shortId, statusWords, whoWords } from './issue-words.js'
import { issueLink, issuesLink, newIssueLink, parseIssuesRoute, parseRepoRoute } from './links.js'
import type { GutsApp, IssueSummary, RepoRecord } from '../../app/types.js'
import './IssueView.css'

/** rows drawn at once; the rest behind "Show more" (a repository may hold thousands) */
const PAGE = 100

export function IssuesView ({ app, record, initial }: { app: GutsApp, record: RepoRecord, initial: IssueFilter }) {
  const version = useReposVersion(app)
  const now = useNow(60_000)
  const [filter, setFilterState] = useState<IssueFilter>(initial)
  const [shown, setShown] = useState(PAGE)
  const list = useLoad(async () => await latestIssues(app, record, version), [record.rid, version])
  const me = app.repos.writers(record).find(w => w.me)?.peer ?? rememberedMe()
  const setFilter = (f: Partial<IssueFilter>): void => {
    const next = { ...filter, ...f }
    setFilterState(next)
    setShown(PAGE)
    // the link follows without a navigation (a hashchange would redraw the page)
    history.replaceState(history.state, '', issuesLink(record.rid, next))
  }
  // a link to the list followed while it shows (the Issues tab, a label elsewhere): its filters
  useEffect(() => {
    const on = (): void => {
      const route = parseRepoRoute(location.hash.replace(/^#/, ''))
      if (route?.view !== 'issues' || route.rid !== record.rid) return
      const r = parseIssuesRoute(route.rest, route.query)
      if (r.kind === 'list') setFilterState(r.filter as IssueFilter)
    }
    addEventListener('hashchange', on)
    return () => removeEventListener('hashchange', on)
  }, [record.rid])
  const result = useMemo(() => filterIssues(list.value?.issues ?? [], filter), [list.value, filter])
  const pending = list.value?.pending ?? 0
  return (
    <section class='issues' data-testid='issues'>
      <div class='issues-toolbar'>
        <input type='search' value={filter.q} onInput={e => setFilter({ q: (e.target as HTMLInputElement).value })} placeholder='Search titles' aria-label='Search issue titles' data-testid='issue-search' />
        <select value={filter.sort} onChange={e => setFilter({ sort: (e.target as HTMLSelectElement).value as IssueFilter['sort'] })} aria-label='Sort' data-testid='issue-sort'>
          <option value='newest'>Newest</option>
          <option value='updated'>Recently active</option>
        </select>
        <a class='button primary' href={newIssueLink(record.rid)} data-testid='new-issue'>New issue</a>
      </div>
      <div class='card issues-card'>
        <div class='issues-head'>
          <button type='button' class={`link issues-state${filter.state === 'open' ? ' active' : ''}`} aria-pressed={filter.state === 'open'} onClick={() => setFilter({ state: 'open' })} data-testid='filter-open'><OpenIcon /> <span data-testid='open-count'>{result.open}</span> Open</button>
          <button type='button' class={`link issues-state${filter.state === 'closed' ? ' active' : ''}`} aria-pressed={filter.state === 'closed'} onClick={() => setFilter({ state: 'closed' })} data-testid='filter-closed'><ClosedIcon /> <span data-testid='closed-count'>{result.closed}</span> Closed</button>
          {filter.label !== '' && (
            <span class='issues-label-filter' data-testid='label-filter'>
              label <IssueLabel rid={record.rid} name={filter.label} onRemove={() => setFilter({ label: '' })} />
            </span>
          )}
          {(list.value?.labels.length ?? 0) > 0 && filter.label === '' && (
            <select class='issues-labels' value='' onChange={e => setFilter({ label: (e.target as HTMLSelectElement).value })} aria-label='Filter by label' data-testid='label-select'>
              <option value=''>Label</option>
              {list.value!.labels.map(l => <option key={l} value={l}>{l}</option>)}
            </select>
          )}
        </div>
        {list.error != null && <p class='error-text issues-empty' role='alert'>Cannot read the issues: {list.error.message}</p>}
        {list.value == null && list.error == null && <p class='muted issues-empty' data-testid='issues-loading'>Loading issues…</p>}
        {list.value != null && result.issues.length === 0 && (
          <div class='issues-empty' data-testid='issues-empty'>
            {list.value.issues.length === 0
              ? <><p><strong>No issues yet.</strong></p><p class='muted'>Issues are written here and travel with the repository to everyone who holds it.</p><a class='button primary' href={newIssueLink(record.rid)}>Open the first issue</a></>
              : <p class='muted'>No {filter.state} issues match.{(filter.q !== '' || filter.label !== '') && <> <button type='button' class='link' onClick={() => setFilter({ q: '', label: '' })}>Clear the filters</button></>}</p>}
          </div>
        )}
        <ul class='issue-rows'>
          {result.issues.slice(0, shown).map(i => <IssueRow key={i.id} rid={record.rid} issue={i} me={me} now={now} sort={filter.sort} onLabel={label => setFilter({ label })} />)}
        </ul>
        {result.issues.length > shown && <p class='issues-more'><button type='button' onClick={() => setShown(shown + PAGE)}>Show more ({result.issues.length - shown} left)</button></p>}
      </div>
      {pending > 0 && <p class='muted small' data-testid='issues-pending'>{pending} {pending === 1 ? 'issue' : 'issues'} still arriving</p>}
    </section>
  )
}

function IssueRow ({ rid, issue: i, me, now, sort, onLabel }: { rid: string, issue: IssueSummary, me?: string, now: number, sort: IssueFilter['sort'], onLabel: (label: string) => void }) {
  const open = i.status.status === 'open'
  return (
    <li class='issue-row' data-testid='issue-row' data-issue={i.id}>
      <span class={`issue-row-icon ${open ? 'open' : 'closed'}`} title={statusWords(i.status)} aria-label={statusWords(i.status)}>{open ? <OpenIcon /> : <ClosedIcon />}</span>
      <div class='issue-row-main'>
        <a class='issue-row-title' href={issueLink(rid, i.id)} data-testid='issue-link'>{i.title}</a>
        {i.labels.map(l => <IssueLabel key={l} rid={rid} name={l} onPick={onLabel} />)}
        <div class='muted small'>
          #{shortId(i.id)} · <span title={i.author}>{whoWords(i.author, me)}</span> opened {relativeTime(i.at, now)}
          {sort === 'updated' && i.lastActivity > i.at && <> · active {relativeTime(i.lastActivity, now)}</>}
          {!open && <> · {statusWords(i.status).toLowerCase()}</>}
        </div>
      </div>
      {i.comments > 0 && <a class='issue-row-comments muted' href={issueLink(rid, i.id)} title={`${i.comments} ${i.comments === 1 ? 'comment' : 'comments'}`} data-testid='issue-comments'><CommentIcon /> {i.comments}</a>}
    </li>
  )
}
