// One repository: its header (name, refs, actions) and the view the route asks for.
import { useEffect, useState } from 'preact/hooks'
import { useAsync, useSnapshot } from '../hooks.js'
import { CopyButton } from '../CopyButton.js'
import { BlameView } from './BlameView.js'
import { BlobView } from './BlobView.js'
import { CloneView } from './CloneView.js'
import { CommitView } from './CommitView.js'
import { CommitsView } from './CommitsView.js'
import { DivergedNotice } from './DivergedNotice.js'
import { CompareView } from './CompareView.js'
import { EditView } from './EditView.js'
import { FileFinder, GoToFileButton } from './FileFinder.js'
import { IssuesPage } from './IssuesPage.js'
import { IssuesTab } from './IssuesTab.js'
import { PatchesPage } from './PatchesPage.js'
import { PatchesTab } from './PatchesTab.js'
import { ForkButton } from './ForkButton.js'
import { safeFileName } from './file-name.js'
import { downloadBytes } from './format.js'
import { branchesLink, commitsLink, historyLink, inNamespace, remotesLink, repoHome, searchLink, setLinkScope, tagsLink, treeLink } from './links.js'
import { NamespaceBanner } from './NamespaceBanner.js'
import { NotThere } from './NotThere.js'
import { RefSelector } from './RefSelector.js'
import { RemotesView } from './RemotesView.js'
import { RefsView } from './RefsView.js'
import { SearchView } from './SearchView.js'
import { SeedStatusCard } from './SeedStatus.js'
import { ShareButton } from './ShareButton.js'
import { TreeView } from './TreeView.js'
import type { RepoRoute } from './links.js'
import type { GutsApp, ImportProgress, PathAt, RepoRecord, WriterView } from '../../app/types.js'

