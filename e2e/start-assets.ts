// What a start loads, read from the build (dist/, built before Playwright
// runs): the shell, which dist/index.html names (its entry script, the
// chunks that imports statically, its CSS), and the network's code, which
// the app imports right after the first paint (src/app/network-stack.ts and
// the chunks it imports statically, from the build's manifest). The service
// worker precaches both.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export const dist = 'dist'

interface ManifestChunk { file: string, src?: string, imports?: string[], css?: string[] }

/** What dist/index.html loads before the app runs. */
export const shellAssets = (): string[] => [...readFileSync(join(dist, 'index.html'), 'utf8').matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map(m => m[1]).sort()

/** The network's chunk and what it imports statically (some of which the shell has already). */
export function networkAssets (): string[] {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>
  const out = new Set<string>()
  const visit = (key: string): void => {
    const chunk = manifest[key]
    if (chunk == null || out.has(chunk.file)) return
    out.add(chunk.file)
    for (const css of chunk.css ?? []) out.add(css)
    for (const dep of chunk.imports ?? []) visit(dep)
  }
  visit('src/app/network-stack.ts')
  if (out.size === 0) throw new Error('the build has no src/app/network-stack.ts chunk')
  return [...out].sort()
}

/** Everything a start loads: the shell, then the network. */
export const startAssets = (): string[] => [...new Set([...shellAssets(), ...networkAssets()])].sort()
