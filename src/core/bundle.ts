// Git bundle header (gitformat-bundle): the signature line, v3 capabilities,
// prerequisites and refs, an empty line, then a packfile. Bundles come from
// users and peers, so the parser is capped and rejects anything it does not
// fully understand instead of guessing.

import { InvalidBundleError } from './errors.js'

export interface BundleRef { name: string, oid: string }
export interface BundleHeader { version: 2 | 3, refs: BundleRef[], prerequisites: string[], capabilities: Record<string, string>, packOffset: number }

export const MAX_BUNDLE_HEADER_BYTES = 1024 * 1024
export const MAX_BUNDLE_REFS = 100_000
const SIGNATURES = { 2: '# v2 git bundle\n', 3: '# v3 git bundle\n' } as const
const OID = /^[0-9a-f]{40}$/
const PREREQUISITE = /^-([0-9a-f]{40})(?: .*)?$/s
const REF = /^([0-9a-f]{40}) (.+)$/s
// the parser takes names as git wrote them; ref-names.ts decides later which ones we keep
const REF_NAME = /^(?:HEAD|refs\/[^\u0000-\u0020\u007f]+)$/
const MAX_REF_NAME = 4096
// only sha1 repositories: isomorphic-git cannot read sha256 objects, and a
// filter means the pack is knowingly incomplete
const SUPPORTED_CAPABILITIES: Record<string, string> = { 'object-format': 'sha1' }
const LF = 0x0a
const PACK = [0x50, 0x41, 0x43, 0x4b]

export function parseBundleHeader (bytes: Uint8Array): BundleHeader {
  const version = signatureOf(bytes)
  const start = SIGNATURES[version].length
  const packOffset = findHeaderEnd(bytes, start - 1)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, packOffset - 1))
  } catch {
    throw new InvalidBundleError('bundle header is not UTF-8')
  }

  const refs: BundleRef[] = []
  const prerequisites: string[] = []
  const capabilities: Record<string, string> = {}
  const seen = new Map<string, string>()
  // the header text ends with the '\n' of its last line, so drop the empty last piece
  const lines = text === '' ? [] : text.slice(0, -1).split('\n')
  for (const line of lines) {
    if (version === 3 && line.startsWith('@')) {
      const eq = line.indexOf('=')
      const key = eq < 0 ? line.slice(1) : line.slice(1, eq)
      const value = eq < 0 ? '' : line.slice(eq + 1)
      if (!Object.hasOwn(SUPPORTED_CAPABILITIES, key) || SUPPORTED_CAPABILITIES[key] !== value) throw new InvalidBundleError(`unsupported bundle capability ${JSON.stringify(line.slice(0, 100))}`)
      capabilities[key] = value
      continue
    }
    const pre = PREREQUISITE.exec(line)
    if (pre != null) {
      if (prerequisites.length >= MAX_BUNDLE_REFS) throw new InvalidBundleError(`bundle has more than ${MAX_BUNDLE_REFS} prerequisites`)
      prerequisites.push(pre[1])
      continue
    }
    const ref = REF.exec(line)
    if (ref == null) throw new InvalidBundleError(`bad bundle header line ${JSON.stringify(line.slice(0, 100))}`)
    const [, oid, name] = ref
    if (!validBundleRefName(name)) throw new InvalidBundleError(`bad ref name in bundle ${JSON.stringify(name.slice(0, 100))}`)
    if (refs.length >= MAX_BUNDLE_REFS) throw new InvalidBundleError(`bundle has more than ${MAX_BUNDLE_REFS} refs`)
    // a repeated name is harmless (some git versions write one), a conflicting one is not
    const before = seen.get(name)
    if (before != null && before !== oid) throw new InvalidBundleError(`bundle lists ${name} twice with different objects`)
    if (before == null) refs.push({ name, oid })
    seen.set(name, oid)
  }

  if (bytes.length < packOffset + PACK.length) throw new InvalidBundleError('truncated bundle: no pack after the header')
  if (PACK.some((b, i) => bytes[packOffset + i] !== b)) throw new InvalidBundleError('bundle pack does not start with PACK')
  return { version, refs, prerequisites, capabilities, packOffset }
}

export function encodeBundleHeader (refs: BundleRef[]): Uint8Array {
  if (refs.length > MAX_BUNDLE_REFS) throw new InvalidBundleError(`bundle has more than ${MAX_BUNDLE_REFS} refs`)
  let text = SIGNATURES[2]
  for (const { name, oid } of refs) {
    if (typeof oid !== 'string' || !OID.test(oid)) throw new InvalidBundleError(`bad object id for ${String(name)}`)
    if (typeof name !== 'string' || !validBundleRefName(name)) throw new InvalidBundleError(`bad ref name ${JSON.stringify(name)}`)
    text += `${oid} ${name}\n`
  }
  const bytes = new TextEncoder().encode(text + '\n')
  // never write a header our own parser would refuse
  if (bytes.length > MAX_BUNDLE_HEADER_BYTES) throw new InvalidBundleError('bundle header is too large')
  return bytes
}

function signatureOf (bytes: Uint8Array): 2 | 3 {
  for (const version of [2, 3] as const) {
    const sig = SIGNATURES[version]
    if (bytes.length >= sig.length && startsWith(bytes, sig)) return version
  }
  // a prefix of a signature is a cut-off bundle rather than something else
  if (Object.values(SIGNATURES).some(sig => bytes.length < sig.length && startsWith(bytes, sig.slice(0, bytes.length)))) {
    throw new InvalidBundleError('truncated bundle header')
  }
  throw new InvalidBundleError('not a git bundle (unknown signature line)')
}

// Returns the offset just after the empty line that ends the header.
function findHeaderEnd (bytes: Uint8Array, from: number): number {
  const limit = Math.min(bytes.length, MAX_BUNDLE_HEADER_BYTES)
  for (let i = from; i + 1 < limit; i++) {
    if (bytes[i] === LF && bytes[i + 1] === LF) return i + 2
  }
  if (bytes.length >= MAX_BUNDLE_HEADER_BYTES) throw new InvalidBundleError(`bundle header is larger than ${MAX_BUNDLE_HEADER_BYTES} bytes`)
  throw new InvalidBundleError('truncated bundle header')
}

function validBundleRefName (name: string): boolean {
  return name.length <= MAX_REF_NAME && REF_NAME.test(name)
}

function startsWith (bytes: Uint8Array, ascii: string): boolean {
  for (let i = 0; i < ascii.length; i++) if (bytes[i] !== ascii.charCodeAt(i)) return false
  return true
}
