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
let cpu = process.cpuUsage()
const cpuMs = (): string => { const u = process.cpuUsage(cpu); cpu = process.cpuUsage(); return `cpu ${((u.user + u.system) / 1000).toFixed(0)} ms` }
const store = await openObjectStore(fs as unknown as GitFs, repo)
const memo = new HistoryMemo()
// time spent reading objects, apart from the rest, by type
let readMs = 0
let byType: Record<string, number> = {}
const read = store.read.bind(store)
store.read = async (oid) => {
  const t0 = performance.now()
  const o = await read(oid)
  const ms = performance.now() - t0
  readMs += ms
  const k = o?.type ?? 'none'
  byType[k] = (byType[k] ?? 0) + ms
  byType[`${k} #`] = (byType[`${k} #`] ?? 0) + 1
  return o
}
const types = (): string => Object.entries(byType).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')
const first = await blameIn(store, start, path, { memo })
console.log(`cold ${(performance.now() - t).toFixed(0)} ms, ${cpuMs()} (reading objects ${readMs.toFixed(0)}: ${types()}), ${first.lines.length} lines`)
for (let i = 0; i < Number(process.env.WARM ?? 3); i++) {
  t = performance.now()
  cpu = process.cpuUsage()
  readMs = 0
  byType = {}
  await blameIn(store, start, path, { memo })
  console.log(`warm ${(performance.now() - t).toFixed(0)} ms, ${cpuMs()} (reading objects ${readMs.toFixed(0)})`)
}
store.release()
