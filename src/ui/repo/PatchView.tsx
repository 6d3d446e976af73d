// One patch: its title, status, branches and author; which revision is
// shown (the latest unless the link names one); and the tab the link asks
// for: the conversation, the revision's commits, its files with review
// comments, or a comparison of two revisions. Re-read on every change the
// repositories take, so a review from a peer shows as it lands.
import { useEffect, useState } from 'preact/hooks'
import { relativeTime } from '../../render/time.js'
import { useNow } from '../hooks.js'
import { latestRecord, rememberMe, useAction, useLoad, useReposVersion } from './issue-action.js'
import { PatchStatusIcon } from './PatchIcons.js'
import { PatchConversation } from './PatchConversation.js'
import { PatchCommits } from './PatchCommits.js'
import { PatchFiles } from './PatchFiles.js'
import { PatchCompare } from './PatchCompare.js'
import { PATCH_STATUS_WORDS } from './patch-words.js'
import { shortId, whoWords } from './issue-words.js'
import { shortOid } from './format.js'
import { commitLink, patchesLink, patchLink } from './links.js'
import { NotThere } from './NotThere.js'
import type { PatchPageParams, PatchTab } from './links.js'
import type { GutsApp, PatchView as Patch, RepoRecord } from '../../app/types.js'
import './IssueView.css'
import './PatchView.css'

export interface PatchPageProps { app: GutsApp, record: RepoRecord, patch: Patch, /** 0-based index of the revision shown */ index: number, page: PatchPageParams, now: number }

export function PatchView ({ app, record, id, page }: { app: GutsApp, record: RepoRecord, id: string, page: PatchPageParams }) {
  const version = useReposVersion(app)
  const now = useNow(60_000)
  // the record read for this version: the page's own copy is re-read only after the version bumps, so a read started on the bump would miss what just landed
  const got = useLoad(async signal => {
    const latest = await latestRecord(app, record, version)
    return { record: latest, patch: await app.repos.patches.get(latest, id, { signal }) }
  }, [record.rid, id, version])
  const patch = got.value?.patch
  useEffect(() => { if (patch != null) rememberMe(patch.me) }, [patch?.me])
  if (patch == null) {
    if (got.error != null) return <section class='card'><h2>Cannot show this patch</h2><p class='error-text'>{got.error.message}</p><p><a href={patchesLink(record.rid)}>All patches</a></p></section>
    if (got.loading) return <section class='card muted' data-testid='patch-loading'>Loading the patch…</section>
    return (
      <NotThere title={`No patch ${shortId(id)} is held here`} ways={[{ href: patchesLink(record.rid), label: 'The patches held here' }]}>
        <p class='muted'>This tab has not received it yet (it may still be on its way from a peer), or the link is mistyped.</p>
      </NotThere>
    )
  }
  const n = patch.revisions.length
  const index = Math.min(n, page.rev ?? n) - 1
  const tab = page.tab ?? 'conversation'
  const props: PatchPageProps = { app, record: got.value?.record ?? record, patch, index, page, now }
  return (
    <section class='issue-page patch-page' data-testid='patch-page' data-patch={patch.id}>
      <PatchHeader {...props} />
      {got.error != null && <p class='error-text small'>Could not re-read the patch: {got.error.message}</p>}
      <PatchTabs {...props} tab={tab} />
      {/* a tab's own state (a line picked, a form open) belongs to the revision it was made on */}
      {tab === 'conversation' && <PatchConversation {...props} />}
      {tab === 'commits' && <PatchCommits key={index} {...props} />}
      {tab === 'files' && <PatchFiles key={index} {...props} />}
      {tab === 'compare' && <PatchCompare {...props} />}
    </section>
  )
}

