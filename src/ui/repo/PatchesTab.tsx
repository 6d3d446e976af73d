// The Patches tab of a repository's navigation, with how many are open
// (drafts included). Like issues, patches are the repository's, not one writer's.
import { useLoad, useReposVersion } from './issue-action.js'
import { latestPatches } from './patch-action.js'
import { patchesLink } from './links.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'
import './PatchView.css'

export function PatchesTab ({ app, record, active }: { app: GutsApp, record: RepoRecord, active: boolean }) {
  const version = useReposVersion(app)
  const list = useLoad(async () => await latestPatches(app, record, version), [record.rid, version])
  const open = list.value?.patches.filter(p => p.status === 'open' || p.status === 'draft').length
  return (
    <a href={patchesLink(record.rid)} class={active ? 'active' : undefined} data-testid='patches-tab'>
      Patches{open != null && open > 0 && <span class='tab-count' data-testid='patches-tab-count'>{open}</span>}
    </a>
  )
}