export function RepoPage ({ app, route }: { app: GutsApp, route: RepoRoute }) {
  // links the views build stay inside the namespace this page shows (links.ts)
  setLinkScope(route.peer != null ? route.rid : undefined, route.peer)
  useEffect(() => () => setLinkScope(), [])
  const version = useSnapshot({ snapshot: app.repos.version, subscribe: app.repos.subscribe })
  const rec = useAsync(async () => app.repos.record(route.rid), [route.rid, version])
  const isRid = app.repos.isRid(route.rid)
  if (rec.error != null) {
    if (rec.error.name === 'RepoNotFoundError' && isRid) return <CloneView app={app} rid={route.rid} />
    return (
      <section class='card'>
        <h1>Repository not here</h1>
        <p><code class='wrap'>{route.rid}</code> {isRid ? 'could not be read' : 'is not a repository id'}.</p>
        <p class='muted'>{rec.error.message}</p>
        <p><a href='#/'>Your repositories</a></p>
      </section>
    )
  }
  if (rec.value == null) return <section class='card muted'>Loading…</section>
  const canonical = rec.value
  // remotes/<peer>/…: the same views over that writer's refs
  const writers = app.repos.writers(canonical)
  const writer = route.peer == null ? undefined : writers.find(w => w.peer === route.peer)
  const record = (route.peer == null ? canonical : app.repos.viewOf(canonical, route.peer)) ?? canonical
  const { ref, path } = ['home', 'commit', 'branches', 'tags', 'compare', 'remotes', 'issues', 'patches'].includes(route.view)
    ? { ref: record.defaultBranch, path: '' }
    : app.repos.locate(record, route.rest)
  // editing is offered where a commit lands: the canonical view for a
  // delegate, a fork writer's own namespace for that writer
  const delegate = route.peer == null ? app.repos.isDelegate(canonical) : writer?.me === true && app.repos.canWrite(canonical)
  const checked = useChecked(app, record, route, ref, path, writer?.seq ?? app.repos.versionOf(canonical))
  // a namespace of issue comments only is a contributor's, not a fork (WriterView.fork)
  const mine = writers.find(w => w.me && (w.fork || w.delegate))
  let view = route.view
  let body
  if (route.peer != null && writer == null) {
    body = <NotThere title={`No fork by ${route.peer} is held here`} ways={[{ href: remotesLink(canonical.rid), label: 'The forks held here' }, { href: repoHome(canonical.rid), label: 'Repository home' }]}><p class='muted'>This tab has not received that writer’s refs, or the link is mistyped.</p></NotThere>
  } else if (route.view === 'remotes') {
    body = <RemotesView app={app} record={canonical} />
  } else if (route.view === 'issues') {
    // issues are the repository's, whichever writer's namespace the link came through
    body = <IssuesPage app={app} record={canonical} rest={route.rest} query={route.query} />
  } else if (route.view === 'patches') {
    // patches too are the repository's
    body = <PatchesPage app={app} record={canonical} rest={route.rest} query={route.query} />
  } else if ((route.view === 'edit' || route.view === 'new') && !delegate) {
    body = (
      <NotThere title={mine != null && route.peer !== mine.peer ? 'Edit in your fork' : 'Fork to edit'} ways={mine != null ? [{ href: inNamespace(mine.peer, location.hash), label: 'This file in your fork' }] : [{ href: repoHome(canonical.rid), label: 'Repository home' }]}>
        {mine == null ? <p>Only the repository’s delegates commit to it. <ForkButton app={app} record={canonical} label='Fork to edit' /></p> : <p class='muted'>Your commits go to your own fork’s branches.</p>}
      </NotThere>
    )
  } else if (checked.error != null) {
    body = <NotThere title='This link names nothing here' ways={[{ href: repoHome(record.rid), label: 'Repository home' }]}><p>{checked.error.message}</p></NotThere>
  } else if (checked.at?.kind === 'no-rev') {
    body = (
      <NotThere title={`No branch, tag or commit named “${route.view === 'commit' ? route.rest[0] ?? '' : ref}”`} ways={[{ href: treeLink(record.rid, record.defaultBranch), label: `Browse ${record.defaultBranch}` }, { href: branchesLink(record.rid), label: 'All branches' }, { href: tagsLink(record.rid), label: 'All tags' }]}>
        <p class='muted'>This repository has no such name. It may have been deleted, or the link may be mistyped.</p>
      </NotThere>
    )
  } else if (checked.at?.kind === 'missing' && view !== 'commits' && view !== 'new') {
    const closest = checked.at.closest
    body = (
      <NotThere title={`There is no “${path}” at ${ref}`} ways={[{ href: treeLink(record.rid, ref, closest), label: closest === '' ? `The root folder at ${ref}` : `The folder ${closest}` }, { href: historyLink(record.rid, ref, path), label: 'Commits that touched this path (it may have been deleted or moved)' }]} />
    )
  } else if (checked.at?.kind === 'submodule' && view !== 'tree' && view !== 'home') {
    body = <NotThere title={`“${path}” is a submodule`} ways={[{ href: treeLink(record.rid, ref, path.split('/').slice(0, -1).join('/')), label: 'The folder that holds it' }]}><p class='muted'>It points into another repository, which this one does not hold.</p></NotThere>
  } else if (checked.pending) {
    body = null
  } else {
    // a file under tree/ or a folder under blob/ opens the view that fits it
    if (checked.at?.kind === 'blob' && view === 'tree') view = 'blob'
    if (checked.at?.kind === 'tree' && (view === 'blob' || view === 'blame' || view === 'edit')) view = 'tree'
    const oid = checked.oid ?? route.rest[0] ?? ''
    switch (view) {
      case 'home': body = <><TreeView app={app} record={record} rev={ref} path={path} delegate={delegate} />{route.peer == null && <SeedStatusCard app={app} record={record} />}</>; break
      case 'tree': body = <TreeView app={app} record={record} rev={ref} path={path} delegate={delegate} />; break
      case 'blob': body = <BlobView app={app} record={record} rev={ref} path={path} delegate={delegate} />; break
      case 'commits': body = <CommitsView app={app} record={record} rev={ref} path={path} page={Math.max(1, Number(route.query.get('page')) || 1)} />; break
      case 'commit': body = <CommitView app={app} record={record} oid={oid} />; break
      case 'edit': case 'new': body = <EditView app={app} record={record} rev={ref} path={path} mode={view} />; break
      case 'blame': body = <BlameView app={app} record={record} rev={ref} path={path} />; break
      case 'branches': case 'tags': body = <RefsView app={app} record={record} kind={view} />; break
      case 'compare': body = <CompareView app={app} record={record} spec={route.rest.join('/')} />; break
      case 'search': body = <SearchView app={app} record={record} rev={ref} query={route.query.get('q') ?? ''} />; break
    }
  }
  const showRefs = !['commit', 'branches', 'tags', 'compare', 'remotes', 'issues', 'patches'].includes(view)
  return (
    <>
      <RepoHeader app={app} record={record} rev={ref} delegate={delegate} view={view} path={path} showRefs={showRefs} canonical={canonical} mine={mine} peer={route.peer} />
      {writer != null && <NamespaceBanner rid={canonical.rid} writer={writer} />}
      {route.peer == null && <DivergedNotice rid={canonical.rid} diverged={app.repos.identity(canonical).diverged} />}
      {body}
      <FileFinder app={app} record={record} rev={ref} />
    </>
  )
}

/** views that name a ref (and maybe a path) in their route, checked before they are drawn */
const REF_VIEWS: ReadonlyArray<RepoRoute['view']> = ['tree', 'blob', 'edit', 'new', 'blame', 'commits', 'search']
const FULL_OID = /^[0-9a-f]{40}$/

/**
 * What the route's ref and path name (pathAt), or the full id of a commit
 * route's abbreviated one; `pending` until known for this very route.
 */
