// Builds a benchmark repository once and caches it under <benchDir>/.cache/.
// The content is real source text (TypeScript/JavaScript from node_modules),
// committed over hundreds of commits with branches, a merge, a deleted file
// now and then, and lightweight and annotated tags, so the pack has the mix of
// objects and deltas a real project's has. The history is written as one
// `git fast-import` stream: hundreds of `git add`/`git commit` calls would
// take minutes. Its size is a `Shape`: DEFAULT_SHAPE (~14,000 objects, for
// bench/import.ts and bench/relay) or BIG (~35,000 objects, for bench/sync.ts).
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { once } from 'node:events'
import path from 'node:path'
import type { Writable } from 'node:stream'
import { mulberry32 } from '../../test/fixtures/prng.js'

/** Bump when the generator changes, so the cache is rebuilt. */
const GENERATOR_VERSION = 3

/**
 * The shape of the history. With fixed dates and a seeded PRNG, the same
 * shape gives the same repository (and object ids) on every machine with the
 * same node_modules.
 */
export interface Shape {
  /** names the cache directory; a new build replaces older builds of the same name only */
  name: string
  /** source files taken from node_modules (fewer when node_modules has fewer) */
  maxFiles: number
  maxFileBytes: number
  mainCommits: number
  feature: { name: string, forkAt: number, commits: number, mergeAt: number }
  develop: { name: string, forkAt: number, commits: number }
  /** main-branch commit indexes tagged v0.1.0 (lightweight) and v0.2.0 (annotated); v1.0.0 tags the last */
  lightweightTagAt: number
  annotatedTagAt: number
  /** edits per ordinary commit: editsMin + [0, editsSpread) */
  editsMin: number
  editsSpread: number
  /** `git repack -a -d` after the import: one freshly delta-compressed pack, as after `git gc` */
  repack: boolean
  /** fail rather than benchmark a repository smaller than this */
  minObjects: number
}

/** About 14,000 objects from 6,000 real source files and 390 commits. */
export const DEFAULT_SHAPE: Shape = {
  name: 'default',
  maxFiles: 6000,
  maxFileBytes: 200 * 1024,
  mainCommits: 320,
  feature: { name: 'feature/streams', forkAt: 120, commits: 40, mergeAt: 175 },
  develop: { name: 'develop', forkAt: 260, commits: 30 },
  lightweightTagAt: 60,
  annotatedTagAt: 150,
  editsMin: 2,
  editsSpread: 4,
  repack: false,
  minObjects: 0
}

/** About 35,000 objects from ~15,000 real source files and ~1,100 commits (bench/sync.ts). */
export const BIG: Shape = {
  name: 'big',
  maxFiles: 20_000,
  maxFileBytes: 200 * 1024,
  mainCommits: 900,
  feature: { name: 'feature/streams', forkAt: 300, commits: 100, mergeAt: 460 },
  develop: { name: 'develop', forkAt: 760, commits: 90 },
  lightweightTagAt: 180,
  annotatedTagAt: 450,
  editsMin: 2,
  editsSpread: 4,
  repack: true,
  minObjects: 30_000
}

const FIRST_DATE = 1_600_000_000
const AUTHORS = [
  'Ada Lovelace <ada@example.org>',
  'Grace Hopper <grace@example.org>',
  'Linus Benedict <linus@example.org>'
]
// packages first: the ones this project is built on, then everything else in name order
const PREFERRED = ['@libp2p', 'libp2p', 'isomorphic-git', '@isomorphic-git', 'multiformats', '@multiformats', '@chainsafe', 'uint8arrays', 'uint8arraylist']
// data tables shipped as .js, not source text
const SKIP_PACKAGES = ['caniuse-lite']
const SAFE_PATH = /^[A-Za-z0-9._@+\-/]+$/

export interface BenchRepo {
  /** bare repository the bundle was made from */
  gitdir: string
  bundle: string
  bundleBytes: number
  /** bytes of the pack inside the bundle */
  packBytes: number
  objects: number
  /** reachable objects by type: commit, tree, blob, tag */
  types: Record<string, number>
  /** branch and tag names */
  refs: string[]
  commits: number
  files: number
  sourceBytes: number
  cached: boolean
}

interface SourceFile { rel: string, abs: string, size: number }

export interface MakeRepoOptions {
  shape?: Shape
  /** progress messages (only when the repository is generated, not when it comes from the cache) */
  log?: (s: string) => void
}

