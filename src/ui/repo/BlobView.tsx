// One file: highlighted source with linked line numbers, or a Markdown file
// rendered as READMEs are (ReadmeCard) with a Source/Preview toggle; open
// raw, download, and a permalink pinned to the commit. Binary and very large
// files get a notice with their size instead of freezing the tab.
//
// The route's query (the fragment is the route, so it lives there):
//   #/r/<rid>/blob/<ref>/<path>?L=10-20   lines 10 to 20 picked (?L=10: one)
//   #/r/<rid>/blob/<ref>/<path>?plain=1   a Markdown file's source
import { useState } from 'preact/hooks'
import { blobKind, countLines, MAX_SHOWN_LINES } from '../../render/blob-kind.js'
import { highlightLines } from '../../render/highlight.js'
import { formatLineRange, parseLineRange, type LineRange } from '../../render/line-range.js'
import { useAsync, useHashRoute } from '../hooks.js'
import { BlobActions, openRaw } from './BlobActions.js'
import { BlobCode } from './BlobCode.js'
import { Breadcrumbs } from './Breadcrumbs.js'
import { downloadBytes, formatBytes, plural } from './format.js'
import { blameLink, blobLink, blobLinesLink, editLink, historyLink, parseRepoRoute, treeLink } from './links.js'
import { ReadmeCard } from './ReadmeCard.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'
import './BlobView.css'

