// Proposing a patch: one of this tab's branches (with how far ahead of the
// target it is), the branch to change, a title, a Markdown description,
// draft or not. A tab that cannot commit here is told how: fork, commit on
// a branch of the fork, come back.
import { useEffect, useState } from 'preact/hooks'
import { latestRecord, useAction, useLoad, useReposVersion } from './issue-action.js'
import { IssueEditor } from './IssueEditor.js'
import { ForkButton } from './ForkButton.js'
import { rememberPatchBranch } from './PatchUpdateBox.js'
import { aheadWords } from './patch-words.js'
import { branchesLink, inNamespace, patchesLink, patchLink, treeLink } from './links.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'
import './IssueView.css'
import './PatchView.css'

export function PatchNewView ({ app, record, branch: asked }: { app: GutsApp, record: RepoRecord, branch: string }) {
  const version = useReposVersion(app)
  const canWrite = app.repos.canWrite(record)
  const branches = Object.keys(app.repos.refsOf(record)).filter(r => r.startsWith('refs/heads/')).map(r => r.slice('refs/heads/'.length)).sort()
  const [target, setTarget] = useState(record.defaultBranch)
  const proposable = useLoad(async () => canWrite ? await app.repos.patches.proposable(await latestRecord(app, record, version), target) : [], [record.rid, version, target, canWrite])
  const [branch, setBranch] = useState(asked)
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [draft, setDraft] = useState(false)
  const act = useAction()
  // (the handle leaves out a delegate's own target branch; a fork's main with new commits is proposable)
  const candidates = proposable.value ?? []
  // the branch asked for in the link, else the first with something to propose
  useEffect(() => {
    if (candidates.length === 0 || candidates.some(b => b.branch === branch)) return
    setBranch((candidates.find(b => b.ahead > 0) ?? candidates[0]).branch)
  }, [proposable.value, target])
  const chosen = candidates.find(b => b.branch === branch)
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault()
    if (title.trim() === '' || chosen == null) return
    let id = ''
    const ok = await act.run(async () => { id = await app.repos.patches.open(record, { title: title.trim(), description, target, branch: chosen.branch, draft }) })
    if (!ok) return
    rememberPatchBranch(record.rid, id, chosen.branch)
    location.hash = patchLink(record.rid, id)
  }
  const mine = app.repos.writers(record).find(w => w.me && (w.fork || w.delegate))
  if (!canWrite) {
    return (
      <section class='card issue-new' data-testid='patch-new'>
        <h2>New patch</h2>
        <p>A patch proposes commits from a branch of yours. Only the repository’s delegates commit to it, so first make your own copy to commit to: a fork.</p>
        <ol class='patch-steps'>
          <li>Fork the repository: <ForkButton app={app} record={record} label='Fork' /></li>
          <li>In your fork, make a branch and commit to it (open a file and edit it, or add one).</li>
          <li>Come back here and propose the branch.</li>
        </ol>
      </section>
    )
  }
  return (
    <section class='card issue-new' data-testid='patch-new'>
      <h2>New patch</h2>
      <form class='stack' onSubmit={e => { void submit(e) }}>
        <div class='patch-new-branches'>
          <label class='small'>into <select value={target} onChange={e => setTarget((e.target as HTMLSelectElement).value)} data-testid='patch-target' aria-label='Target branch'>
            {branches.map(b => <option key={b} value={b}>{b}</option>)}
          </select></label>
          <span aria-hidden='true'>←</span>
          <label class='small'>from <select value={chosen?.branch ?? ''} onChange={e => setBranch((e.target as HTMLSelectElement).value)} data-testid='patch-branch' aria-label='Your branch' disabled={candidates.length === 0}>
            {candidates.length === 0 && <option value=''>no branch</option>}
            {candidates.map(b => <option key={b.branch} value={b.branch}>{b.branch} ({aheadWords(b.ahead)})</option>)}
          </select></label>
        </div>
        {proposable.error != null && <p class='error-text small' role='alert'>Cannot list your branches: {proposable.error.message}</p>}
        {proposable.value != null && candidates.length === 0 && (
          <p class='muted' data-testid='no-branch'>You have no branch to propose into {target}. Make one on the <a href={mine != null && !app.repos.isDelegate(record) ? inNamespace(mine.peer, branchesLink(record.rid)) : branchesLink(record.rid)}>branches page</a>, then commit to it in the <a href={mine != null && !app.repos.isDelegate(record) ? inNamespace(mine.peer, treeLink(record.rid, record.defaultBranch)) : treeLink(record.rid, record.defaultBranch)}>code view</a>.</p>
        )}
        {chosen != null && chosen.ahead === 0 && <p class='muted small' data-testid='nothing-ahead'>{chosen.branch} has no commit that {target} has not: there is nothing to propose yet.</p>}
        <input value={title} onInput={e => setTitle((e.target as HTMLInputElement).value)} placeholder='Title' aria-label='Title' maxLength={256} data-testid='patch-title-input' />
        <IssueEditor record={record} value={description} onInput={setDescription} label='Description' placeholder='What it changes and why; how to check it. Markdown works.' rows={8} testid='patch-description' />
        <label class='small patch-check'><input type='checkbox' checked={draft} onChange={e => setDraft((e.target as HTMLInputElement).checked)} data-testid='patch-draft' /> Open as a draft (not ready for review yet)</label>
        {title.trim() === '' && chosen != null && chosen.ahead > 0 && <p class='muted small' data-testid='title-needed'>A patch needs a title.</p>}
        <div class='row issue-buttons'>
          <button type='submit' class='primary' disabled={act.busy || title.trim() === '' || chosen == null || chosen.ahead === 0} data-testid='submit-patch'>{act.busy ? 'Opening…' : draft ? 'Open draft patch' : 'Open patch'}</button>
          <a href={patchesLink(record.rid)}>Cancel</a>
          {act.error != null && <span class='error-text small' role='alert' data-testid='new-patch-error'>{act.error}</span>}
        </div>
      </form>
    </section>
  )
}