/** The repository of the given shape (DEFAULT_SHAPE unless told), built once and cached under <benchDir>/.cache/. */
export async function makeRepo (benchDir: string, nodeModules: string, { shape = DEFAULT_SHAPE, log = () => {} }: MakeRepoOptions = {}): Promise<BenchRepo> {
  const sources = listSources(nodeModules, shape)
  const key = createHash('sha1')
    .update(JSON.stringify({ GENERATOR_VERSION, shape, files: sources.map(s => [s.rel, s.size]) }))
    .digest('hex').slice(0, 12)
  const prefix = `repo-${shape.name}-`
  const cacheDir = path.join(benchDir, '.cache')
  const dir = path.join(cacheDir, `${prefix}${key}`)
  const metaFile = path.join(dir, 'meta.json')
  // meta.json is written last, so its presence means a complete build
  if (fs.existsSync(metaFile)) return { ...JSON.parse(fs.readFileSync(metaFile, 'utf8')), cached: true }

  // builds of this shape by an older generator or from other node_modules are
  // stale, as are those of the older cache layout (`repo-<key>`, no shape name)
  if (fs.existsSync(cacheDir)) {
    for (const old of fs.readdirSync(cacheDir)) {
      if (old.startsWith(prefix) || /^repo-[0-9a-f]{12}$/.test(old)) fs.rmSync(path.join(cacheDir, old), { recursive: true, force: true })
    }
  }
  fs.mkdirSync(dir, { recursive: true })
  log(`generating the repository from ${sources.length} source files (once; cached in ${dir})`)
  const gitdir = path.join(dir, 'repo.git')
  git(dir, 'init', '-q', '--bare', '-b', 'main', gitdir)
  const commits = await fastImport(gitdir, sources, shape)
  if (shape.repack) git(gitdir, 'repack', '-a', '-d', '-q')
  const bundle = path.join(dir, 'repo.bundle')
  git(gitdir, 'bundle', 'create', '-q', bundle, '--all')

  const objects = countObjects(gitdir)
  if (objects < shape.minObjects) throw new Error(`the generated repository has ${objects} objects, fewer than ${shape.minObjects}: node_modules holds too little source; raise the shape's commits or edits`)
  const meta: Omit<BenchRepo, 'cached'> = {
    gitdir,
    bundle,
    bundleBytes: fs.statSync(bundle).size,
    packBytes: packBytesOf(bundle),
    objects,
    types: objectTypes(gitdir),
    refs: git(gitdir, 'for-each-ref', '--format=%(refname)').split('\n').filter(Boolean),
    commits,
    files: sources.length,
    sourceBytes: sources.reduce((n, s) => n + s.size, 0)
  }
  fs.writeFileSync(metaFile, JSON.stringify(meta, null, 2))
  return { ...meta, cached: false }
}

/** Every object reachable from any ref, as `oid path` lines, sorted. */
export function reachableObjects (gitdir: string): string[] {
  return git(gitdir, '--git-dir', gitdir, 'rev-list', '--all', '--objects').split('\n').filter(Boolean).sort()
}

export function countObjects (gitdir: string): number {
  return reachableObjects(gitdir).length
}

/** A bundle is text lines up to an empty line, then the pack. */
function packBytesOf (bundle: string): number {
  const b = fs.readFileSync(bundle)
  const end = b.indexOf('\n\n')
  if (end < 0) throw new Error('not a bundle')
  return b.length - (end + 2)
}

function objectTypes (gitdir: string): Record<string, number> {
  const oids = reachableObjects(gitdir).map(l => l.slice(0, 40)).join('\n') + '\n'
  const r = spawnSync('git', ['--git-dir', gitdir, 'cat-file', '--batch-check=%(objecttype)'], { input: oids, encoding: 'utf8', maxBuffer: 1 << 30 })
  if (r.status !== 0) throw new Error(`git cat-file failed: ${r.stderr}`)
  const types: Record<string, number> = {}
  for (const t of r.stdout.split('\n').filter(Boolean)) types[t] = (types[t] ?? 0) + 1
  return types
}

