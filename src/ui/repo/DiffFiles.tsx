// The files of a diff: a list with per-file counts, then each file's diff,
// large and generated files collapsed, drawn as they come near the screen.
// The diffs may come later than the list (useFileDiffs.ts): a file near the
// screen asks for its own. The commit page and compare use it.
import { Component } from 'preact'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { DiffTable } from './DiffTable.js'
import { useDiffLayout } from './DiffLayout.js'
import { formatBytes, plural } from './format.js'
import { blobLink } from './links.js'
import type { DiffLayout } from './DiffLayout.js'
import type { DiffLineTools } from './DiffTable.js'
import type { ComponentChildren } from 'preact'
import type { FileDiffBody } from './useFileDiffs.js'
import type { FileDelta, GutsApp, RepoRecord } from '../../app/types.js'
import './DiffFiles.css'

export interface DiffFilesProps {
  rid: string
  /** the commit the new side's files are at (and link to) */
  oid: string
  deltas: FileDelta[]
  /** each delta's diff, by index: undefined until it is computed */
  bodies: ReadonlyArray<FileDiffBody | undefined>
  /** by index: why a diff could not be computed */
  errors?: ReadonlyArray<Error | undefined>
  /** asks for delta i's diff first (it came near the screen) */
  want?: (i: number) => void
  /** with them, files are read whole (by their blob ids): highlighted as a whole, and context can be expanded */
  app?: GutsApp
  record?: RepoRecord
  /** with a handler, a "Hide whitespace" toggle is shown */
  ignoreWhitespace?: boolean
  onIgnoreWhitespace?: (on: boolean) => void
  /** per file: what its lines offer (a review's gutter "+" and comments under lines); keep each file's the same object while nothing changed, so its section is not redrawn */
  lineTools?: (delta: FileDelta) => DiffLineTools | undefined
  /** per file: drawn above its diff (comments whose lines it does not show) */
  fileNote?: (delta: FileDelta, diff: FileDiffBody['diff']) => ComponentChildren
}

export function DiffFiles ({ rid, oid, deltas, bodies, errors, want, app, record, ignoreWhitespace, onIgnoreWhitespace, lineTools, fileNote }: DiffFilesProps) {
  const { chosen, layout, wide, choose } = useDiffLayout()
  const reader = useMemo(() => app !== undefined && record !== undefined ? sideReader(app, record) : undefined, [app, record])
  return (
    <>
      <div class='row diff-toolbar' data-testid='diff-toolbar'>
        <span class='diff-layout' role='group' aria-label='Diff layout'>
          <button type='button' aria-pressed={chosen === 'unified'} data-testid='layout-unified' onClick={() => choose('unified')}>Unified</button>
          <button type='button' aria-pressed={chosen === 'split'} data-testid='layout-split' onClick={() => choose('split')} title={wide ? undefined : 'Split needs a wider window: shown unified here'}>Split</button>
        </span>
        {onIgnoreWhitespace !== undefined && (
          <label class='small'><input type='checkbox' data-testid='ignore-whitespace' checked={ignoreWhitespace === true} onChange={(e) => onIgnoreWhitespace((e.target as HTMLInputElement).checked)} /> Hide whitespace changes</label>
        )}
      </div>
      {deltas.length > 1 && <FileList deltas={deltas} bodies={bodies} want={want} />}
      {deltas.map((d, i) => <SameFileDiff key={d.path} index={i} rid={rid} oid={oid} delta={d} body={bodies[i]} error={errors?.[i]} want={want} layout={layout} app={app} reader={reader} tools={lineTools?.(d)} note={fileNote} />)}
    </>
  )
}

type SideReader = (blob: string | undefined) => Promise<string | undefined>

/** Reads a side's file as text, by its blob id (the diff already said it is text and small enough). */
function sideReader (app: GutsApp, record: RepoRecord): SideReader {
  return async (blob) => blob === undefined ? undefined : new TextDecoder().decode(await app.repos.diffBlob(record, blob))
}

