// Benchmark: the JavaScript a first visit loads. The initial JS is what
// dist/index.html names (the entry script and its modulepreload links) plus
// anything those import statically; each file is compressed here with gzip -9
// and brotli at quality 11 (what relay/precompress.ts writes), so the numbers
// do not depend on which copies the build left. Then the total of every JS
// file the build made, and what the initial JS is made of by package (from
// the source maps), with any package present in two copies.
// A measurement, not a test: it exits 0 whatever the numbers (non-zero only
// when there is nothing to measure).
//
//   node --import tsx bench/bundle.ts [--build] [dist]     (or: npm run bench:bundle)
// --build runs `vite build` first; without it an existing dist/ is read
// (built when missing).
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { bytesPerSource, packageCopyOf, packageOf } from './lib/source-map-sizes.js'

const args = process.argv.slice(2)
const dist = args.find(a => !a.startsWith('--')) ?? 'dist'
if (args.includes('--build') || !existsSync(join(dist, 'index.html'))) {
  console.log('building (npx vite build)…')
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' })
}

const html = readFileSync(join(dist, 'index.html'), 'utf8')
const named = [
  ...[...html.matchAll(/<script\b[^>]*type="module"[^>]*\bsrc="([^"]+)"/g)].map(m => m[1]),
  ...[...html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map(m => m[1])
].map(url => url.replace(/^\//, ''))
if (named.length === 0) {
  console.error(`no module script in ${join(dist, 'index.html')}`)
  process.exit(1)
}

// static imports of a built chunk: `import{…}from"./x.js"`, `import"./x.js"`,
// `export{…}from"./x.js"` (never `import("./x.js")`, which is lazy)
const staticImports = (file: string): string[] => {
  const code = readFileSync(join(dist, file), 'utf8')
  const dir = file.slice(0, file.lastIndexOf('/') + 1)
  return [...code.matchAll(/(?:^|[^.\w$])(?:import|export)\s*(?:[\w$*{][^"'()]*?from\s*)?["'](\.\/[^"']+\.js)["']/g)]
    .map(m => dir + m[1].slice(2))
}
const initial: string[] = []
const visit = (file: string): void => {
  if (initial.includes(file) || !existsSync(join(dist, file))) return
  initial.push(file)
  for (const dep of staticImports(file)) visit(dep)
}
for (const f of named) visit(f)
const unnamed = initial.filter(f => !named.includes(f))

interface Sizes { raw: number, gzip: number, br: number }
const sizesOf = (bytes: Buffer): Sizes => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  br: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length
})
const kb = (n: number): string => (n / 1000).toFixed(1)
const row = (cells: string[]): void => { console.log(cells.map((c, i) => i === 0 ? c.padEnd(48) : c.padStart(10)).join(' ')) }
const sum = (list: Sizes[]): Sizes => list.reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip, br: a.br + s.br }), { raw: 0, gzip: 0, br: 0 })

console.log('\ninitial JS (what a first visit loads before the app runs), KB = 1000 bytes')
row(['file', 'raw KB', 'gzip -9', 'br 11'])
const perFile = initial.map(f => ({ f, s: sizesOf(readFileSync(join(dist, f))) })).sort((a, b) => b.s.gzip - a.s.gzip)
for (const { f, s } of perFile) row([f, kb(s.raw), kb(s.gzip), kb(s.br)])
const total = sum(perFile.map(p => p.s))
row([`total (${perFile.length} files)`, kb(total.raw), kb(total.gzip), kb(total.br)])
if (unnamed.length > 0) console.log(`(imported statically but not preloaded by index.html: ${unnamed.join(', ')})`)

// the network's code, which the app imports right after the first paint
// (src/app/network-stack.ts; what it imports statically and the shell has not)
const manifestFile = join(dist, '.vite', 'manifest.json')
if (existsSync(manifestFile)) {
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, { file: string, imports?: string[] }>
  const after: string[] = []
  const walk = (key: string): void => {
    const chunk = manifest[key]
    if (chunk == null || after.includes(chunk.file) || initial.includes(chunk.file)) return
    after.push(chunk.file)
    for (const dep of chunk.imports ?? []) walk(dep)
  }
  walk('src/app/network-stack.ts')
  if (after.length > 0) {
    console.log('\nafter the first paint: the network (libp2p, sync)')
    row(['file', 'raw KB', 'gzip -9', 'br 11'])
    const sizes = after.map(f => ({ f, s: sizesOf(readFileSync(join(dist, f))) }))
    for (const { f, s } of sizes) row([f, kb(s.raw), kb(s.gzip), kb(s.br)])
    const t = sum(sizes.map(x => x.s))
    row([`total (${sizes.length} files)`, kb(t.raw), kb(t.gzip), kb(t.br)])
  }
}

const assets = join(dist, 'assets')
const allJs = readdirSync(assets).filter(f => f.endsWith('.js')).map(f => sizesOf(readFileSync(join(assets, f))))
const all = sum(allJs)
console.log('')
row(['every JS file of the build', 'raw KB', 'gzip -9', 'br 11'])
row([`total (${allJs.length} files)`, kb(all.raw), kb(all.gzip), kb(all.br)])
row(['initial share', `${(100 * total.raw / all.raw).toFixed(0)}%`, `${(100 * total.gzip / all.gzip).toFixed(0)}%`, `${(100 * total.br / all.br).toFixed(0)}%`])

// what the initial JS is made of, by package (minified bytes, from the maps)
const byPackage = new Map<string, number>()
const copies = new Map<string, Set<string>>()
let mapped = 0
for (const f of initial) {
  const mapFile = join(dist, `${f}.map`)
  if (!existsSync(mapFile)) continue
  const sizes = bytesPerSource(readFileSync(join(dist, f), 'utf8'), JSON.parse(readFileSync(mapFile, 'utf8')))
  for (const [source, n] of sizes) {
    const pkg = packageOf(source)
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + n)
    mapped += n
    const set = copies.get(pkg) ?? new Set()
    set.add(packageCopyOf(source))
    copies.set(pkg, set)
  }
}
if (mapped > 0) {
  console.log('\ninitial JS by package (minified bytes the source maps give each; the top 30)')
  row(['package', 'raw KB', 'share'])
  for (const [pkg, n] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 30)) row([pkg, kb(n), `${(100 * n / mapped).toFixed(1)}%`])
  const twice = [...copies].filter(([, s]) => s.size > 1)
  console.log(twice.length === 0 ? '\nno package is in the initial JS twice' : '\npackages in the initial JS in more than one copy:')
  for (const [pkg, s] of twice) console.log(`  ${pkg}: ${[...s].join(', ')}`)
}