export function git (cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 })
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`)
  return r.stdout
}

// ---- choosing the source files

function listSources (nodeModules: string, shape: Shape): SourceFile[] {
  const top = fs.readdirSync(nodeModules).filter(n => !n.startsWith('.')).sort()
  const order = [...PREFERRED.filter(p => top.includes(p)), ...top.filter(p => !PREFERRED.includes(p) && !SKIP_PACKAGES.includes(p))]
  const out: SourceFile[] = []
  for (const name of order) {
    walk(path.join(nodeModules, name), name, out, shape)
    if (out.length >= shape.maxFiles) break
  }
  return out.slice(0, shape.maxFiles)
}

function walk (abs: string, rel: string, out: SourceFile[], shape: Shape): void {
  if (out.length >= shape.maxFiles) return
  // lstat: symlinks (workspace links, .bin) would duplicate or escape the tree
  const st = fs.lstatSync(abs)
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(abs).sort()) {
      // nested node_modules are other packages' copies; skip them
      if (name === 'node_modules') continue
      walk(path.join(abs, name), `${rel}/${name}`, out, shape)
    }
  } else if (st.isFile() && /\.(ts|js)$/.test(rel) && !rel.endsWith('.min.js') && st.size > 0 && st.size <= shape.maxFileBytes && SAFE_PATH.test(rel)) {
    out.push({ rel, abs, size: st.size })
  }
}

// ---- writing the history

/** A branch's files: path -> content. Unchanged files keep the same Buffer, so `!==` means "changed". */
type Tree = Map<string, Buffer>

interface Branch { ref: string, tree: Tree, tip?: number }

async function fastImport (gitdir: string, sources: SourceFile[], shape: Shape): Promise<number> {
  const { mainCommits, feature: FEATURE, develop: DEVELOP } = shape
  const proc = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: gitdir, stdio: ['pipe', 'inherit', 'inherit'] })
  const exited = new Promise<number>((resolve, reject) => {
    proc.on('error', reject)
    proc.on('close', code => resolve(code ?? -1))
  })
  const w = new StreamWriter(proc.stdin)
  const rand = mulberry32(42)
  const queue = [...sources]
  let mark = 0
  let commitCount = 0
  // each branch's last commit (or fork point), the `from` of its next commit
  const parentOf = new Map<Branch, number>()

  // Files per commit: spread the sources over all commits, leaving a few for the side branches.
  const totalCommits = mainCommits + FEATURE.commits + DEVELOP.commits
  const perCommit = Math.max(1, Math.ceil(sources.length / totalCommits))

  const commit = async (b: Branch, message: string, change: (tree: Tree) => string[], merge?: Branch): Promise<void> => {
    const before = new Map(b.tree)
    const summary = change(b.tree)
    const date = FIRST_DATE + commitCount * 3607 // not round hours: varied, still fixed
    const who = AUTHORS[commitCount % AUTHORS.length]
    const msg = `${message}\n\n${summary.join('\n')}\n`
    b.tip = ++mark
    commitCount++
    await w.text(`commit ${b.ref}\nmark :${b.tip}\nauthor ${who} ${date} +0000\ncommitter ${who} ${date} +0000\n`)
    await w.data(Buffer.from(msg))
    if (parentOf.has(b)) await w.text(`from :${parentOf.get(b)}\n`)
    if (merge?.tip != null) await w.text(`merge :${merge.tip}\n`)
    // only what changed since the parent: fast-import starts from the parent's tree
    for (const [p, content] of b.tree) {
      if (before.get(p) !== content) { await w.text(`M 100644 inline ${p}\n`); await w.data(content) }
    }
    for (const p of before.keys()) if (!b.tree.has(p)) await w.text(`D ${p}\n`)
    await w.text('\n')
    parentOf.set(b, b.tip)
  }

  /** The usual commit: a batch of new files plus small edits to a few existing ones. */
  const work = (b: Branch, i: number): Promise<void> => {
    const batch = queue.splice(0, perCommit)
    const dir = batch.length > 0 ? commonDir(batch.map(s => s.rel)) : ''
    return commit(b, batch.length > 0 ? `Add ${batch.length} files under ${dir}` : `Update ${b.ref.slice(11)} (${i})`, (tree) => {
      const lines: string[] = []
      for (const s of batch) { tree.set(s.rel, fs.readFileSync(s.abs)); lines.push(`A ${s.rel}`) }
      const edits = shape.editsMin + Math.floor(rand() * shape.editsSpread)
      for (let k = 0; k < edits; k++) lines.push(editRandomFile(tree, rand))
      // now and then a file goes away, as in any real history
      if (i % 23 === 22) {
        const victim = pickPath(tree, rand)
        if (victim != null) { tree.delete(victim); lines.push(`D ${victim}`) }
      }
      return lines
    })
  }

  const main: Branch = { ref: 'refs/heads/main', tree: new Map() }
  let feature: Branch | undefined
  let featureBase: Tree | undefined
  let develop: Branch | undefined
  let featureDone = 0
  let developDone = 0

  for (let i = 0; i < mainCommits; i++) {
    if (i === FEATURE.mergeAt && feature != null) {
      const f = feature
      const base = featureBase!
      await commit(main, `Merge branch '${FEATURE.name}'`, (tree) => mergeInto(tree, base, f.tree), f)
    } else {
      await work(main, i)
    }
    if (i === shape.lightweightTagAt) await w.text(`reset refs/tags/v0.1.0\nfrom :${main.tip}\n\n`) // a lightweight tag
    if (i === shape.annotatedTagAt) await annotatedTag(w, 'v0.2.0', main.tip!, FIRST_DATE + commitCount * 3607)

    // side branches: fork from main, then advance alongside it, one commit per main commit
    if (i === FEATURE.forkAt) {
      feature = { ref: `refs/heads/${FEATURE.name}`, tree: new Map(main.tree) }
      featureBase = new Map(main.tree)
      parentOf.set(feature, main.tip!)
    }
    if (feature != null && i > FEATURE.forkAt && featureDone < FEATURE.commits && i < FEATURE.mergeAt) {
      await work(feature, i); featureDone++
    }
    if (i === DEVELOP.forkAt) {
      develop = { ref: `refs/heads/${DEVELOP.name}`, tree: new Map(main.tree) }
      parentOf.set(develop, main.tip!)
    }
    if (develop != null && i > DEVELOP.forkAt && developDone < DEVELOP.commits) {
      await work(develop, i); developDone++
    }
  }
  await annotatedTag(w, 'v1.0.0', main.tip!, FIRST_DATE + commitCount * 3607)
  await w.text('done\n')
  proc.stdin.end()
  const code = await exited
  if (code !== 0) throw new Error(`git fast-import exited with ${code}`)
  return commitCount
}

async function annotatedTag (w: StreamWriter, name: string, target: number, date: number): Promise<void> {
  await w.text(`tag ${name}\nfrom :${target}\ntagger ${AUTHORS[0]} ${date} +0000\n`)
  // no blank line after: unlike commit and reset, tag takes none
  await w.data(Buffer.from(`Release ${name}\n`))
}

/** A file-level three-way merge: take the branch's change where main left the file alone. */
function mergeInto (ours: Tree, base: Tree, theirs: Tree): string[] {
  const lines: string[] = []
  for (const p of new Set([...base.keys(), ...theirs.keys()])) {
    const b = base.get(p)
    const t = theirs.get(p)
    if (t === b || ours.get(p) !== b) continue // unchanged there, or changed here too (ours wins)
    if (t == null) { ours.delete(p); lines.push(`D ${p}`) } else { ours.set(p, t); lines.push(`M ${p}`) }
  }
  return lines
}

/** A small, real-looking edit: insert lines taken from another file, delete a few, or rewrite one. */
function editRandomFile (tree: Tree, rand: () => number): string {
  const p = pickPath(tree, rand)
  if (p == null) return ''
  // latin1 maps bytes 1:1 to chars, so the edit never mangles non-UTF-8 bytes
  const lines = tree.get(p)!.toString('latin1').split('\n')
  const at = Math.floor(rand() * lines.length)
  const kind = rand()
  if (kind < 0.5) {
    const donor = tree.get(pickPath(tree, rand)!)!.toString('latin1').split('\n')
    const from = Math.floor(rand() * donor.length)
    lines.splice(at, 0, ...donor.slice(from, from + 1 + Math.floor(rand() * 8)))
  } else if (kind < 0.8 && lines.length > 10) {
    lines.splice(at, 1 + Math.floor(rand() * 5))
  } else {
    lines[at] = `${lines[at]} // reviewed ${Math.floor(rand() * 1e6)}`
  }
  tree.set(p, Buffer.from(lines.join('\n'), 'latin1'))
  return `M ${p}`
}

function pickPath (tree: Tree, rand: () => number): string | undefined {
  if (tree.size === 0) return undefined
  const paths = [...tree.keys()] // insertion order: deterministic
  return paths[Math.floor(rand() * paths.length)]
}

function commonDir (paths: string[]): string {
  let parts = paths[0].split('/').slice(0, -1)
  for (const p of paths) {
    const q = p.split('/')
    let n = 0
    while (n < parts.length && parts[n] === q[n]) n++
    parts = parts.slice(0, n)
  }
  return parts.join('/') || '/'
}

/** Writes to fast-import's stdin, waiting when the pipe is full instead of buffering everything. */
class StreamWriter {
  constructor (private readonly out: Writable) {}

  async text (s: string): Promise<void> { await this.write(Buffer.from(s)) }

  /** fast-import's exact-length data block */
  async data (bytes: Buffer): Promise<void> {
    await this.text(`data ${bytes.length}\n`)
    await this.write(bytes)
    await this.text('\n')
  }

  private async write (b: Buffer): Promise<void> {
    if (!this.out.write(b)) await once(this.out, 'drain')
  }
}
