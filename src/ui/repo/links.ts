// Building and reading the hash routes of DESIGN.md. Each path segment is
// URI-encoded on its own, so names with spaces, '#', '?' or unicode survive.

export const enc = (path: string): string => path.split('/').map(encodeURIComponent).join('/')

export const repoHome = (rid: string): string => `#/r/${rid}`
export const treeLink = (rid: string, ref: string, path = ''): string => `#/r/${rid}/tree/${enc(ref)}${path === '' ? '' : '/' + enc(path)}`
export const blobLink = (rid: string, ref: string, path: string): string => `#/r/${rid}/blob/${enc(ref)}/${enc(path)}`
/** a file with lines picked (`?L=10`, `?L=10-20`, as render/line-range.ts writes them) and/or as source rather than rendered (`?plain=1`) */
export const blobLinesLink = (rid: string, ref: string, path: string, opts: { lines?: string, plain?: boolean }): string => {
  const q = [opts.lines !== undefined && opts.lines !== '' ? `L=${encodeURIComponent(opts.lines)}` : '', opts.plain === true ? 'plain=1' : ''].filter(Boolean).join('&')
  return blobLink(rid, ref, path) + (q === '' ? '' : `?${q}`)
}
export const commitsLink = (rid: string, ref: string, page = 1): string => `#/r/${rid}/commits/${enc(ref)}${page > 1 ? `?page=${page}` : ''}`
export const commitLink = (rid: string, oid: string): string => `#/r/${rid}/commit/${oid}`
export const editLink = (rid: string, ref: string, path = ''): string => `#/r/${rid}/edit/${enc(ref)}${path === '' ? '' : '/' + enc(path)}`
export const newFileLink = (rid: string, ref: string, dir = ''): string => `#/r/${rid}/new/${enc(ref)}${dir === '' ? '' : '/' + enc(dir)}`
export const blameLink = (rid: string, ref: string, path: string): string => `#/r/${rid}/blame/${enc(ref)}/${enc(path)}`
/** the history of a file or folder: the commits view with a path */
export const historyLink = (rid: string, ref: string, path: string): string => `#/r/${rid}/commits/${enc(ref)}${path === '' ? '' : '/' + enc(path)}`
export const branchesLink = (rid: string): string => `#/r/${rid}/branches`
export const tagsLink = (rid: string): string => `#/r/${rid}/tags`
/** two branches, tags or commits: `compare/<base>...<head>` */
export const compareLink = (rid: string, base: string, head: string): string => `#/r/${rid}/compare/${enc(base)}...${enc(head)}`
export const searchLink = (rid: string, ref: string, q = ''): string => `#/r/${rid}/search/${enc(ref)}${q === '' ? '' : `?q=${encodeURIComponent(q)}`}`

export const VIEWS = ['home', 'tree', 'blob', 'commits', 'commit', 'edit', 'new', 'blame', 'branches', 'tags', 'compare', 'search'] as const

export interface RepoRoute {
  rid: string
  view: typeof VIEWS[number]
  /** decoded segments after the view name */
  rest: string[]
  query: URLSearchParams
}

/** Reads '/r/<rid>/<view>/<rest...>?query'; undefined when it is not a repository route. */
export function parseRepoRoute (route: string): RepoRoute | undefined {
  const [path, q = ''] = route.split('?', 2)
  const parts = path.split('/').filter(Boolean)
  if (parts[0] !== 'r' || parts[1] == null) return undefined
  let rest: string[]
  try { rest = parts.slice(3).map(decodeURIComponent) } catch { return undefined }
  const view = (parts[2] ?? 'home') as RepoRoute['view']
  if (!(VIEWS as readonly string[]).includes(view)) return undefined
  return { rid: parts[1], view, rest, query: new URLSearchParams(q) }
}
