// A bigger benchmark repository for bench/sync: the same recipe as
// bench/lib/make-repo.ts (real TypeScript/JavaScript from node_modules,
// written as one `git fast-import` stream, with branches, a merge, a deleted
// file now and then, lightweight and annotated tags, fixed dates and a seeded
// PRNG), but with the size as a parameter. bench/lib/make-repo.ts fixes its
// size in constants and exports only its helpers, so the history writer is
// repeated here with the shape passed in; `git`, `reachableObjects` and
// `countObjects` are the library's own.
//
// Cached under bench/sync/.cache/ (ignored by bench/.gitignore), keyed by the
// shape and the list of source files.
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { once } from 'node:events'
import path from 'node:path'
import { countObjects, git, reachableObjects } from '../lib/make-repo.js'
import type { BenchRepo } from '../lib/make-repo.js'
import type { Writable } from 'node:stream'

/** Bump when the generator changes, so the cache is rebuilt. */
const GENERATOR_VERSION = 1

export interface Shape {
  /** source files taken from node_modules (fewer when node_modules has fewer) */
  maxFiles: number
  maxFileBytes: number
  mainCommits: number
  feature: { name: string, forkAt: number, commits: number, mergeAt: number }
  develop: { name: string, forkAt: number, commits: number }
  /** edits per ordinary commit: editsMin + [0, editsSpread) */
  editsMin: number
  editsSpread: number
  /** fail rather than benchmark a repository smaller than this */
  minObjects: number
}

/** About 40,000 objects from ~15,000 real source files and ~1,100 commits. */
export const BIG: Shape = {
  maxFiles: 20_000,
  maxFileBytes: 200 * 1024,
  mainCommits: 900,
  feature: { name: 'feature/streams', forkAt: 300, commits: 100, mergeAt: 460 },
  develop: { name: 'develop', forkAt: 760, commits: 90 },
  editsMin: 2,
  editsSpread: 4,
  minObjects: 30_000
}

const FIRST_DATE = 1_600_000_000
const AUTHORS = [
  'Ada Lovelace <ada@example.org>',
  'Grace Hopper <grace@example.org>',
  'Linus Benedict <linus@example.org>'
]
const PREFERRED = ['@libp2p', 'libp2p', 'isomorphic-git', '@isomorphic-git', 'multiformats', '@multiformats', '@chainsafe', 'uint8arrays', 'uint8arraylist']
const SKIP_PACKAGES = ['caniuse-lite']
const SAFE_PATH = /^[A-Za-z0-9._@+\-/]+$/

export interface BigRepo extends BenchRepo {
  /** bytes of the pack inside the bundle */
  packBytes: number
}

interface SourceFile { rel: string, abs: string, size: number }

export async function makeBigRepo (cacheRoot: string, nodeModules: string, shape: Shape = BIG, log: (s: string) => void = () => {}): Promise<BigRepo> {
  const sources = listSources(nodeModules, shape)
  const key = createHash('sha1')
    .update(JSON.stringify({ GENERATOR_VERSION, shape, files: sources.map(s => [s.rel, s.size]) }))
    .digest('hex').slice(0, 12)
  const dir = path.join(cacheRoot, `repo-${key}`)
  const metaFile = path.join(dir, 'meta.json')
  if (fs.existsSync(metaFile)) return { ...JSON.parse(fs.readFileSync(metaFile, 'utf8')), cached: true }

  if (fs.existsSync(cacheRoot)) {
    for (const old of fs.readdirSync(cacheRoot)) if (old.startsWith('repo-')) fs.rmSync(path.join(cacheRoot, old), { recursive: true, force: true })
  }
  fs.mkdirSync(dir, { recursive: true })
  log(`generating the repository from ${sources.length} source files (once; cached in ${dir})`)
  const gitdir = path.join(dir, 'repo.git')
  git(dir, 'init', '-q', '--bare', '-b', 'main', gitdir)
  const commits = await fastImport(gitdir, sources, shape)
  // what a served repository usually looks like: one pack, as after `git gc`
  git(gitdir, 'repack', '-a', '-d', '-q')
  const bundle = path.join(dir, 'repo.bundle')
  git(gitdir, 'bundle', 'create', '-q', bundle, '--all')

  const objects = countObjects(gitdir)
  if (objects < shape.minObjects) throw new Error(`the generated repository has ${objects} objects, fewer than ${shape.minObjects}: node_modules holds too little source; raise the shape's commits or edits`)
  const meta: Omit<BigRepo, 'cached'> = {
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

// ---- choosing the source files (as bench/lib/make-repo.ts, with the limits from the shape)

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
  const st = fs.lstatSync(abs)
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(abs).sort()) {
      if (name === 'node_modules') continue
      walk(path.join(abs, name), `${rel}/${name}`, out, shape)
    }
  } else if (st.isFile() && /\.(ts|js)$/.test(rel) && !rel.endsWith('.min.js') && st.size > 0 && st.size <= shape.maxFileBytes && SAFE_PATH.test(rel)) {
    out.push({ rel, abs, size: st.size })
  }
}

