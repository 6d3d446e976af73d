import fs from 'node:fs'
import { PackIndexer } from '../src/repo/pack/index-pack.js'
const bundle = fs.readFileSync(process.argv[2])
let i = 0; while (!(bundle[i] === 10 && bundle[i+1] === 10)) i++
const src = bundle.subarray(i + 2)
const pack = new Uint8Array(src.length); pack.set(src)
globalThis.gc?.()
const mu = () => { const m = process.memoryUsage(); return `rss ${(m.rss/1e6).toFixed(0)} heapTotal ${(m.heapTotal/1e6).toFixed(0)} heapUsed ${(m.heapUsed/1e6).toFixed(0)} external ${(m.external/1e6).toFixed(0)} ab ${(m.arrayBuffers/1e6).toFixed(0)}` }
console.log('before', mu())
const before = process.memoryUsage.rss()
let peak = before, peakAt = ''
const timer = setInterval(() => { const r = process.memoryUsage.rss(); if (r > peak) { peak = r; peakAt = mu() } }, 10)
const ix = new PackIndexer(pack.length, {})
for (let at = 0; at < pack.length; at += 64 * 1024) {
  ix.push(pack.slice(at, at + 64 * 1024))
  if ((at / 65536) % 4 === 3) await new Promise(r => setImmediate(r))
}
console.log('pushed', mu())
const r = await ix.finish()
console.log('finished', mu())
clearInterval(timer)
console.log('peak', peakAt, 'maxrss growth', (process.resourceUsage().maxRSS * 1024 / 1e6 - before / 1e6).toFixed(0))
