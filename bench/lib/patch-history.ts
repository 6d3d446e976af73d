// A patch's history made with the stock git CLI, for bench/patches.ts: a
// base of many files, revision 1 (a branch of commits over part of them),
// revision 2 (revision 1 replayed with `git cherry-pick`, some commits
// amended as `git rebase -i` with `edit` would), and the target branch
// moved on meanwhile (upstream work in other files and in a few of the
// patch's, far from its lines), so a merge of revision 1 is a real
// three-way one; and revision 1 rebased onto that target as it is.
// Seeded: every run makes the same trees.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { mulberry32 } from '../../test/fixtures/prng.js'

export interface PatchShape {
  /** files in the base */
  files: number
  /** revision 1's commits, and the files they touch together */
  commits: number
  touched: number
  /** commits of revision 1 amended in revision 2 */
  amended: number
  /** base files the target branch changes after the base (none of the patch's lines) */
  upstream: number
}

export interface PatchHistory {
  dir: string
  gitdir: string
  base: string
  head1: string
  head2: string
  /** the target branch's head after the upstream work */
  target: string
  /** revision 1 rebased onto the target, unchanged (git cherry-pick of each commit) */
  head3: string
  /** the indexes (0-based) of revision 1's commits amended in revision 2 */
  amended: number[]
}

const WORDS = 'const let return if else for while function import export from value result error cache index count list map set get open close read write path tree blob commit branch merge diff hunk line file page view state'.split(' ')

export function writePatchHistory (shape: PatchShape, seed = 7): PatchHistory {
  const rand = mulberry32(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]
  const sentence = (): string => Array.from({ length: 3 + Math.floor(rand() * 8) }, () => pick(WORDS)).join(' ')
  const dir = mkdtempSync(join(tmpdir(), 'guts-bench-patches-'))
  let clock = 1_700_000_000
  const git = (...args: string[]): string => execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.org', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.org', GIT_AUTHOR_DATE: `${clock} +0000`, GIT_COMMITTER_DATE: `${clock} +0000`, GIT_CONFIG_NOSYSTEM: '1', HOME: dir }
  })
  const files = new Map<string, string[]>()
  const paths = Array.from({ length: shape.files }, (_, i) => `src/m${String(i % 40).padStart(2, '0')}/file${String(i).padStart(4, '0')}.ts`)
  const save = (path: string): void => {
    mkdirSync(join(dir, dirname(path)), { recursive: true })
    writeFileSync(join(dir, path), files.get(path)!.join('\n') + '\n')
  }
  const commit = (msg: string): string => {
    clock += 60
    git('add', '-A')
    git('commit', '-q', '-m', msg)
    return git('rev-parse', 'HEAD').trim()
  }

  git('init', '-q', '-b', 'main')
  for (const p of paths) {
    files.set(p, Array.from({ length: 60 + Math.floor(rand() * 140) }, (_, i) => `  ${sentence()} // ${i}`))
    save(p)
  }
  const base = commit('Base')
  const atBase = new Map([...files].map(([p, l]) => [p, [...l]]))

  // revision 1: commit k changes its own files (touched / commits of them) in a few places,
  // and one of the commit before it near its end; no later commit touches a commit's first file
  git('checkout', '-q', '-b', 'rev1')
  const perCommit = Math.max(1, Math.floor(shape.touched / shape.commits))
  const patchFiles = paths.slice(0, shape.touched)
  const ownFiles = (k: number): string[] => patchFiles.slice(k * perCommit, (k + 1) * perCommit)
  const revision1: string[] = []
  for (let k = 0; k < shape.commits; k++) {
    for (const p of ownFiles(k)) {
      const lines = files.get(p)!
      // a replaced line and an insertion, far apart, in the file's first half (the second is for the next commit)
      const half = Math.floor(lines.length / 2)
      lines[5 + Math.floor(rand() * (half - 20))] = `  ${sentence()} // changed in ${k}`
      lines.splice(half - 5, 0, ...Array.from({ length: 2 + Math.floor(rand() * 4) }, () => `  ${sentence()} // added in ${k}`))
      save(p)
    }
    if (k > 0) {
      const p = ownFiles(k - 1).at(-1)!
      const lines = files.get(p)!
      lines[lines.length - 8] = `  ${sentence()} // followed up in ${k}`
      save(p)
    }
    revision1.push(commit(`Patch step ${k + 1}: ${sentence()}`))
  }

  // the target branch moves on: other files, and lines near the end of a few of the patch's first files
  git('checkout', '-q', 'main')
  for (const [p, l] of atBase) files.set(p, [...l])
  const upstreamFiles = [...paths.slice(shape.touched, shape.touched + shape.upstream), ...Array.from({ length: 5 }, (_, i) => ownFiles(i * 3)[0]).filter(p => p != null)]
  for (const p of upstreamFiles) {
    const lines = files.get(p)!
    lines[lines.length - 3] = `  ${sentence()} // upstream`
    save(p)
  }
  const target = commit('Upstream work')

  // revision 2: revision 1 replayed on the same base, some commits amended (in their first file, untouched later)
  git('checkout', '-q', '-b', 'rev2', base)
  const amended = new Set<number>()
  while (amended.size < Math.min(shape.amended, shape.commits)) amended.add(Math.floor(rand() * shape.commits))
  for (let k = 0; k < shape.commits; k++) {
    clock += 60
    git('cherry-pick', revision1[k])
    if (!amended.has(k)) continue
    const p = ownFiles(k)[0]
    const lines = git('show', `HEAD:${p}`).split('\n').slice(0, -1)
    lines[2] = `  ${sentence()} // amended in review`
    files.set(p, lines)
    save(p)
    clock += 60
    git('commit', '-q', '-a', '--amend', '--no-edit')
  }
  const head2 = git('rev-parse', 'HEAD').trim()
  git('checkout', '-q', '-b', 'rev3', target)
  for (const c of revision1) {
    clock += 60
    git('cherry-pick', c)
  }
  const head3 = git('rev-parse', 'HEAD').trim()
  // one pack, as the app holds repositories
  git('repack', '-adq')
  return { dir, gitdir: join(dir, '.git'), base, head1: revision1.at(-1)!, head2, head3, target, amended: [...amended].sort((a, b) => a - b) }
}
