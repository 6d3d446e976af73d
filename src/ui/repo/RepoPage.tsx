// One repository: its header (name, refs, actions) and the view the route asks for.
import { useState } from 'preact/hooks'
import { useAsync, useSnapshot } from '../hooks.js'
import { CopyButton } from '../CopyButton.js'
import { BlameView } from './BlameView.js'
import { BlobView } from './BlobView.js'
import { CloneView } from './CloneView.js'
import { CommitView } from './CommitView.js'
import { CommitsView } from './CommitsView.js'
import { CompareView } from './CompareView.js'
import { EditView } from './EditView.js'
import { FileFinder, GoToFileButton } from './FileFinder.js'
import { downloadBytes } from './format.js'
import { branchesLink, commitsLink, repoHome, searchLink, tagsLink, treeLink } from './links.js'
import { RefSelector } from './RefSelector.js'
import { RefsView } from './RefsView.js'
import { SearchView } from './SearchView.js'
import { SeedStatusCard } from './SeedStatus.js'
import { ShareButton } from './ShareButton.js'
import { TreeView } from './TreeView.js'
import type { RepoRoute } from './links.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'

export function RepoPage ({ app, route }: { app: GutsApp, route: RepoRoute }) {
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
      </section>
    )
  }
  if (rec.value == null) return <section class='card muted'>Loading…</section>
  const record = rec.value
  const { ref, path } = ['home', 'commit', 'branches', 'tags', 'compare'].includes(route.view)
    ? { ref: record.defaultBranch, path: '' }
    : app.repos.locate(record, route.rest)
  const delegate = app.repos.isDelegate(record)
  let body
  switch (route.view) {
    case 'home': body = <><TreeView app={app} record={record} rev={ref} path={path} delegate={delegate} /><SeedStatusCard app={app} record={record} /></>; break
    case 'tree': body = <TreeView app={app} record={record} rev={ref} path={path} delegate={delegate} />; break
    case 'blob': body = <BlobView app={app} record={record} rev={ref} path={path} delegate={delegate} />; break
    case 'commits': body = <CommitsView app={app} record={record} rev={ref} path={path} page={Math.max(1, Number(route.query.get('page')) || 1)} />; break
    case 'commit': body = <CommitView app={app} record={record} oid={route.rest[0] ?? ''} />; break
    case 'edit': case 'new': body = <EditView app={app} record={record} rev={ref} path={path} mode={route.view} />; break
    case 'blame': body = <BlameView app={app} record={record} rev={ref} path={path} />; break
    case 'branches': case 'tags': body = <RefsView app={app} record={record} kind={route.view} />; break
    case 'compare': body = <CompareView app={app} record={record} spec={route.rest.join('/')} />; break
    case 'search': body = <SearchView app={app} record={record} rev={ref} query={route.query.get('q') ?? ''} />; break
  }
  const showRefs = !['commit', 'branches', 'tags', 'compare'].includes(route.view)
  return (
    <>
      <RepoHeader app={app} record={record} rev={ref} delegate={delegate} view={route.view} path={path} showRefs={showRefs} />
      {body}
      <FileFinder app={app} record={record} rev={ref} />
    </>
  )
}

function RepoHeader ({ app, record, rev, delegate, view, path, showRefs }: { app: GutsApp, record: RepoRecord, rev: string, delegate: boolean, view: RepoRoute['view'], path: string, showRefs: boolean }) {
  const [exporting, setExporting] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const exportBundle = async (): Promise<void> => {
    setExporting(true)
    setError(undefined)
    try {
      const bytes = await app.repos.exportBundle(record.rid)
      downloadBytes(bytes, `${record.name.replace(/[^\w.-]+/g, '-')}.bundle`)
    } catch (err: any) {
      setError(`Export failed: ${err.message}`)
    } finally {
      setExporting(false)
    }
  }
  return (
    <section class='card repo-header'>
      <div class='row spread'>
        <h1><a href={repoHome(record.rid)} data-testid='repo-title'>{record.name}</a></h1>
        <div class='row'>
          <GoToFileButton />
          <ShareButton rid={record.rid} />
          <button type='button' onClick={() => { void exportBundle() }} disabled={exporting} data-testid='export-bundle'>{exporting ? 'Exporting…' : 'Export bundle'}</button>
        </div>
      </div>
      {record.description !== '' && <p class='muted'>{record.description}</p>}
      <div class='muted small'>RID <code class='wrap'>{record.rid}</code> <CopyButton text={record.rid} /> · {delegate ? 'you are a delegate' : 'a copy'} · refs #{record.signedRefs.seq}</div>
      <nav class='tabs'>
        <a href={treeLink(record.rid, rev)} class={['home', 'tree', 'blob', 'edit', 'new'].includes(view) ? 'active' : undefined}>Code</a>
        <a href={commitsLink(record.rid, rev)} class={view === 'commits' || view === 'commit' ? 'active' : undefined} data-testid='commits-tab'>Commits</a>
        <a href={branchesLink(record.rid)} class={view === 'branches' || view === 'compare' ? 'active' : undefined} data-testid='branches-tab'>Branches</a>
        <a href={tagsLink(record.rid)} class={view === 'tags' ? 'active' : undefined} data-testid='tags-tab'>Tags</a>
        <a href={searchLink(record.rid, rev)} class={view === 'search' ? 'active' : undefined} data-testid='search-tab'>Search</a>
        {showRefs && <RefSelector app={app} record={record} rev={rev} view={view} path={path} delegate={delegate} />}
      </nav>
      {error != null && <p class='error-text' role='alert'>{error}</p>}
    </section>
  )
}
