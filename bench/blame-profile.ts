// One blame, cold then warm three times, for profiling:
//   node --cpu-prof --import tsx bench/blame-profile.ts <bare gitdir> <rev> <path>
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { blameIn } from '../src/repo/blame.js'
import { openObjectStore } from '../src/repo/object-files.js'
import { HistoryMemo } from '../src/repo/path-history-reader.js'
import type { GitFs } from '../src/repo/fs.js'

const [repo, rev, path] = process.argv.slice(2)
const start = execFileSync('git', ['--git-dir', repo, 'rev-parse', `${rev}^{commit}`]).toString().trim()
let t = performance.now()
const store = await openObjectStore(fs as unknown as GitFs, repo)
const memo = new HistoryMemo()
// time spent reading objects, apart from the rest
let readMs = 0
const read = store.read.bind(store)
store.read = async (oid) => { const t0 = performance.now(); try { return await read(oid) } finally { readMs += performance.now() - t0 } }
const first = await blameIn(store, start, path, { memo })
console.log(`cold ${(performance.now() - t).toFixed(0)} ms (reading objects ${readMs.toFixed(0)}), ${first.lines.length} lines`)
for (let i = 0; i < 3; i++) {
  t = performance.now()
  readMs = 0
  await blameIn(store, start, path, { memo })
  console.log(`warm ${(performance.now() - t).toFixed(0)} ms (reading objects ${readMs.toFixed(0)})`)
}
store.release()