function PatchHeader ({ app, record, patch, index, page, now }: PatchPageProps) {
  const [editing, setEditing] = useState(false)
  const [title, setTitle] = useState(patch.title)
  const act = useAction()
  const save = async (e: Event): Promise<void> => {
    e.preventDefault()
    const t = title.trim()
    if (t === '' || t === patch.title) { setEditing(false); return }
    if (await act.run(async () => app.repos.patches.edit(record, patch.id, { title: t }))) setEditing(false)
  }
  const rev = patch.revisions[index]
  const n = patch.revisions.length
  const merged = patch.merged
  return (
    <header class='issue-title-block'>
      {editing
        ? (
          <form class='issue-title-form' onSubmit={e => { void save(e) }}>
            <input value={title} onInput={e => setTitle((e.target as HTMLInputElement).value)} aria-label='Title' maxLength={256} data-testid='patch-title-edit' autofocus />
            <button type='submit' class='primary' disabled={act.busy || title.trim() === ''} data-testid='save-patch-title'>{act.busy ? 'Saving…' : 'Save'}</button>
            <button type='button' disabled={act.busy} onClick={() => { setEditing(false); act.clear() }}>Cancel</button>
          </form>
          )
        : (
          <div class='issue-title-row'>
            <h1 data-testid='patch-title'>{patch.title} <span class='muted issue-number'>#{shortId(patch.id)}</span></h1>
            {patch.canManage && <button type='button' onClick={() => { setTitle(patch.title); setEditing(true) }} data-testid='edit-patch-title'>Edit</button>}
          </div>
          )}
      {act.error != null && <p class='error-text small' role='alert'>{act.error}</p>}
      <div class='issue-meta'>
        <span class={`issue-status patch-status-${patch.shown}`} data-testid='patch-status' data-status={patch.shown}><PatchStatusIcon status={patch.shown} /> {PATCH_STATUS_WORDS[patch.shown]}</span>
        <span class='muted'>
          <span class='issue-who' title={patch.author}>{whoWords(patch.author, patch.me)}</span>
          {merged != null
            ? <> · merged{merged.by.length > 0 && <> by {merged.by.map((p, i) => <span key={p}>{i > 0 && ', '}<span class='issue-who' title={p}>{whoWords(p, patch.me)}</span></span>)}</>} in <a href={commitLink(record.rid, merged.commit)} data-testid='merged-commit'><code>{shortOid(merged.commit)}</code></a> into <code>{patch.target}</code></>
            : <> wants to merge into <code>{patch.target}</code> from <a href={commitLink(record.rid, rev.oid)}><code>{rev.branch != null ? `${rev.branch}@` : ''}{shortOid(rev.oid)}</code></a></>}
          {' '}· opened {relativeTime(patch.at, now)}
        </span>
      </div>
      <div class='patch-revision-row'>
        <label class='small'>
          <span class='muted'>Showing </span>
          <select value={String(index + 1)} aria-label='Revision shown' data-testid='revision-select' onChange={e => { location.hash = patchLink(record.rid, patch.id, { ...page, rev: Number((e.target as HTMLSelectElement).value) }) }}>
            {patch.revisions.map((r, i) => <option key={r.id} value={String(i + 1)}>Revision {i + 1}{i === n - 1 ? ' (latest)' : ''}{r.redacted === true ? ' (redacted)' : ''}</option>)}
          </select>
        </label>
        <span class='muted small'><code>{patch.target}</code> ← <code title={rev.oid}>{rev.branch != null ? `${rev.branch}@` : ''}{shortOid(rev.oid)}</code> on <code title={rev.base}>{shortOid(rev.base)}</code> · pushed {relativeTime(rev.at, now)}</span>
        {index < n - 1 && <a class='small' href={patchLink(record.rid, patch.id, { ...page, rev: undefined })} data-testid='show-latest'>Show the latest revision</a>}
      </div>
    </header>
  )
}

function PatchTabs ({ record, patch, index, page, tab }: PatchPageProps & { tab: PatchTab }) {
  const comments = patch.revisions.reduce((k, r) => k + r.comments.length + Object.values(r.reviews).reduce((m, v) => m + v.comments.length + (v.summary != null && v.summary !== '' ? 1 : 0), 0), 0)
  const link = (t: PatchTab): string => patchLink(record.rid, patch.id, { rev: page.rev, tab: t, ...(t === 'compare' && page.from != null ? { from: page.from } : {}) })
  const item = (t: PatchTab, words: string, count?: number) => (
    <a href={link(t)} class={tab === t ? 'active' : undefined} aria-current={tab === t ? 'page' : undefined} data-testid={`patch-tab-${t}`}>
      {words}{count != null && count > 0 && <span class='tab-count'>{count}</span>}
    </a>
  )
  return (
    <nav class='tabs patch-tabs'>
      {item('conversation', 'Conversation', comments)}
      {item('commits', 'Commits')}
      {item('files', 'Files changed')}
      {item('compare', 'Compare revisions')}
      {index < patch.revisions.length - 1 && <span class='muted small patch-tabs-note'>revision {index + 1} of {patch.revisions.length}</span>}
    </nav>
  )
}
