// Building and reading the hash routes of DESIGN.md. Each path segment is
// URI-encoded on its own, so names with spaces, '#', '?' or unicode survive.

export const enc = (path: string): string => path.split('/').map(encodeURIComponent).join('/')

/**
 * The writer's namespace the page shows (`#/r/<rid>/remotes/<peer>/…`), or none.
 * RepoPage sets it for the page it draws, so every link a view builds for that
 * repository stays inside the namespace without each view knowing about it;
 * the repository's home, its Forks view and other repositories' links are
 * never scoped.
 */
let scope: { rid: string, peer: string } | undefined
export function setLinkScope (rid?: string, peer?: string): void {
  scope = rid != null && peer != null ? { rid, peer } : undefined
}
const scoped = (rid: string): string => `#/r/${rid}${scope?.rid === rid ? `/remotes/${encodeURIComponent(scope.peer)}` : ''}`
/** a link built for the repository (scoped or not) moved into `peer`'s namespace */
export const inNamespace = (peer: string, link: string): string => {
  const m = /^#\/r\/([^/?]+)(?:\/remotes\/[^/?]+)?(.*)$/.exec(link)
  return m == null ? link : `#/r/${m[1]}/remotes/${encodeURIComponent(peer)}${m[2]}`
}
/** a link built for the repository, taken out of any namespace */
export const outOfNamespace = (link: string): string => link.replace(/^(#\/r\/[^/?]+)\/remotes\/[^/?]+/, '$1')
export const remotesLink = (rid: string): string => `#/r/${rid}/remotes`

export const repoHome = (rid: string): string => `#/r/${rid}`
export const treeLink = (rid: string, ref: string, path = ''): string => `${scoped(rid)}/tree/${enc(ref)}${path === '' ? '' : '/' + enc(path)}`
export const blobLink = (rid: string, ref: string, path: string): string => `${scoped(rid)}/blob/${enc(ref)}/${enc(path)}`
/** a file with lines picked (`?L=10`, `?L=10-20`, as render/line-range.ts writes them) and/or as source rather than rendered (`?plain=1`) */
export const blobLinesLink = (rid: string, ref: string, path: string, opts: { lines?: string, plain?: boolean }): string => {
  const q = [opts.lines !== undefined && opts.lines !== '' ? `L=${encodeURIComponent(opts.lines)}` : '', opts.plain === true ? 'plain=1' : ''].filter(Boolean).join('&')
  return blobLink(rid, ref, path) + (q === '' ? '' : `?${q}`)
}
export const commitsLink = (rid: string, ref: string, page = 1): string => `${scoped(rid)}/commits/${enc(ref)}${page > 1 ? `?page=${page}` : ''}`
export const commitLink = (rid: string, oid: string): string => `${scoped(rid)}/commit/${oid}`
export const editLink = (rid: string, ref: string, path = ''): string => `${scoped(rid)}/edit/${enc(ref)}${path === '' ? '' : '/' + enc(path)}`
export const newFileLink = (rid: string, ref: string, dir = ''): string => `${scoped(rid)}/new/${enc(ref)}${dir === '' ? '' : '/' + enc(dir)}`
export const blameLink = (rid: string, ref: string, path: string): string => `${scoped(rid)}/blame/${enc(ref)}/${enc(path)}`
/** the history of a file or folder: the commits view with a path */
export const historyLink = (rid: string, ref: string, path: string): string => `${scoped(rid)}/commits/${enc(ref)}${path === '' ? '' : '/' + enc(path)}`
export const branchesLink = (rid: string): string => `${scoped(rid)}/branches`
export const tagsLink = (rid: string): string => `${scoped(rid)}/tags`
/** two branches, tags or commits: `compare/<base>...<head>` */
export const compareLink = (rid: string, base: string, head: string): string => `${scoped(rid)}/compare/${enc(base)}...${enc(head)}`
export const searchLink = (rid: string, ref: string, q = ''): string => `${scoped(rid)}/search/${enc(ref)}${q === '' ? '' : `?q=${encodeURIComponent(q)}`}`

/** what the issue list shows; each filter left out of the link when it is the default */
export interface IssuesFilterParams { state?: 'open' | 'closed', label?: string, q?: string, sort?: 'newest' | 'updated' }
// issues live on the repository, not in a writer's namespace: never scoped
export const issuesLink = (rid: string, f: IssuesFilterParams = {}): string => {
  const q = new URLSearchParams()
  if (f.state === 'closed') q.set('state', 'closed')
  if (f.label != null && f.label !== '') q.set('label', f.label)
  if (f.q != null && f.q !== '') q.set('q', f.q)
  if (f.sort === 'updated') q.set('sort', 'updated')
  const qs = q.toString()
  return `#/r/${rid}/issues${qs === '' ? '' : `?${qs}`}`
}
export const newIssueLink = (rid: string): string => `#/r/${rid}/issues/new`
export const issueLink = (rid: string, id: string): string => `#/r/${rid}/issues/${id}`

/** What an `issues/…` route asks for: the list, the form, one issue, or nothing (a malformed id). */
export type IssuesRoute = { kind: 'list', filter: IssuesFilterParams } | { kind: 'new' } | { kind: 'issue', id: string } | { kind: 'bad', text: string }
export function parseIssuesRoute (rest: string[], query: URLSearchParams): IssuesRoute {
  if (rest.length === 0) {
    return { kind: 'list', filter: { state: query.get('state') === 'closed' ? 'closed' : 'open', label: query.get('label') ?? '', q: query.get('q') ?? '', sort: query.get('sort') === 'updated' ? 'updated' : 'newest' } }
  }
  if (rest.length === 1 && rest[0] === 'new') return { kind: 'new' }
  if (rest.length === 1 && /^[0-9a-f]{40}$/.test(rest[0])) return { kind: 'issue', id: rest[0] }
  return { kind: 'bad', text: rest.join('/') }
}

/** what the patch list shows; each filter left out of the link when it is the default */
export interface PatchesFilterParams { state?: 'open' | 'merged' | 'archived' | 'draft', label?: string, q?: string }
export const PATCH_LIST_STATES = ['open', 'draft', 'merged', 'archived'] as const
export const PATCH_TABS = ['conversation', 'commits', 'files', 'compare'] as const
export type PatchTab = typeof PATCH_TABS[number]
/** one patch page: the revision shown (1-based; latest when absent), the tab, and for compare the revision compared from */
export interface PatchPageParams { rev?: number, tab?: PatchTab, from?: number }
// patches, like issues, are the repository's: never scoped
export const patchesLink = (rid: string, f: PatchesFilterParams = {}): string => {
  const q = new URLSearchParams()
  if (f.state != null && f.state !== 'open') q.set('state', f.state)
  if (f.label != null && f.label !== '') q.set('label', f.label)
  if (f.q != null && f.q !== '') q.set('q', f.q)
  const qs = q.toString()
  return `#/r/${rid}/patches${qs === '' ? '' : `?${qs}`}`
}
export const newPatchLink = (rid: string, branch?: string): string => `#/r/${rid}/patches/new${branch != null && branch !== '' ? `?branch=${encodeURIComponent(branch)}` : ''}`
export const patchLink = (rid: string, id: string, p: PatchPageParams = {}): string => {
  const q = new URLSearchParams()
  if (p.rev != null) q.set('rev', String(p.rev))
  if (p.tab != null && p.tab !== 'conversation') q.set('tab', p.tab)
  if (p.from != null) q.set('from', String(p.from))
  const qs = q.toString()
  return `#/r/${rid}/patches/${id}${qs === '' ? '' : `?${qs}`}`
}

/** What a `patches/…` route asks for. */
export type PatchesRoute = { kind: 'list', filter: Required<PatchesFilterParams> } | { kind: 'new', branch: string } | { kind: 'patch', id: string, page: PatchPageParams } | { kind: 'bad', text: string }
const revNumber = (s: string | null): number | undefined => s != null && /^[1-9]\d{0,5}$/.test(s) ? Number(s) : undefined
export function parsePatchesRoute (rest: string[], query: URLSearchParams): PatchesRoute {
  if (rest.length === 0) {
    const state = query.get('state')
    return { kind: 'list', filter: { state: (PATCH_LIST_STATES as readonly string[]).includes(state ?? '') ? state as PatchesFilterParams['state'] & string : 'open', label: query.get('label') ?? '', q: query.get('q') ?? '' } }
  }
  if (rest.length === 1 && rest[0] === 'new') return { kind: 'new', branch: query.get('branch') ?? '' }
  if (rest.length === 1 && /^[0-9a-f]{40}$/.test(rest[0])) {
    const tab = query.get('tab')
    const rev = revNumber(query.get('rev'))
    const from = revNumber(query.get('from'))
    return { kind: 'patch', id: rest[0], page: { ...(rev != null ? { rev } : {}), tab: (PATCH_TABS as readonly string[]).includes(tab ?? '') ? tab as PatchTab : 'conversation', ...(from != null ? { from } : {}) } }
  }
  return { kind: 'bad', text: rest.join('/') }
}

export const VIEWS = ['home', 'tree', 'blob', 'commits', 'commit', 'edit', 'new', 'blame', 'branches', 'tags', 'compare', 'search', 'remotes', 'issues', 'patches'] as const

export interface RepoRoute {
  rid: string
  view: typeof VIEWS[number]
  /** decoded segments after the view name */
  rest: string[]
  query: URLSearchParams
  /** `remotes/<peer>/<view>/…`: the view as that writer's namespace has it */
  peer?: string
}

/** Reads '/r/<rid>/<view>/<rest...>?query'; undefined when it is not a repository route. */
export function parseRepoRoute (route: string): RepoRoute | undefined {
  const [path, q = ''] = route.split('?', 2)
  let parts = path.split('/').filter(Boolean)
  if (parts[0] !== 'r' || parts[1] == null) return undefined
  // remotes/<peer>/<view>/… is <view>/… seen through that namespace
  let peer: string | undefined
  if (parts[2] === 'remotes' && parts[3] != null) {
    try { peer = decodeURIComponent(parts[3]) } catch { return undefined }
    parts = [parts[0], parts[1], ...parts.slice(4)]
    if (parts[2] === 'remotes') return undefined
  }
  let rest: string[]
  try { rest = parts.slice(3).map(decodeURIComponent) } catch { return undefined }
  const view = (parts[2] ?? 'home') as RepoRoute['view']
  if (!(VIEWS as readonly string[]).includes(view)) return undefined
  return { rid: parts[1], view, rest, query: new URLSearchParams(q), ...(peer != null ? { peer } : {}) }
}