export function BlobView ({ app, record, rev, path, delegate }: { app: GutsApp, record: RepoRecord, rev: string, path: string, delegate: boolean }) {
  const query = parseRepoRoute(useHashRoute())?.query
  const plain = query?.get('plain') === '1'
  const data = useAsync(async () => {
    const file = await app.repos.blob(record, rev, path)
    if (file == null) return file
    const kind = blobKind(path, file.bytes, file.binary)
    return { file, kind, lineCount: kind === 'binary' ? 0 : countLines(file.bytes, MAX_SHOWN_LINES) }
  }, [record.rid, app.repos.versionOf(record), rev, path])
  const kind = data.value?.kind
  // a Markdown file's source is highlighted only once asked for
  const showSource = kind === 'source' || (kind === 'markdown' && plain)
  const lines = useAsync(async () => {
    const file = data.value?.file
    return file != null && showSource ? { oid: file.oid, html: await highlightLines(new TextDecoder().decode(file.bytes), path) } : undefined
  }, [data.value, showSource])
  const name = path.split('/').pop() ?? path
  const onBranch = app.repos.refsOf(record)[`refs/heads/${rev}`] != null

  if (data.error != null) return <section class='card error-text'>Cannot show {path}: {data.error.message}</section>
  if (data.value === null) return <section class='card'>No file <code>{path}</code> at {rev}. <a href={treeLink(record.rid, rev)}>Browse {rev}</a></section>
  if (data.value == null) return <section class='card muted'>{data.loading ? 'Loading…' : `No branch or tag named ${rev}.`}</section>
  const { file, lineCount } = data.value
  const markdownSource = kind === 'markdown' && plain
  const range = showSource ? parseLineRange(query?.get('L'), lineCount) : undefined
  const here = (ref: string, r: LineRange | undefined): string =>
    blobLinesLink(record.rid, ref, path, { lines: r === undefined ? undefined : formatLineRange(r), plain: markdownSource })
  const text = kind !== 'binary'
  // while the next file's lines are made, not the last file's
  const shown = lines.value?.oid === file.oid ? lines.value.html : undefined
  return (
    <>
      <section class='card blob'>
        <div class='row spread'>
          <Breadcrumbs rid={record.rid} rev={rev} path={path} name={record.name} />
          <div class='row blob-actions'>
            <BlobActions bytes={file.bytes} name={name} raw={text} permalink={`${location.origin}${location.pathname}${here(file.commit, range)}`} />
            {(kind === 'source' || kind === 'markdown') && <a class='button' href={blameLink(record.rid, rev, path)} data-testid='blame-file'>Blame</a>}
            <a class='button' href={historyLink(record.rid, rev, path)} data-testid='file-history'>History</a>
            {delegate && onBranch && (kind === 'source' || kind === 'markdown') && <a class='button' href={editLink(record.rid, rev, path)} data-testid='edit-file'>Edit</a>}
            {delegate && onBranch && <DeleteFile app={app} record={record} rev={rev} path={path} />}
          </div>
        </div>
        <div class='row spread blob-meta'>
          <span class='muted small'>{formatBytes(file.bytes.length)}{text && ` · ${lineCount > MAX_SHOWN_LINES ? `over ${MAX_SHOWN_LINES.toLocaleString('en')} lines` : plural(lineCount, 'line')}`}</span>
          {kind === 'markdown' && (
            <span class='blob-toggle' role='group' aria-label='Show as'>
              <a href={blobLink(record.rid, rev, path)} aria-current={plain ? undefined : 'page'} data-testid='show-preview'>Preview</a>
              <a href={blobLinesLink(record.rid, rev, path, { plain: true })} aria-current={plain ? 'page' : undefined} data-testid='show-source'>Source</a>
            </span>
          )}
        </div>
        {(kind === 'binary' || kind === 'large') && (
          <p class='binary-note' data-testid='not-rendered'>
            {kind === 'binary'
              ? <>Binary file ({formatBytes(file.bytes.length)}), not shown. </>
              : <>Large file ({formatBytes(file.bytes.length)}), not shown here: laying it out would stall the tab. <button type='button' class='link' onClick={() => openRaw(file.bytes)} data-testid='open-raw'>Open it raw</button> or </>}
            <button type='button' class='link' onClick={() => downloadBytes(file.bytes, name)}>{kind === 'binary' ? 'Download it' : 'download it'}</button>
          </p>
        )}
        {showSource && shown === undefined && <p class='muted'>{lines.error != null ? `Cannot show ${name}: ${lines.error.message}` : 'Loading…'}</p>}
        {showSource && shown !== undefined && (
          <BlobCode lines={shown} range={range} lineHref={n => here(rev, { start: n, end: n })} onPick={r => { location.hash = here(rev, r) }} />
        )}
      </section>
      {kind === 'markdown' && !plain && (
        <ReadmeCard
          name={name}
          oid={file.oid}
          load={async () => file.bytes}
          links={{
            dir: path.split('/').slice(0, -1).join('/'),
            blob: p => blobLink(record.rid, rev, p),
            tree: p => treeLink(record.rid, rev, p)
          }}
          loadFile={async p => (await app.repos.file(record, file.commit, p))?.bytes}
        />
      )}
    </>
  )
}

function DeleteFile ({ app, record, rev, path }: { app: GutsApp, record: RepoRecord, rev: string, path: string }) {
  const [open, setOpen] = useState(false)
  const [message, setMessage] = useState(`Delete ${path}`)
  const [error, setError] = useState<string | undefined>()
  const branch = app.repos.refsOf(record)[`refs/heads/${rev}`] != null ? rev : undefined
  if (branch == null) return null
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault()
    try {
      await app.repos.commit(record.rid, { branch, message, changes: [{ op: 'delete', path }], expectedHead: app.repos.refsOf(record)[`refs/heads/${branch}`] })
      location.hash = treeLink(record.rid, branch, path.split('/').slice(0, -1).join('/'))
    } catch (err: any) {
      setError(err.message)
    }
  }
  if (!open) return <button type='button' onClick={() => setOpen(true)} data-testid='delete-file'>Delete</button>
  return (
    <form class='inline' onSubmit={(e) => { void submit(e) }}>
      <input value={message} onInput={(e) => setMessage((e.target as HTMLInputElement).value)} aria-label='Commit message' />
      <button type='submit' class='danger' data-testid='confirm-delete'>Commit deletion</button>
      <button type='button' class='link' onClick={() => setOpen(false)}>Cancel</button>
      {error != null && <span class='error-text'>{error}</span>}
    </form>
  )
}