/** Every file the commit changed, with its counts: a click goes to its diff (the router owns the URL's #). */
function FileList ({ deltas, bodies, want }: { deltas: FileDelta[], bodies: ReadonlyArray<FileDiffBody | undefined>, want?: (i: number) => void }) {
  const go = (i: number): void => {
    want?.(i)
    document.getElementById(`file-diff-${i}`)?.scrollIntoView({ block: 'start' })
  }
  return (
    <section class='card' data-testid='file-list'>
      <ul class='file-list'>
        {deltas.map((d, i) => <SameListItem key={d.path} delta={d} diff={bodies[i]?.diff} go={go} index={i} />)}
      </ul>
    </section>
  )
}

interface ListItemProps { index: number, delta: FileDelta, diff?: FileDiffBody['diff'], go: (i: number) => void }

function ListItem ({ index, delta: d, diff, go }: ListItemProps) {
  return (
    <li>
      <button type='button' class='link' onClick={() => go(index)}>
        <span class={`tag status-${d.status}`}>{d.status}</span> {d.status === 'renamed' ? `${d.oldPath!} → ${d.path}` : d.path}
      </button>
      {diff != null && <span class='small'> <span class='ok-text'>+{diff.added}</span> <span class='error-text'>−{diff.removed}</span></span>}
    </li>
  )
}

/** A list entry, drawn again only when its counts come (not each time any file's do). */
class SameListItem extends Component<ListItemProps> {
  shouldComponentUpdate (next: ListItemProps): boolean {
    return next.diff !== this.props.diff || next.delta !== this.props.delta || next.index !== this.props.index
  }

  render (props: ListItemProps) { return <ListItem {...props} /> }
}

/** lines of diff past which a file's diff starts collapsed */
const COLLAPSE_LINES = 400
/** files whose diffs nobody reads line by line: lock files, minified and generated code, source maps */
const GENERATED = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|Gemfile\.lock|poetry\.lock|composer\.lock|go\.sum|flake\.lock)$|\.min\.(js|css)$|\.map$|(^|\/)dist\//

export function startsCollapsed (path: string, lines: number): boolean {
  return lines > COLLAPSE_LINES || GENERATED.test(path)
}

interface FileDiffProps { index: number, rid: string, oid: string, delta: FileDelta, body?: FileDiffBody, error?: Error, want?: (i: number) => void, layout: DiffLayout, app?: GutsApp, reader?: SideReader, tools?: DiffLineTools, note?: DiffFilesProps['fileNote'] }

