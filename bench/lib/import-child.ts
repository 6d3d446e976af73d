// One import of a bundle with our real code, in a process of its own so its
// peak memory is the import's and nothing else's. Usage:
//   node --import tsx bench/lib/import-child.ts <bundle> <root dir>
// Prints one line, `RESULT {json}`, for bench/import.ts to read.
import '../../relay/polyfills.js'
import fs from 'node:fs'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { MemoryRepoIndex } from '../../src/repo/repo-index.js'
import { Repos } from '../../src/repo/repos.js'
import type { GitFs } from '../../src/repo/fs.js'

export interface ChildResult {
  importMs: number
  /** time per progress phase, in the order they came */
  phases: Array<{ phase: string, ms: number, peakRssKB: number }>
  /** RSS once modules are loaded and the key made, before the import starts */
  rssBeforeKB: number
  /** peak RSS of this whole process (process.resourceUsage().maxRSS) */
  maxRssKB: number
  gitdir: string
  refs: number
}

const [bundlePath, root] = process.argv.slice(2)
if (bundlePath == null || root == null) throw new Error('usage: import-child.ts <bundle> <root dir>')

const repos = new Repos({
  fs: fs as unknown as GitFs,
  index: new MemoryRepoIndex(),
  key: await generateKeyPair('Ed25519'),
  root,
  author: () => ({ name: 'bench', email: 'bench@example.org' })
})

// Time between changes of the reported phase. Before the first report the
// import is creating the git directory and parsing the bundle header; after
// the last one ('Checking history') it also signs and writes the refs, which
// we can't tell apart from outside, so that tail is counted in the last phase.
const phases: ChildResult['phases'] = []
let current = { phase: '(setup: git init, bundle header)', start: performance.now(), peakRssKB: 0 }
const sampleRss = (): void => { current.peakRssKB = Math.max(current.peakRssKB, Math.round(process.memoryUsage.rss() / 1024)) }
const endPhase = (now: number): void => {
  sampleRss()
  phases.push({ phase: current.phase, ms: now - current.start, peakRssKB: current.peakRssKB })
}
const onPhase = (phase: string): void => {
  if (phase === current.phase) { sampleRss(); return }
  const now = performance.now()
  endPhase(now)
  current = { phase, start: now, peakRssKB: 0 }
}

// read before timing: the file read is the same for git and for us
const bytes = new Uint8Array(fs.readFileSync(bundlePath))
const rssBeforeKB = Math.round(process.memoryUsage.rss() / 1024)
const start = performance.now()
current.start = start
const record = await repos.importBundle(bytes, { name: 'bench', onProgress: (p) => onPhase(p.phase) })
const end = performance.now()
endPhase(end)

const gitdir = repos.gitdir(record.rid)
const result: ChildResult = {
  importMs: end - start,
  phases,
  rssBeforeKB,
  maxRssKB: process.resourceUsage().maxRSS,
  gitdir,
  refs: Object.keys(record.signedRefs.refs).length
}
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`)
