import fs from 'node:fs'
import { indexPack } from '/work/main/src/repo/pack/index-pack.ts'
const dir = '/work/main/bench/.cache/repo-e3ec43d9f0bc/repo.git/objects/pack/'
const name = fs.readdirSync(dir).find(f => f.endsWith('.pack'))!
const pack = new Uint8Array(fs.readFileSync(dir + name))
const idx = fs.readFileSync(dir + name.replace('.pack', '.idx'))
for (let r = 0; r < 3; r++) {
  const t = performance.now()
  const res = await indexPack(pack)
  console.log('ms', performance.now() - t, res.counts, res.oids.length, res.referenced.size, Buffer.compare(Buffer.from(res.idx), idx) === 0)
}
console.log('maxRSS MB', process.resourceUsage().maxRSS / 1024)
