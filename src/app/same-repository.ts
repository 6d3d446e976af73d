// Is what is being imported a repository this browser already holds? The
// same branches and tags at the same commits: importing it again would only
// make a second copy under another id. Read from the bundle's header or the
// folder's refs, before anything is copied.
import { parseBundleHeader } from '../core/bundle.js'
import { classify, gitdirPaths, parseRefs } from '../repo/gitdir-files.js'
import type { Repos } from '../repo/repos.js'
import type { RepoRecord } from '../repo/repo-index.js'
import { refsOf } from '../repo/repo-index.js'
import type { FolderFile } from './view-types.js'

export type ImportSource = { bundle: Uint8Array } | { folder: FolderFile[] }

/** The records whose branches and tags are exactly the source's; none when the source cannot be read (the import will say why). */
export async function sameRepositories (repos: Repos, source: ImportSource): Promise<RepoRecord[]> {
  const refs = await sourceRefs(source)
  if (refs == null || refs.size === 0) return []
  const key = refsKey(refs)
  return (await repos.list()).filter(r => refsKey(new Map(Object.entries(refsOf(r)))) === key)
}

/** branches and tags only: what an import keeps */
function refsKey (refs: Map<string, string>): string {
  return JSON.stringify([...refs].filter(([name]) => name.startsWith('refs/heads/') || name.startsWith('refs/tags/')).sort((a, b) => a[0] < b[0] ? -1 : 1))
}

async function sourceRefs (source: ImportSource): Promise<Map<string, string> | undefined> {
  if ('bundle' in source) {
    try {
      return new Map(parseBundleHeader(source.bundle).refs.map(r => [r.name, r.oid]))
    } catch {
      return undefined
    }
  }
  const byPath = new Map(source.folder.map(f => [f.relativePath, f]))
  const inGit = gitdirPaths([...byPath.keys()])
  const text = async (path: string): Promise<string> => new TextDecoder().decode(await byPath.get(inGit.get(path)!)!.read())
  const packed = inGit.has('packed-refs') ? await text('packed-refs') : undefined
  const loose = await Promise.all([...inGit.keys()].filter(p => classify(p) === 'ref').map(async p => ({ name: p, content: await text(p) })))
  return parseRefs(packed, loose)
}
