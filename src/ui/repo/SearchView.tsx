// Search the contents of the files of a tree: the query lives in the route
// (`search/<ref>?q=`), so a search can be linked and Back works. Typing
// searches after a short pause; a newer query cancels the running one. The
// search runs in a worker (the handle's search), lines arrive as found.
import { useEffect, useRef, useState } from 'preact/hooks'
import { blobLink, blobLinesLink, searchLink } from './links.js'
import type { GutsApp, LineMatch, RepoRecord, SearchSummary } from '../../app/types.js'
import './SearchView.css'

/** Markdown files open rendered: a line of one is shown in its source (?plain=1) */
const MARKDOWN_FILE = /\.(md|markdown|mdown|mkd)$/i

/** typing pause before the query goes to the route (and so is searched) */
const DEBOUNCE_MS = 300

interface State {
  lines: LineMatch[]
  searched: number
  total: number
  summary?: SearchSummary
  error?: string
}

export function SearchView ({ app, record, rev, query }: { app: GutsApp, record: RepoRecord, rev: string, query: string }) {
  const [text, setText] = useState(query)
  const [caseSensitive, setCaseSensitive] = useState(false)
  const [regex, setRegex] = useState(false)
  const [state, setState] = useState<State | undefined>()
  const pushed = useRef(query)
  const timer = useRef<ReturnType<typeof setTimeout>>()

  // the route changed from elsewhere (Back, a link): show its query
  useEffect(() => {
    if (query !== pushed.current) { pushed.current = query; setText(query) }
  }, [query])

  const toRoute = (q: string): void => {
    clearTimeout(timer.current)
    if (q === pushed.current) return
    pushed.current = q
    location.replace(searchLink(record.rid, rev, q)) // no history entry per keystroke
  }
  useEffect(() => () => clearTimeout(timer.current), [])

  useEffect(() => {
    if (query === '') { setState(undefined); return }
    const ac = new AbortController()
    let lines: LineMatch[] = []
    setState({ lines, searched: 0, total: 0 })
    app.repos.search(record, rev, { text: query, caseSensitive, regex }, {
      signal: ac.signal,
      onProgress: (p) => {
        if (p.found.length > 0) lines = lines.concat(p.found)
        setState({ lines, searched: p.searched, total: p.total })
      }
    }).then(
      (summary) => {
        if (summary == null) setState({ lines, searched: 0, total: 0, error: `${rev} names no branch, tag or commit here` })
        else setState({ lines, searched: summary.searched, total: summary.total, summary })
      },
      (err: any) => { if (!ac.signal.aborted) setState({ lines, searched: 0, total: 0, error: err.message }) }
    )
    return () => ac.abort()
  }, [record.rid, rev, query, caseSensitive, regex])

  return (
    <section class='card search-view'>
      <form class='search-form' onSubmit={(e) => { e.preventDefault(); toRoute(text) }} role='search'>
        <input
          type='search'
          value={text}
          placeholder={`Search the files of ${rev}`}
          aria-label='Search text'
          onInput={(e) => {
            const q = (e.target as HTMLInputElement).value
            setText(q)
            clearTimeout(timer.current)
            timer.current = setTimeout(() => toRoute(q), DEBOUNCE_MS)
          }}
          data-testid='search-input'
        />
        <label class='small'><input type='checkbox' checked={caseSensitive} onChange={(e) => setCaseSensitive((e.target as HTMLInputElement).checked)} data-testid='search-case' /> Match case</label>
        <label class='small'><input type='checkbox' checked={regex} onChange={(e) => setRegex((e.target as HTMLInputElement).checked)} data-testid='search-regex' /> Regular expression</label>
      </form>
      {state != null && <SearchStatus state={state} />}
      {state != null && <SearchResults rid={record.rid} rev={rev} lines={state.lines} />}
    </section>
  )
}

function SearchStatus ({ state }: { state: State }) {
  const { summary } = state
  if (state.error != null) return <p class='error-text' role='alert' data-testid='search-error'>{state.error}</p>
  const files = new Set(state.lines.map(l => l.path)).size
  const found = `${state.lines.length.toLocaleString()} ${state.lines.length === 1 ? 'line' : 'lines'} in ${files.toLocaleString()} ${files === 1 ? 'file' : 'files'}`
  if (summary == null) {
    return (
      <div class='search-status muted small' data-testid='search-status'>
        <progress max={Math.max(1, state.total)} value={state.searched} /> Searching… {state.searched.toLocaleString()} of {state.total > 0 ? state.total.toLocaleString() : '?'} files · {found}
      </div>
    )
  }
  const skipped = [summary.skipped.binary > 0 ? `${summary.skipped.binary} binary` : '', summary.skipped.large > 0 ? `${summary.skipped.large} over 1 MiB` : ''].filter(Boolean).join(' and ')
  return (
    <div class='search-status muted small' data-testid='search-status'>
      {found} · {summary.searched.toLocaleString()} of {summary.total.toLocaleString()} files searched{skipped !== '' ? ` (${skipped} skipped)` : ''}
      {summary.capped && <div class='search-capped' data-testid='search-capped'>Stopped at the first {summary.matches.toLocaleString()} lines: there may be more. Narrow the query to see them.</div>}
      {summary.treeTruncated && <div>The tree has more files than were listed; only those were searched.</div>}
    </div>
  )
}

function SearchResults ({ rid, rev, lines }: { rid: string, rev: string, lines: LineMatch[] }) {
  // grouped by file, in the order found (the tree's order)
  const groups: Array<{ path: string, lines: LineMatch[] }> = []
  for (const l of lines) {
    const last = groups[groups.length - 1]
    if (last?.path === l.path) last.lines.push(l)
    else groups.push({ path: l.path, lines: [l] })
  }
  return (
    <div class='search-results' data-testid='search-results'>
      {groups.map(g => (
        <div class='search-file' key={g.path}>
          <a class='search-path' href={blobLink(rid, rev, g.path)} data-testid='search-file'>{g.path}</a>
          <div class='search-lines'>
            {g.lines.map(l => (
              <a class='search-line' key={l.line} href={blobLinesLink(rid, rev, l.path, { lines: String(l.line), plain: MARKDOWN_FILE.test(l.path) })} data-testid='search-line'>
                <span class='ln'>{l.line}</span>
                <code>{l.cutStart ? '…' : ''}<Marked text={l.text} ranges={l.ranges} />{l.cutEnd ? '…' : ''}</code>
              </a>
            ))}
          </div>
        </div>
      ))}
    </div>
  )
}

function Marked ({ text, ranges }: { text: string, ranges: Array<[number, number]> }) {
  const out = []
  let at = 0
  for (const [a, b] of ranges) {
    if (a < at) continue
    if (a > at) out.push(text.slice(at, a))
    out.push(<mark key={a}>{text.slice(a, b)}</mark>)
    at = b
  }
  out.push(text.slice(at))
  return <>{out}</>
}
