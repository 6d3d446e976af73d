// Which precompressed copy of a file to send, from the request's
// Accept-Encoding (RFC 9110 §12.5.3). The build writes `file.br` and
// `file.gz` next to each compressible file (precompress.ts); the relay only
// picks one, it never compresses per request.

/** The codings the build writes and the relay serves, best first, with the suffix of their file. */
export const CODINGS = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' }
] as const

export type Coding = typeof CODINGS[number]['coding']

/** Types worth compressing: text, and WebAssembly. Images and fonts are compressed already. */
export const COMPRESSIBLE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.html', '.js', '.mjs', '.css', '.svg', '.json', '.webmanifest', '.wasm', '.map', '.txt'
])

// a header is at most the 16 KiB Node takes; past this many entries it is not a browser's
const MAX_ENTRIES = 64
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/

/**
 * The codings of `offered` the client accepts, in the order it prefers them
 * (higher q first; on a tie, `offered`'s order), leaving out any it likes
 * less than no coding at all. Empty means: send the file as it is. No
 * header, an empty one, or one that names none of them: empty, so nothing
 * is compressed that the client did not ask for.
 */
export function acceptedCodings (header: string | undefined, offered: readonly Coding[] = CODINGS.map(c => c.coding)): Coding[] {
  if (header == null) return []
  const { q, lowest } = parseWeights(header)
  const star = q.get('*')
  // no coding is acceptable unless refused (identity;q=0, or *;q=0 without an
  // identity entry); left unnamed it ranks with the least wanted entry, so a
  // coding the client names is never passed over for it
  const identity = q.get('identity') ?? star ?? lowest
  return offered
    .map((coding, order) => ({ coding, order, weight: q.get(coding) ?? star ?? 0 }))
    .filter(c => c.weight > 0 && c.weight >= identity)
    .sort((a, b) => b.weight - a.weight || a.order - b.order)
    .map(c => c.coding)
}

/**
 * False only when the client refused the file as it is: `identity;q=0`, or
 * `*;q=0` with no entry for identity. Then a file with no acceptable copy
 * gets 406 rather than bytes the client said it cannot take.
 */
export function acceptsIdentity (header: string | undefined): boolean {
  if (header == null) return true
  const { q } = parseWeights(header)
  return (q.get('identity') ?? q.get('*') ?? 1) > 0
}

function parseWeights (header: string): { q: Map<string, number>, lowest: number } {
  const q = new Map<string, number>()
  let lowest = 1
  for (const entry of header.split(',').slice(0, MAX_ENTRIES)) {
    const [name, ...params] = entry.split(';').map(s => s.trim().toLowerCase())
    if (name === '') continue
    let weight = 1
    let valid = true
    for (const p of params) {
      const m = /^q\s*=\s*(.*)$/.exec(p)
      if (m == null) continue // a parameter Accept-Encoding does not define: ignored
      if (!QVALUE.test(m[1])) { valid = false; break }
      weight = Number(m[1])
    }
    if (!valid) continue // a broken weight: the entry means nothing
    const key = name === 'x-gzip' ? 'gzip' : name // RFC 9110 §8.4.1.3
    if (!q.has(key)) q.set(key, weight) // the first mention counts
    lowest = Math.min(lowest, weight)
  }
  return { q, lowest }
}

export function suffixOf (coding: Coding): string {
  return CODINGS.find(c => c.coding === coding)!.suffix
}