// ---- writing the history (as bench/lib/make-repo.ts, with the shape passed in)

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
  const parentOf = new Map<Branch, number>()
  const totalCommits = mainCommits + FEATURE.commits + DEVELOP.commits
  const perCommit = Math.max(1, Math.ceil(sources.length / totalCommits))

  const commit = async (b: Branch, message: string, change: (tree: Tree) => string[], merge?: Branch): Promise<void> => {
    const before = new Map(b.tree)
    const summary = change(b.tree)
    const date = FIRST_DATE + commitCount * 3607
    const who = AUTHORS[commitCount % AUTHORS.length]
    const msg = `${message}\n\n${summary.join('\n')}\n`
    b.tip = ++mark
    commitCount++
    await w.text(`commit ${b.ref}\nmark :${b.tip}\nauthor ${who} ${date} +0000\ncommitter ${who} ${date} +0000\n`)
    await w.data(Buffer.from(msg))
    if (parentOf.has(b)) await w.text(`from :${parentOf.get(b)}\n`)
    if (merge?.tip != null) await w.text(`merge :${merge.tip}\n`)
    for (const [p, content] of b.tree) {
      if (before.get(p) !== content) { await w.text(`M 100644 inline ${p}\n`); await w.data(content) }
    }
    for (const p of before.keys()) if (!b.tree.has(p)) await w.text(`D ${p}\n`)
    await w.text('\n')
    parentOf.set(b, b.tip)
  }

  const work = async (b: Branch, i: number): Promise<void> => {
    const batch = queue.splice(0, perCommit)
    const dir = batch.length > 0 ? commonDir(batch.map(s => s.rel)) : ''
    return commit(b, batch.length > 0 ? `Add ${batch.length} files under ${dir}` : `Update ${b.ref.slice(11)} (${i})`, (tree) => {
      const lines: string[] = []
      for (const s of batch) { tree.set(s.rel, fs.readFileSync(s.abs)); lines.push(`A ${s.rel}`) }
      const edits = shape.editsMin + Math.floor(rand() * shape.editsSpread)
      for (let k = 0; k < edits; k++) lines.push(editRandomFile(tree, rand))
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
    if (i === Math.floor(mainCommits / 5)) await w.text(`reset refs/tags/v0.1.0\nfrom :${main.tip}\n\n`)
    if (i === Math.floor(mainCommits / 2)) await annotatedTag(w, 'v0.2.0', main.tip!, FIRST_DATE + commitCount * 3607)

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
  await w.data(Buffer.from(`Release ${name}\n`))
}

function mergeInto (ours: Tree, base: Tree, theirs: Tree): string[] {
  const lines: string[] = []
  for (const p of new Set([...base.keys(), ...theirs.keys()])) {
    const b = base.get(p)
    const t = theirs.get(p)
    if (t === b || ours.get(p) !== b) continue
    if (t == null) { ours.delete(p); lines.push(`D ${p}`) } else { ours.set(p, t); lines.push(`M ${p}`) }
  }
  return lines
}

function editRandomFile (tree: Tree, rand: () => number): string {
  const p = pickPath(tree, rand)
  if (p == null) return ''
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

function mulberry32 (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

class StreamWriter {
  constructor (private readonly out: Writable) {}
  async text (s: string): Promise<void> { await this.write(Buffer.from(s)) }
  async data (bytes: Buffer): Promise<void> {
    await this.text(`data ${bytes.length}\n`)
    await this.write(bytes)
    await this.text('\n')
  }

  private async write (b: Buffer): Promise<void> {
    if (!this.out.write(b)) await once(this.out, 'drain')
  }
}
