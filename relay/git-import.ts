// `relay import` with the stock git: `git fetch` copies what the source's
// branches and tags reach into the relay's bare repository, as
// `git clone --mirror` would (deltas reused, one pack, every object hashed
// by git's index-pack and the refs' reach checked), and then every commit,
// tree and tag that came gets the checks a tab makes on a peer's pack
// (git-object-check.ts), before anything is published. Importing again
// fetches only what is new (the live repository lends its objects through
// alternates while the fetch runs). The JS import
// (src/repo/gitdir-import.ts) stays for tabs, which have no git.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { join } from 'node:path'
import { validRefName } from '../src/core/ref-names.js'
import { ImportError } from '../src/repo/errors.js'
import { checkFetchedObjects } from './git-object-check.js'

export interface FilledRefs {
  refs: Array<{ name: string, oid: string }>
  /** the source's HEAD branch, when it points at one */
  headBranch?: string
}

/** At most this many refs, as everywhere else (signed refs cap them). */
const MAX_REFS = 10_000

/**
 * Fills `gitdir` (a bare repository) with what `source`'s branches and tags
 * reach, checked; `lend`: another repository's git directory whose objects
 * need not be copied (the repository being brought up to date).
 */
export async function fillWithGit (source: string, gitdir: string, opts: { lend?: string, signal?: AbortSignal } = {}): Promise<FilledRefs> {
  const alternates = join(gitdir, 'objects', 'info', 'alternates')
  if (opts.lend != null) {
    fs.mkdirSync(join(gitdir, 'objects', 'info'), { recursive: true })
    fs.writeFileSync(alternates, join(opts.lend, 'objects') + '\n')
  }
  try {
    await git(['--git-dir', gitdir,
      // git hashes every object; our own checks run below; one pack, never loose objects
      '-c', 'fetch.fsckObjects=false', '-c', 'fetch.unpackLimit=1', '-c', 'transfer.unpackLimit=1',
      '-c', 'protocol.file.allow=always',
      'fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--prune',
      source, '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'], opts.signal, 'fetch')
  } finally {
    if (opts.lend != null) fs.rmSync(alternates, { force: true })
  }
  // git hashed every object and checked the refs' reach; our own checks on top
  await checkFetchedObjects(gitdir, opts.signal)
  const listed = (await git(['--git-dir', gitdir, 'for-each-ref', '--format=%(objectname) %(refname)', 'refs/heads', 'refs/tags'], opts.signal, 'for-each-ref')).split('\n').filter(Boolean)
  if (listed.length > MAX_REFS) throw new ImportError(`the repository has ${listed.length} branches and tags, more than the ${MAX_REFS} a Guts repository may have`)
  const refs = listed.map(line => ({ oid: line.slice(0, 40), name: line.slice(41) }))
  const bad = refs.find(r => !validRefName(r.name))
  if (bad != null) throw new ImportError(`the ref name ${JSON.stringify(bad.name)} is not one git would make`)
  if (refs.length === 0) throw new ImportError('the repository has no branches or tags yet (make a first commit)')
  const head = await git(['--git-dir', source, 'symbolic-ref', '-q', 'HEAD'], opts.signal, 'symbolic-ref').catch(() => '')
  const headBranch = head.trim().startsWith('refs/heads/') ? head.trim().slice('refs/heads/'.length) : undefined
  return { refs, headBranch }
}

/** A bare repository made by git, for a fetch to fill. */
export async function initBare (gitdir: string, signal?: AbortSignal): Promise<void> {
  await git(['init', '--quiet', '--bare', gitdir], signal, 'init')
}

/** Moves the packs `from` holds (a staging repository) into `to`, each pack before its index. */
export function movePacks (from: string, to: string): void {
  const src = join(from, 'objects', 'pack')
  const dst = join(to, 'objects', 'pack')
  fs.mkdirSync(dst, { recursive: true })
  for (const pack of packsIn(from)) {
    const stem = pack.slice(0, -5)
    if (fs.existsSync(join(dst, `${stem}.idx`))) continue // already here
    fs.renameSync(join(src, `${stem}.pack`), join(dst, `${stem}.pack`))
    fs.renameSync(join(src, `${stem}.idx`), join(dst, `${stem}.idx`))
  }
}

function packsIn (gitdir: string): string[] {
  const dir = join(gitdir, 'objects', 'pack')
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter(e => e.isFile() && e.name.endsWith('.pack') && fs.existsSync(join(gitdir, 'objects', 'pack', e.name.slice(0, -5) + '.idx')))
    .map(e => e.name)
}

async function git (args: string[], signal: AbortSignal | undefined, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { stdio: ['ignore', 'pipe', 'pipe'], signal, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => { out += d })
    child.stderr.on('data', (d) => { err += String(d).slice(0, 2000) })
    child.on('error', (e: any) => reject(e.code === 'ENOENT' ? new ImportError('the relay host needs git for imports') : e))
    child.on('close', (code) => code === 0 ? resolve(out) : reject(new ImportError(`git ${what} failed: ${err.trim().split('\n').at(-1) || `exit ${code}`}`)))
  })
}
