// A directory at a revision, and its README below it (ReadmeCard: rendered
// apart from the listing, so a README that fails never hides the files).
import { README_NAME } from '../../render/readme.js'
import { useAsync } from '../hooks.js'
import { blobLink, newFileLink, treeLink } from './links.js'
import { Breadcrumbs } from './Breadcrumbs.js'
import { FileIcon, FolderIcon, LinkIcon } from './icons.js'
import { EntryLastCommit } from './EntryLastCommit.js'
import { LastCommit } from './LastCommit.js'
import { ReadmeCard } from './ReadmeCard.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'

export function TreeView ({ app, record, rev, path, delegate }: { app: GutsApp, record: RepoRecord, rev: string, path: string, delegate: boolean }) {
  const data = useAsync(async () => {
    const tree = await app.repos.tree(record, rev, path)
    if (tree == null) return undefined
    const { commit, items } = tree
    const readme = items.find(i => i.type === 'blob' && README_NAME.test(i.name))
    return { commit, items, readme }
  }, [record.rid, app.repos.versionOf(record), rev, path])
  // asked once the listing is there, and never waited for: a big folder's
  // history walk fills the column in afterwards (cached per commit and path)
  const shown = data.value?.commit
  const last = useAsync(async () => shown == null ? undefined : { key: `${shown} ${path}`, value: await app.repos.lastCommits(record, shown, path) }, [record.rid, shown, path])

  if (data.error != null) return <section class='card error-text'>Cannot show {path === '' ? 'this revision' : path}: {data.error.message}</section>
  if (data.value === undefined && !data.loading) return <section class='card'>No branch or tag named <code>{rev}</code>.</section>
  if (data.value == null) return <section class='card muted'>Loading…</section>
  const { commit, items, readme } = data.value
  // (useAsync keeps the last answer while the next loads: only this folder's counts)
  const lastHere = last.value?.key === `${commit} ${path}` ? last.value.value : undefined
  const now = Date.now()
  // a file is added by a commit on a branch: never on a tag or a commit id
  // (the editor would have no branch to move)
  const onBranch = app.repos.refsOf(record)[`refs/heads/${rev}`] != null
  return (
    <>
      <section class='card'>
        <div class='row spread'>
          <Breadcrumbs rid={record.rid} rev={rev} path={path} name={record.name} />
          {delegate && onBranch && <a class='button' href={newFileLink(record.rid, rev, path)} data-testid='add-file'>Add file</a>}
        </div>
        <LastCommit rid={record.rid} commit={lastHere?.folder} />
        <table class='files' data-testid='file-tree'>
          <tbody>
            {path !== '' && <tr><td colSpan={4}><a href={treeLink(record.rid, rev, path.split('/').slice(0, -1).join('/'))}>..</a></td></tr>}
            {items.map(i => (
              <tr key={i.path}>
                <td class='icon'>{i.type === 'tree' ? <FolderIcon /> : i.type === 'commit' ? <LinkIcon /> : <FileIcon />}</td>
                <td>
                  {i.type === 'tree' && <a href={treeLink(record.rid, rev, i.path)}>{i.name}</a>}
                  {i.type === 'blob' && <a href={blobLink(record.rid, rev, i.path)}>{i.name}</a>}
                  {i.type === 'commit' && <span title='submodule'>{i.name} @ {i.oid.slice(0, 8)}</span>}
                </td>
                <EntryLastCommit rid={record.rid} commit={lastHere?.entries[i.name]} now={now} />
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {readme != null && (
        <ReadmeCard
          name={readme.name}
          oid={readme.oid}
          load={async () => (await app.repos.file(record, commit, readme.path))?.bytes}
          links={{
            dir: path,
            blob: p => blobLink(record.rid, rev, p),
            tree: p => treeLink(record.rid, rev, p),
            isDir: p => items.some(i => i.type === 'tree' && i.path === p)
          }}
          loadFile={async p => (await app.repos.file(record, commit, p))?.bytes}
        />
      )}
    </>
  )
}