function FileDiff ({ index, rid, oid, delta, body, error, want, layout, app, reader, tools, note }: FileDiffProps) {
  const diff = body?.diff
  const label = delta.status === 'renamed' ? `${delta.oldPath!} → ${delta.path}` : delta.path
  const lines = diff?.hunks.reduce((n, h) => n + h.lines.length, 0) ?? 0
  // decided once the diff is there (a long one starts collapsed); the reader's choice after that
  const [chosen, setOpen] = useState<boolean | undefined>(undefined)
  const open = chosen ?? !startsCollapsed(delta.path, lines)
  // the table is made only once the file comes near the screen: a commit of
  // a hundred files was an 888,474 px page that took 7.9 s to show; its
  // files are read and highlighted only then too. A diff not computed yet
  // is asked for when near; its table waits for the section to have its
  // height (so the short sections of files still pending do not all count
  // as near and draw a dozen tables at once)
  const pending = body === undefined && error === undefined
  const [near, ref] = useNearScreen(pending)
  const [seen, setSeen] = useState(index < EAGER_FILES)
  useEffect(() => { if (near && pending) want?.(index) }, [near, pending, index])
  useEffect(() => { if (near && !pending && !seen) setSeen(true) }, [near, pending, seen])
  const oldPath = delta.oldPath ?? delta.path
  const loadSide = reader === undefined ? undefined : async (side: 'old' | 'new') => reader(side === 'old' ? delta.oldOid : delta.newOid)
  return (
    <section ref={ref} id={`file-diff-${index}`} class='card diff' data-testid='file-diff' data-status={delta.status}>
      <div class='row spread diff-head'>
        <span class='diff-name'><span class={`tag status-${delta.status}`}>{delta.status}</span> {delta.status === 'deleted' ? label : <a href={blobLink(rid, oid, delta.path)}>{label}</a>}{delta.status === 'renamed' && delta.similarity != null && delta.similarity < 100 && <span class='muted small' data-testid='similarity'> ({delta.similarity}% similar)</span>}</span>
        {diff != null && <span class='small' data-testid='file-counts'><span class='ok-text'>+{diff.added}</span> <span class='error-text'>−{diff.removed}</span></span>}
      </div>
      {note?.(delta, diff)}
      {pending && <div class='muted small diff-pending' data-testid='diff-pending'>Computing the diff…</div>}
      {error !== undefined && <p class='error-text'>Cannot show this diff: {error.message}</p>}
      {body?.binary === true && <p class='muted'>Binary file ({formatBytes(body.size)})</p>}
      {body?.binary === false && body.tooLarge && <p class='muted'>Large diff not shown ({formatBytes(body.size)})</p>}
      {delta.status === 'renamed' && body !== undefined && diff == null && !body.binary && <p class='muted'>Renamed without changes</p>}
      {diff != null && diff.hunks.length === 0 && delta.status !== 'renamed' && <p class='muted' data-testid='whitespace-only'>Only whitespace changed</p>}
      {diff != null && diff.hunks.length > 0 && !open && (
        <p class='muted'><button type='button' class='link' data-testid='show-diff' onClick={() => setOpen(true)}>Show the diff ({plural(lines, 'line')})</button>{GENERATED.test(delta.path) ? ' — a generated file' : ''}</p>
      )}
      {diff != null && diff.hunks.length > 0 && open && !seen && <div class='diff-placeholder' style={{ height: `${Math.min(lines, COLLAPSE_LINES) * 1.4}em` }} />}
      {diff != null && diff.hunks.length > 0 && open && seen && (
        <div class='code-scroll'>
          <DiffTable diff={diff} path={delta.path} oldPath={oldPath} layout={layout} expandable={delta.status === 'modified' || delta.status === 'renamed'} loadSide={loadSide} words={app === undefined ? undefined : (h) => app.repos.wordChanges(h)} lines={tools} />
        </div>
      )}
    </section>
  )
}

/**
 * A file's section, drawn again only when its own props change: the diffs
 * come in a few at a time, and each time every section of a commit of 300
 * files was drawn again.
 */
class SameFileDiff extends Component<FileDiffProps> {
  shouldComponentUpdate (next: FileDiffProps): boolean {
    const now = this.props as unknown as Record<string, unknown>
    return Object.entries(next).some(([k, v]) => now[k] !== v)
  }

  render (props: FileDiffProps) { return <FileDiff {...props} /> }
}

/** the first files' diffs are drawn at once; the rest as they come near the screen */
const EAGER_FILES = 8

/**
 * Whether the element is within a screen of the viewport now (always, where
 * there is no IntersectionObserver), as observed since `key` last changed:
 * a section that grew is looked at again before it counts as near.
 */
function useNearScreen (key: unknown): [boolean, (el: HTMLElement | null) => void] {
  const none = typeof IntersectionObserver === 'undefined'
  const [seen, setSeen] = useState<{ key: unknown, near: boolean }>({ key, near: none })
  const el = useRef<HTMLElement | null>(null)
  useEffect(() => {
    if (el.current == null || none) return
    const io = new IntersectionObserver((entries) => {
      setSeen({ key, near: entries[entries.length - 1].isIntersecting })
    }, { rootMargin: '100% 0px' })
    io.observe(el.current)
    return () => io.disconnect()
  }, [key])
  return [none || (seen.key === key && seen.near), (e) => { el.current = e }]
}
