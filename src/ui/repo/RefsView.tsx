// The branches or tags page: a filter (instant over hundreds of refs), each
// ref's last commit, and for branches how far ahead of and behind the
// default branch each is, asked only for the rows drawn.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { relativeTime } from '../../render/time.js'
import { useAsync } from '../hooks.js'
import { shortOid } from './format.js'
import { commitLink, compareLink, treeLink } from './links.js'
import type { GutsApp, RepoRecord, Repositories } from '../../app/types.js'
import './RefsView.css'

type RefRow = Awaited<ReturnType<Repositories['refs']>>[number]
type Counts = Awaited<ReturnType<Repositories['aheadBehind']>>[string]

/** rows drawn at first, and added by each "Show more" */
export const ROWS_SHOWN = 100
/** heads asked about per call, so the first rows' counts come first */
const COUNT_BATCH = 25

export function RefsView ({ app, record, kind }: { app: GutsApp, record: RepoRecord, kind: 'branches' | 'tags' }) {
  const data = useAsync(async () => app.repos.refs(record, kind), [record.rid, app.repos.versionOf(record), kind])
  const [filter, setFilter] = useState('')
  const [shown, setShown] = useState(ROWS_SHOWN)
  useEffect(() => { setFilter(''); setShown(ROWS_SHOWN) }, [kind, record.rid])
  const rows = data.value ?? []
  const lower = useMemo(() => rows.map(r => r.name.toLowerCase()), [rows])
  const f = filter.trim().toLowerCase()
  const matching = f === '' ? rows : rows.filter((_, i) => lower[i].includes(f))
  const drawn = matching.slice(0, shown)
  const base = kind === 'branches' ? rows.find(r => r.isDefault) : undefined
  const counts = useCounts(app, record, base, kind === 'branches' ? drawn : [])
  const now = Date.now()
  const word = kind === 'branches' ? 'branch' : 'tag'

  if (data.error != null) return <section class='card error-text'>Cannot list the {kind}: {data.error.message}</section>
  const max = Math.max(1, ...drawn.map(r => Math.max(counts.get(countKey(base, r))?.ahead ?? 0, counts.get(countKey(base, r))?.behind ?? 0)))
  return (
    <section class='card refs-view'>
      <div class='row spread'>
        <h2>{data.value == null ? (kind === 'branches' ? 'Branches' : 'Tags') : `${rows.length} ${rows.length === 1 ? word : kind}`}</h2>
        <input class='refs-filter' type='search' data-testid='refs-filter' placeholder={`Filter ${kind}`} aria-label={`Filter ${kind}`} value={filter}
          onInput={(e) => { setFilter((e.target as HTMLInputElement).value); setShown(ROWS_SHOWN) }} />
      </div>
      {data.value == null && <p class='muted'>Loading…</p>}
      {data.value != null && rows.length === 0 && <p class='muted'>This repository has no {kind}.</p>}
      {data.value != null && rows.length > 0 && matching.length === 0 && <p class='muted' data-testid='refs-none'>No {word} matches “{filter.trim()}”.</p>}
      <ul class='list refs-list' data-testid='refs-list'>
        {drawn.map(r => {
          const c = counts.get(countKey(base, r))
          return (
            <li key={r.name} data-testid='ref-row' class='ref-row'>
              <div class='ref-main'>
                <a class='ref-title' href={treeLink(record.rid, r.name)} data-testid='ref-link'>{r.name}</a>
                {r.isDefault && <span class='tag'>default</span>}
                {r.tagSubject != null && r.tagSubject !== '' && <span class='muted small ref-tag-subject'> {r.tagSubject}</span>}
                <div class='muted small ref-commit'>
                  <a href={commitLink(record.rid, r.commit)} class='ref-subject'>{r.subject}</a>
                  {' · '}<b>{r.author.name}</b> · {relativeTime(r.date * 1000, now)} · <a href={commitLink(record.rid, r.commit)}><code>{shortOid(r.commit)}</code></a>
                </div>
              </div>
              {kind === 'branches' && !r.isDefault && base != null && <AheadBehindBars counts={c} max={max} />}
              {!r.isDefault && base?.name !== r.name && (
                <a class='small ref-compare' href={compareLink(record.rid, record.defaultBranch, r.name)} data-testid='ref-compare'>Compare</a>
              )}
            </li>
          )
        })}
      </ul>
      {matching.length > drawn.length && (
        <p class='row'>
          <button type='button' data-testid='refs-more' onClick={() => setShown(n => n + ROWS_SHOWN)}>Show more</button>
          <span class='muted small'>{drawn.length} of {matching.length}</span>
        </p>
      )}
    </section>
  )
}

const countKey = (base: RefRow | undefined, r: RefRow): string => `${base?.commit ?? ''} ${r.commit}`

/** Behind on the left, ahead on the right, as git's --left-right prints them; bars scaled to the largest drawn. */
function AheadBehindBars ({ counts, max }: { counts: Counts | undefined, max: number }) {
  if (counts == null) return <span class='ahead-behind muted small' aria-busy='true'>…</span>
  const width = (n: number): string => `${n === 0 ? 0 : Math.max(4, Math.round(100 * Math.log1p(n) / Math.log1p(max)))}%`
  return (
    <span class='ahead-behind small' data-testid='ahead-behind' title={`${counts.behind} commits behind, ${counts.ahead} ahead of the default branch`}>
      <span class='ab-side ab-behind'><span class='ab-num' data-testid='behind'>{counts.behind}</span><span class='ab-bar'><span style={{ width: width(counts.behind) }} /></span></span>
      <span class='ab-side ab-ahead'><span class='ab-bar'><span style={{ width: width(counts.ahead) }} /></span><span class='ab-num' data-testid='ahead'>{counts.ahead}</span></span>
    </span>
  )
}

/** Ahead/behind for the rows drawn, asked in batches, kept by the two tips (the app caches too). */
function useCounts (app: GutsApp, record: RepoRecord, base: RefRow | undefined, drawn: RefRow[]): Map<string, Counts> {
  const [counts, setCounts] = useState(() => new Map<string, Counts>())
  const known = useRef(counts)
  known.current = counts
  const drawnKey = base == null ? '' : drawn.filter(r => !r.isDefault).map(r => r.commit).join(' ')
  useEffect(() => {
    if (base == null || drawnKey === '') return
    const want = drawn.filter(r => !r.isDefault && !known.current.has(countKey(base, r)))
    const ac = new AbortController()
    void (async () => {
      for (let i = 0; i < want.length && !ac.signal.aborted; i += COUNT_BATCH) {
        const batch = want.slice(i, i + COUNT_BATCH)
        const got = await app.repos.aheadBehind(record, base.commit, batch.map(r => r.commit), { signal: ac.signal }).catch(() => undefined)
        if (got == null || ac.signal.aborted) return
        setCounts(m => {
          const next = new Map(m)
          for (const r of batch) if (got[r.commit] != null) next.set(countKey(base, r), got[r.commit])
          return next
        })
      }
    })()
    return () => ac.abort()
  }, [base?.commit, drawnKey])
  return counts
}
