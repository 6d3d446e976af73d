// The repository's patches: open (drafts with them), merged or archived,
// with counts; one label; a title search. The filters live in the link
// (links.ts patchesLink); the list re-reads on every change, so a peer's
// new patch or review shows as it lands.
import { useEffect, useMemo, useState } from 'preact/hooks'
import { relativeTime } from '../../render/time.js'
import { useNow } from '../hooks.js'
import { rememberedMe, useLoad, useReposVersion } from './issue-action.js'
import { latestPatches } from './patch-action.js'
import { filterPatches, type PatchFilter } from './patch-filter.js'
import { CommentIcon } from './IssueIcons.js'
import { IssueLabel } from './IssueLabel.js'
import { PatchStatusIcon } from './PatchIcons.js'
import { PATCH_STATUS_WORDS } from './patch-words.js'
import { shortId, whoWords } from './issue-words.js'
import { shortOid } from './format.js'
import { newPatchLink, parsePatchesRoute, parseRepoRoute, patchesLink, patchLink } from './links.js'
import type { GutsApp, PatchSummary, RepoRecord } from '../../app/types.js'
import './IssueView.css'
import './PatchView.css'

/** rows drawn at once; the rest behind "Show more" */
const PAGE = 100

export function PatchesView ({ app, record, initial }: { app: GutsApp, record: RepoRecord, initial: PatchFilter }) {
  const version = useReposVersion(app)
  const now = useNow(60_000)
  const [filter, setFilterState] = useState<PatchFilter>(initial)
  const [shown, setShown] = useState(PAGE)
  const list = useLoad(async () => await latestPatches(app, record, version), [record.rid, version])
  const me = app.repos.writers(record).find(w => w.me)?.peer ?? rememberedMe()
  const setFilter = (f: Partial<PatchFilter>): void => {
    const next = { ...filter, ...f }
    setFilterState(next)
    setShown(PAGE)
    // the link follows without a navigation (a hashchange would redraw the page)
    history.replaceState(history.state, '', patchesLink(record.rid, next))
  }
  // a link to the list followed while it shows (the tab, a label): its filters
  useEffect(() => {
    const on = (): void => {
      const route = parseRepoRoute(location.hash.replace(/^#/, ''))
      if (route?.view !== 'patches' || route.rid !== record.rid) return
      const r = parsePatchesRoute(route.rest, route.query)
      if (r.kind === 'list') setFilterState(r.filter)
    }
    addEventListener('hashchange', on)
    return () => removeEventListener('hashchange', on)
  }, [record.rid])
  const result = useMemo(() => filterPatches(list.value?.patches ?? [], filter), [list.value, filter])
  const pending = list.value?.pending ?? 0
  const stateButton = (state: PatchFilter['state'], count: number, words: string) => (
    <button type='button' class={`link issues-state${filter.state === state ? ' active' : ''}`} aria-pressed={filter.state === state} onClick={() => setFilter({ state })} data-testid={`patch-filter-${state}`}>
      <PatchStatusIcon status={state} /> <span data-testid={`patch-${state}-count`}>{count}</span> {words}
    </button>
  )
  return (
    <section class='issues patches' data-testid='patches'>
      <div class='issues-toolbar'>
        <input type='search' value={filter.q} onInput={e => setFilter({ q: (e.target as HTMLInputElement).value })} placeholder='Search titles' aria-label='Search patch titles' data-testid='patch-search' />
        <a class='button primary' href={newPatchLink(record.rid)} data-testid='new-patch'>New patch</a>
      </div>
      <div class='card issues-card'>
        <div class='issues-head'>
          {stateButton('open', result.open, 'Open')}
          {stateButton('merged', result.merged, 'Merged')}
          {stateButton('archived', result.archived, 'Archived')}
          {result.draft > 0 && stateButton('draft', result.draft, 'Draft')}
          {filter.label !== '' && (
            <span class='issues-label-filter' data-testid='label-filter'>
              label <IssueLabel rid={record.rid} name={filter.label} onRemove={() => setFilter({ label: '' })} />
            </span>
          )}
          {(list.value?.labels.length ?? 0) > 0 && filter.label === '' && (
            <select class='issues-labels' value='' onChange={e => setFilter({ label: (e.target as HTMLSelectElement).value })} aria-label='Filter by label' data-testid='patch-label-select'>
              <option value=''>Label</option>
              {list.value!.labels.map(l => <option key={l} value={l}>{l}</option>)}
            </select>
          )}
        </div>
        {list.error != null && <p class='error-text issues-empty' role='alert'>Cannot read the patches: {list.error.message}</p>}
        {list.value == null && list.error == null && <p class='muted issues-empty' data-testid='patches-loading'>Loading patches…</p>}
        {list.value != null && result.patches.length === 0 && (
          <div class='issues-empty' data-testid='patches-empty'>
            {list.value.patches.length === 0
              ? <><p><strong>No patches yet.</strong></p><p class='muted'>A patch proposes a branch’s commits for another branch: reviewed line by line, revised, and merged by a delegate.</p><a class='button primary' href={newPatchLink(record.rid)}>Propose the first patch</a></>
              : <p class='muted'>No {filter.state} patches match.{(filter.q !== '' || filter.label !== '') && <> <button type='button' class='link' onClick={() => setFilter({ q: '', label: '' })}>Clear the filters</button></>}</p>}
          </div>
        )}
        <ul class='issue-rows'>
          {result.patches.slice(0, shown).map(p => <PatchRow key={p.id} rid={record.rid} patch={p} me={me} now={now} onLabel={label => setFilter({ label })} />)}
        </ul>
        {result.patches.length > shown && <p class='issues-more'><button type='button' onClick={() => setShown(shown + PAGE)}>Show more ({result.patches.length - shown} left)</button></p>}
      </div>
      {pending > 0 && <p class='muted small' data-testid='patches-pending'>{pending} {pending === 1 ? 'patch' : 'patches'} still arriving</p>}
    </section>
  )
}

function PatchRow ({ rid, patch: p, me, now, onLabel }: { rid: string, patch: PatchSummary, me?: string, now: number, onLabel: (label: string) => void }) {
  const words = PATCH_STATUS_WORDS[p.status]
  return (
    <li class='issue-row' data-testid='patch-row' data-patch={p.id} data-status={p.status}>
      <span class={`issue-row-icon patch-icon-${p.status}`} title={words} aria-label={words}><PatchStatusIcon status={p.status} /></span>
      <div class='issue-row-main'>
        <a class='issue-row-title' href={patchLink(rid, p.id)} data-testid='patch-link'>{p.title}</a>
        {p.status === 'draft' && <span class='tag'>draft</span>}
        {p.labels.map(l => <IssueLabel key={l} rid={rid} name={l} onPick={onLabel} />)}
        <div class='muted small'>
          #{shortId(p.id)} · <span title={p.author}>{whoWords(p.author, me)}</span> opened {relativeTime(p.at, now)} · <code class='patch-branches'>{p.target} ← {shortOid(p.head)}</code>
          {' '}· {p.revisions} {p.revisions === 1 ? 'revision' : 'revisions'}
        </div>
      </div>
      <span class='patch-row-stats'>
        {p.accepts > 0 && <span class='ok-text' title={`${p.accepts} accepted`} data-testid='patch-accepts'>✓ {p.accepts}</span>}
        {p.rejects > 0 && <span class='error-text' title={`${p.rejects} rejected`} data-testid='patch-rejects'>✗ {p.rejects}</span>}
        {p.comments > 0 && <a class='issue-row-comments muted' href={patchLink(rid, p.id)} title={`${p.comments} ${p.comments === 1 ? 'comment' : 'comments'}`}><CommentIcon /> {p.comments}</a>}
      </span>
    </li>
  )
}