function useChecked (app: GutsApp, record: RepoRecord, route: RepoRoute, ref: string, path: string, seq: number): { pending: boolean, at?: PathAt, oid?: string, error?: Error } {
  const commitId = route.view === 'commit' ? route.rest[0] ?? '' : ''
  const key = `${route.peer ?? ''} ${route.view} ${ref} ${path} ${commitId}`
  const state = useAsync(async () => {
    if (route.view === 'commit') {
      if (FULL_OID.test(commitId)) return { key }
      const oid = await app.repos.resolve(record, commitId)
      if (oid == null) return { key, at: { kind: 'no-rev' } as PathAt }
      return { key, oid }
    }
    if (!REF_VIEWS.includes(route.view)) return { key }
    // history and search take any path (a deleted file has history); a new file, any folder
    const whole = route.view === 'commits' || route.view === 'search' || route.view === 'new'
    return { key, at: await app.repos.pathAt(record, ref, whole ? '' : path) }
  }, [record.rid, seq, key, commitId])
  if (state.error != null) return { pending: false, error: state.error }
  if (state.value?.key !== key || state.loading) return { pending: true }
  return { pending: false, at: state.value.at, oid: state.value.oid }
}

/** an export's progress in a few words: its phase, and how far through it */
function exportWords (p: ImportProgress): string {
  if (p.loaded == null) return `${p.phase}…`
  if (p.total == null || p.total === 0) return `${p.phase} ${p.loaded.toLocaleString('en')}…`
  return `${p.phase} ${Math.min(100, Math.floor(100 * p.loaded / p.total))}%…`
}

function RepoHeader ({ app, record, rev, delegate, view, path, showRefs, canonical, mine, peer }: { app: GutsApp, record: RepoRecord, rev: string, delegate: boolean, view: RepoRoute['view'], path: string, showRefs: boolean, canonical: RepoRecord, mine?: WriterView, peer?: string }) {
  const isDelegate = app.repos.isDelegate(canonical)
  const forkable = !isDelegate && !app.repos.hasFork(canonical)
  const [exporting, setExporting] = useState<string | undefined>()
  const [error, setError] = useState<string | undefined>()
  const exportBundle = async (): Promise<void> => {
    setExporting('Exporting…')
    setError(undefined)
    try {
      const bytes = await app.repos.exportBundle(record.rid, { onProgress: p => setExporting(exportWords(p)) })
      downloadBytes(bytes, `${safeFileName(record.name)}.bundle`)
    } catch (err: any) {
      setError(`Export failed: ${err.message}`)
    } finally {
      setExporting(undefined)
    }
  }
  return (
    <section class='card repo-header'>
      <div class='row spread'>
        <h1><a href={repoHome(record.rid)} data-testid='repo-title'>{record.name}</a></h1>
        <div class='row'>
          <GoToFileButton />
          {forkable && <ForkButton app={app} record={canonical} label={['home', 'tree', 'blob'].includes(view) ? 'Fork to edit' : 'Fork'} />}
          {!isDelegate && mine != null && peer !== mine.peer && <a class='button' href={inNamespace(mine.peer, view === 'remotes' ? treeLink(record.rid, record.defaultBranch) : location.hash)} data-testid='your-fork'>Your fork</a>}
          <ShareButton app={app} rid={record.rid} />
          <button type='button' onClick={() => { void exportBundle() }} disabled={exporting != null} data-testid='export-bundle' aria-live='polite'>{exporting ?? 'Export bundle'}</button>
        </div>
      </div>
      {record.description !== '' && <p class='muted'>{record.description}</p>}
      <div class='muted small'>RID <code class='wrap'>{record.rid}</code> <CopyButton text={record.rid} /> · {isDelegate ? 'you are a delegate' : mine != null ? 'you have a fork' : 'a copy'} · refs #{app.repos.versionOf(record)}</div>
      <nav class='tabs'>
        <a href={treeLink(record.rid, rev)} class={['home', 'tree', 'blob', 'edit', 'new'].includes(view) ? 'active' : undefined}>Code</a>
        <IssuesTab app={app} record={canonical} active={view === 'issues'} />
        <PatchesTab app={app} record={canonical} active={view === 'patches'} />
        <a href={commitsLink(record.rid, rev)} class={view === 'commits' || view === 'commit' ? 'active' : undefined} data-testid='commits-tab'>Commits</a>
        <a href={branchesLink(record.rid)} class={view === 'branches' || view === 'compare' ? 'active' : undefined} data-testid='branches-tab'>Branches</a>
        <a href={tagsLink(record.rid)} class={view === 'tags' ? 'active' : undefined} data-testid='tags-tab'>Tags</a>
        <a href={searchLink(record.rid, rev)} class={view === 'search' ? 'active' : undefined} data-testid='search-tab'>Search</a>
        <a href={remotesLink(record.rid)} class={view === 'remotes' ? 'active' : undefined} data-testid='forks-tab'>Forks</a>
        {showRefs && <RefSelector app={app} record={record} rev={rev} view={view} path={path} delegate={delegate} />}
      </nav>
      {error != null && <p class='error-text' role='alert'>{error}</p>}
    </section>
  )
}
