// The patch list as the filters ask for it: pure, so the list view only
// draws. The counts follow the label and search filters (as on GitHub), the
// state picks which side is shown; drafts count with the open ones.
import type { PatchSummary } from '../../app/types.js'

export interface PatchFilter {
  state: 'open' | 'draft' | 'merged' | 'archived'
  /** '' for any */
  label: string
  /** a substring of the title, any case; '' for any */
  q: string
}

export interface FilteredPatches {
  patches: PatchSummary[]
  /** open ones, drafts included (GitHub counts draft pull requests as open) */
  open: number
  draft: number
  merged: number
  archived: number
}

export function filterPatches (all: readonly PatchSummary[], f: PatchFilter): FilteredPatches {
  const q = f.q.trim().toLocaleLowerCase()
  const matching = all.filter(p => (f.label === '' || p.labels.includes(f.label)) && (q === '' || p.title.toLocaleLowerCase().includes(q)))
  const of = (s: PatchSummary['status']): PatchSummary[] => matching.filter(p => p.status === s)
  const draft = of('draft')
  const open = [...of('open'), ...draft]
  const shown = f.state === 'open' ? open : f.state === 'draft' ? draft : of(f.state)
  // newest first; ties by id, so every peer shows one order
  const patches = shown.slice().sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return { patches, open: open.length, draft: draft.length, merged: of('merged').length, archived: of('archived').length }
}
