// `patches/…` routes: the list, the form, or one patch (links.ts parsePatchesRoute).
import { PatchesView } from './PatchesView.js'
import { PatchNewView } from './PatchNewView.js'
import { PatchView } from './PatchView.js'
import { parsePatchesRoute, patchesLink } from './links.js'
import { NotThere } from './NotThere.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'

export function PatchesPage ({ app, record, rest, query }: { app: GutsApp, record: RepoRecord, rest: string[], query: URLSearchParams }) {
  const r = parsePatchesRoute(rest, query)
  switch (r.kind) {
    case 'list': return <PatchesView key={record.rid} app={app} record={record} initial={r.filter} />
    case 'new': return <PatchNewView app={app} record={record} branch={r.branch} />
    case 'patch': return <PatchView key={r.id} app={app} record={record} id={r.id} page={r.page} />
    case 'bad': return <NotThere title={`“${r.text}” is not a patch id`} ways={[{ href: patchesLink(record.rid), label: 'All patches' }]}><p class='muted'>A patch is named by 40 hex characters (its first change’s commit id).</p></NotThere>
  }
}
