// Imports a repository from the files of its .git directory: copies the
// objects (loose and packed) and reads the refs, then checks that the
// history is complete before anything is published.
import { ImportError } from './errors.js'
import { mkdirp } from './fs.js'
import { classify, headBranch, parseRefs } from './gitdir-files.js'
import { indexPack } from './pack/index-pack.js'
import { collectReachable } from './reachable.js'
import type { BundleRef } from '../core/bundle.js'
import type { Progress } from './bundle-io.js'
import type { GitFs } from './fs.js'
import type { PickedFile } from './gitdir-files.js'

export async function copyGitdir (fs: GitFs, gitdir: string, files: PickedFile[], opts: { cache?: object, signal?: AbortSignal, onProgress?: (p: Progress) => void } = {}): Promise<{ refs: BundleRef[], headBranch?: string, objects: number }> {
  const byKind = new Map<string, PickedFile[]>()
  for (const f of files) byKind.set(classify(f.path), [...(byKind.get(classify(f.path)) ?? []), f])
  const of = (k: string): PickedFile[] => byKind.get(k) ?? []
  if (of('head').length === 0) throw new ImportError('this folder holds no git repository (no .git/HEAD)')
  if (of('shallow').length > 0) throw new ImportError('this is a shallow clone: its history is incomplete. Run "git fetch --unshallow" first')
  if (of('alternates').length > 0) throw new ImportError('this repository borrows objects from another one (objects/info/alternates); run "git repack -a -d" first')

  const text = async (f: PickedFile): Promise<string> => new TextDecoder().decode(await f.read())
  const refs = parseRefs(
    of('packed-refs').length > 0 ? await text(of('packed-refs')[0]) : undefined,
    await Promise.all(of('ref').map(async f => ({ name: f.path, content: await text(f) })))
  )
  if (refs.size === 0) throw new ImportError('the repository has no branches or tags yet (make a first commit)')

  const have = new Set<string>()
  // packs are indexed here rather than trusting the folder's .idx files:
  // indexing hashes every object, so a damaged pack cannot get in
  const copies = [...of('loose-object'), ...of('pack')]
  let done = 0
  for (const f of copies) {
    opts.signal?.throwIfAborted()
    const bytes = await f.read()
    const dir = f.path.slice(0, f.path.lastIndexOf('/'))
    await mkdirp(fs, `${gitdir}/${dir}`)
    await fs.promises.writeFile(`${gitdir}/${f.path}`, bytes)
    if (f.path.endsWith('.pack')) {
      let indexed
      try {
        indexed = await indexPack(bytes, { signal: opts.signal })
      } catch (err: any) {
        throw new ImportError(`${f.path} is damaged: ${err.message}`)
      }
      await fs.promises.writeFile(`${gitdir}/${f.path.replace(/\.pack$/, '.idx')}`, indexed.idx)
      for (const oid of indexed.oids) have.add(oid)
    }
    const loose = /^objects\/([0-9a-f]{2})\/([0-9a-f]{38})$/.exec(f.path)
    if (loose != null) have.add(loose[1] + loose[2])
    opts.onProgress?.({ phase: 'Copying objects', loaded: ++done, total: copies.length })
  }

  const list = [...refs].map(([name, oid]) => ({ name, oid }))
  await collectReachable(fs, gitdir, list.map(r => r.oid), {
    has: (oid) => have.has(oid),
    cache: opts.cache,
    signal: opts.signal,
    onProgress: (n) => opts.onProgress?.({ phase: 'Checking history', loaded: n, total: have.size })
  })
  return { refs: list, headBranch: headBranch(of('head').length > 0 ? await text(of('head')[0]) : undefined), objects: have.size }
}
