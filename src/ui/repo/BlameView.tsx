// Blame: which commit last changed each line of a file, as `git blame`
// says. Lines are grouped by commit; each group names the commit and links
// to it and to the same file blamed at that commit's parent, to look further back.
import { highlightLines } from '../../render/highlight.js'
import { relativeTime } from '../../render/time.js'
import { useEffect, useMemo } from 'preact/hooks'
import { useAsync } from '../hooks.js'
import { Breadcrumbs } from './Breadcrumbs.js'
import { plural, shortOid, subject } from './format.js'
import { blameLink, blobLink, commitLink, historyLink } from './links.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'
import './BlameView.css'

/** (types.ts, which the UI may import, is not this view's to change: the type is read off the handle) */
type BlameRange = NonNullable<Awaited<ReturnType<GutsApp['repos']['blame']>>>['ranges'][number]

export function BlameView ({ app, record, rev, path }: { app: GutsApp, record: RepoRecord, rev: string, path: string }) {
  // leaving the page (or another file, ref or repository) stops the blame
  const signal = useLeaveSignal([record.rid, app.repos.versionOf(record), rev, path])
  const data = useAsync(async () => {
    const blame = await app.repos.blame(record, rev, path, { signal })
    if (blame == null || blame.binary) return blame
    // (one newline per line, so a last empty line stays a line)
    return { ...blame, html: await highlightLines(blame.lines.map(l => l + '\n').join(''), path) }
  }, [record.rid, app.repos.versionOf(record), rev, path])

  if (data.error != null) return <section class='card error-text'>Cannot blame {path}: {data.error.message}</section>
  if (data.value === null) return <section class='card'>No file <code>{path}</code> at {rev}. <a href={historyLink(record.rid, rev, path)}>Its history</a></section>
  if (data.value == null) return <section class='card muted'>{data.loading ? 'Blaming…' : `No branch or tag named ${rev}.`}</section>
  const blame = data.value
  const now = Date.now()
  return (
    <section class='card'>
      <div class='row spread'>
        <Breadcrumbs rid={record.rid} rev={rev} path={path} name={record.name} />
        <div class='row'>
          <a class='button' href={blobLink(record.rid, rev, path)}>View file</a>
          <a class='button' href={historyLink(record.rid, rev, path)} data-testid='file-history'>History</a>
        </div>
      </div>
      <div class='muted small'>Blame at <code>{rev === blame.commit ? shortOid(rev) : rev}</code> · {plural(blame.lines.length, 'line')} · {plural(blame.ranges.length, 'range')}</div>
      {'html' in blame
        ? (
          <div class='code-scroll'>
            <table class='code blame' data-testid='blame'>
              <tbody>
                {blame.ranges.map((r, k) => <Range key={k} rid={record.rid} range={r} html={blame.html} now={now} />)}
              </tbody>
            </table>
          </div>
          )
        : <p class='binary-note' data-testid='not-rendered'>Binary file: no lines to blame.</p>}
    </section>
  )
}

function Range ({ rid, range, html, now }: { rid: string, range: BlameRange, html: string[], now: number }) {
  const c = range.commit
  const parent = c.parents[0]
  const rows = []
  for (let i = range.start; i < range.start + range.count; i++) {
    rows.push(
      <tr key={i} id={`L${i}`} class={i === range.start ? 'range-start' : undefined}>
        {i === range.start && (
          <td class='blame-commit' rowSpan={range.count} data-testid='blame-range'>
            <div class='blame-subject'><a href={commitLink(rid, c.oid)} title={c.message}>{subject(c.message)}</a></div>
            <div class='muted small'>
              <a href={commitLink(rid, c.oid)}><code>{shortOid(c.oid)}</code></a> {c.author.name} · {relativeTime(c.author.timestamp * 1000, now)}
              {parent != null && <> · <a href={blameLink(rid, parent, range.path)} title={`Blame ${range.path} at this commit's parent`} data-testid='blame-parent'>blame at parent</a></>}
            </div>
          </td>
        )}
        <td class='ln'>{i}</td>
        <td class='src'><code dangerouslySetInnerHTML={{ __html: html[i - 1] === '' || html[i - 1] == null ? ' ' : html[i - 1] }} /></td>
      </tr>
    )
  }
  return <>{rows}</>
}

/** A signal that aborts when `deps` change or the view goes away. */
function useLeaveSignal (deps: unknown[]): AbortSignal {
  const ctl = useMemo(() => new AbortController(), deps) // the caller names what the work depends on
  useEffect(() => () => ctl.abort(), [ctl])
  return ctl.signal
}
