import { describe, expect, it } from 'vitest'
import { encodeBundleHeader, parseBundleHeader } from './bundle.js'
import { InvalidBundleError } from './errors.js'
import { mulberry32 } from '../../test/fixtures/prng.js'

const A = '0123456789abcdef0123456789abcdef01234567'
const B = 'fedcba9876543210fedcba9876543210fedcba98'
const C = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
// a pack header (magic, version 2, no objects) and the 20-byte trailer
const PACK = [0x50, 0x41, 0x43, 0x4b, 0, 0, 0, 2, 0, 0, 0, 0, ...Array(20).fill(0x11)]

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)
const withPack = (header: string, pack: number[] = PACK): Uint8Array => {
  const h = utf8(header)
  const out = new Uint8Array(h.length + pack.length)
  out.set(h)
  out.set(pack, h.length)
  return out
}

// written by hand after gitformat-bundle, the way `git bundle create` lays it out
const V2_SAMPLE = `# v2 git bundle
-${C} Parent commit subject
${A} HEAD
${A} refs/heads/main
${B} refs/tags/v1.0
${B} refs/remotes/origin/feature/ünï

`
const V3_SAMPLE = `# v3 git bundle
@object-format=sha1
${A} refs/heads/main

`

describe('parseBundleHeader', () => {
  it('parses a v2 header', () => {
    const bytes = withPack(V2_SAMPLE)
    const h = parseBundleHeader(bytes)
    expect(h).toEqual({
      version: 2,
      refs: [
        { name: 'HEAD', oid: A },
        { name: 'refs/heads/main', oid: A },
        { name: 'refs/tags/v1.0', oid: B },
        { name: 'refs/remotes/origin/feature/ünï', oid: B }
      ],
      prerequisites: [C],
      capabilities: {},
      packOffset: utf8(V2_SAMPLE).length
    })
    expect(bytes.subarray(h.packOffset, h.packOffset + 4)).toEqual(utf8('PACK'))
  })

  it('parses a v3 header with the sha1 object format', () => {
    expect(parseBundleHeader(withPack(V3_SAMPLE))).toEqual({
      version: 3,
      refs: [{ name: 'refs/heads/main', oid: A }],
      prerequisites: [],
      capabilities: { 'object-format': 'sha1' },
      packOffset: utf8(V3_SAMPLE).length
    })
  })

  it('parses a prerequisite without a comment and a header with no refs', () => {
    expect(parseBundleHeader(withPack(`# v2 git bundle\n-${C}\n\n`)).prerequisites).toEqual([C])
    expect(parseBundleHeader(withPack('# v2 git bundle\n\n')).refs).toEqual([])
  })

  it('keeps one copy of a repeated ref', () => {
    expect(parseBundleHeader(withPack(`# v2 git bundle\n${A} refs/heads/x\n${A} refs/heads/x\n\n`)).refs).toEqual([{ name: 'refs/heads/x', oid: A }])
  })

  it('finds the pack after the first empty line even if the pack holds blank lines', () => {
    const h = parseBundleHeader(withPack(`# v2 git bundle\n${A} refs/heads/x\n\n`, [...PACK, 0x0a, 0x0a]))
    expect(h.packOffset).toBe(utf8(`# v2 git bundle\n${A} refs/heads/x\n\n`).length)
  })

  it.each([
    ['an empty input', ''],
    ['a cut-off signature', '# v2 git bu'],
    ['no end of header', `# v2 git bundle\n${A} refs/heads/x\n`],
    ['a cut-off ref line', `# v2 git bundle\n${A} refs/he`]
  ])('rejects %s as truncated', (_why, text) => {
    expect(() => parseBundleHeader(utf8(text))).toThrow(/truncated bundle header/)
  })

  it('rejects a header without a pack after it', () => {
    expect(() => parseBundleHeader(utf8(V2_SAMPLE))).toThrow(/no pack/)
    expect(() => parseBundleHeader(withPack(V2_SAMPLE, [0x50, 0x41]))).toThrow(/no pack/)
    expect(() => parseBundleHeader(withPack(V2_SAMPLE, [0x50, 0x41, 0x43, 0x4a]))).toThrow(/PACK/)
  })

  it.each([
    ['a v1 signature', `# v1 git bundle\n${A} refs/heads/x\n\n`],
    ['a v4 signature', `# v4 git bundle\n${A} refs/heads/x\n\n`],
    ['a CRLF signature', `# v2 git bundle\r\n${A} refs/heads/x\n\n`],
    ['no signature', `${A} refs/heads/x\n\n`],
    ['a packfile', 'PACK\u0000\u0000\u0000\u0002'],
    ['an uppercase oid', `# v2 git bundle\n${A.toUpperCase()} refs/heads/x\n\n`],
    ['a short oid', `# v2 git bundle\n${A.slice(1)} refs/heads/x\n\n`],
    ['a sha256 oid', `# v2 git bundle\n${A}${A.slice(0, 24)} refs/heads/x\n\n`],
    ['a bad prerequisite oid', `# v2 git bundle\n-${A.slice(1)}\n\n`],
    ['a ref without a name', `# v2 git bundle\n${A}\n\n`],
    ['a ref with an empty name', `# v2 git bundle\n${A} \n\n`],
    ['a ref outside refs/', `# v2 git bundle\n${A} heads/x\n\n`],
    ['a ref name with a space', `# v2 git bundle\n${A} refs/heads/a b\n\n`],
    ['a ref name with CR', `# v2 git bundle\n${A} refs/heads/x\r\n\n`],
    ['two spaces', `# v2 git bundle\n${A}  refs/heads/x\n\n`],
    ['a conflicting repeated ref', `# v2 git bundle\n${A} refs/heads/x\n${B} refs/heads/x\n\n`],
    ['a capability in v2', `# v2 git bundle\n@object-format=sha1\n${A} refs/heads/x\n\n`],
    ['the sha256 capability', `# v3 git bundle\n@object-format=sha256\n${A} refs/heads/x\n\n`],
    ['a filter capability', `# v3 git bundle\n@filter=blob:none\n${A} refs/heads/x\n\n`],
    ['an unknown capability', `# v3 git bundle\n@frobnicate\n${A} refs/heads/x\n\n`],
    ['a __proto__ capability', `# v3 git bundle\n@__proto__=sha1\n${A} refs/heads/x\n\n`]
  ])('rejects %s', (_why, header) => {
    expect(() => parseBundleHeader(withPack(header))).toThrow(InvalidBundleError)
  })

  it('says which capability it does not support', () => {
    expect(() => parseBundleHeader(withPack(`# v3 git bundle\n@object-format=sha256\n\n`))).toThrow(/unsupported bundle capability/)
  })

  it('rejects invalid UTF-8 in a ref name', () => {
    const bytes = withPack(`# v2 git bundle\n${A} refs/heads/x\n\n`)
    bytes[bytes.indexOf(0x78)] = 0xff
    expect(() => parseBundleHeader(bytes)).toThrow(/not UTF-8/)
  })

  it('rejects a header larger than 1 MiB', () => {
    const line = `${A} refs/heads/${'x'.repeat(100)}\n`
    const header = '# v2 git bundle\n' + line.repeat(Math.ceil(1024 * 1024 / line.length)) + '\n'
    expect(() => parseBundleHeader(withPack(header))).toThrow(/larger than/)
  })

  it('accepts a header of exactly 1 MiB and not one byte more', () => {
    // many refs, the last name padded so the whole header has the wanted size
    const headerOf = (size: number): string => {
      const lines = Array.from({ length: 17750 }, (_, i) => `${A} refs/heads/${String(i).padStart(6, '0')}\n`)
      const start = '# v2 git bundle\n' + lines.join('')
      const fixed = utf8(`${start}${A} refs/heads/\n\n`).length
      return `${start}${A} refs/heads/${'p'.repeat(size - fixed)}\n\n`
    }
    const exact = headerOf(1024 * 1024)
    expect(utf8(exact).length).toBe(1024 * 1024)
    const h = parseBundleHeader(withPack(exact))
    expect(h.refs).toHaveLength(17751)
    expect(h.packOffset).toBe(1024 * 1024)
    expect(() => parseBundleHeader(withPack(headerOf(1024 * 1024 + 1)))).toThrow(/larger than/)
  })

  it('only ever throws InvalidBundleError on random input', () => {
    const rand = mulberry32(0xb0d1e)
    const sample = withPack(V3_SAMPLE)
    const pieces = ['# v2 git bundle\n', '# v3 git bundle\n', '@object-format=sha1\n', '@', '=', '-', A, ' ', '\n', '\n\n', 'refs/heads/', 'HEAD', 'PACK', '\r', '\u0000', 'é', '__proto__']
    let parsed = 0
    for (let i = 0; i < 5000; i++) {
      let bytes: Uint8Array
      if (i % 3 === 0) {
        bytes = Uint8Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256))
      } else if (i % 3 === 1) {
        // stitched from meaningful pieces, to get past the signature line
        bytes = utf8(Array.from({ length: 1 + Math.floor(rand() * 12) }, () => pieces[Math.floor(rand() * pieces.length)]).join(''))
      } else {
        bytes = sample.slice()
        for (let e = 0; e < 1 + Math.floor(rand() * 3); e++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256)
      }
      try {
        const h = parseBundleHeader(bytes)
        expect(h.packOffset).toBeGreaterThan(0)
        expect(h.packOffset + 4).toBeLessThanOrEqual(bytes.length)
        for (const r of h.refs) expect(r.oid).toMatch(/^[0-9a-f]{40}$/)
        parsed++
      } catch (err) {
        if (!(err instanceof InvalidBundleError)) throw err
      }
    }
    // the mutations must leave some inputs valid, or the loop tests only the first check
    expect(parsed).toBeGreaterThan(0)
  })
})

describe('encodeBundleHeader', () => {
  it('writes a v2 header ending in an empty line', () => {
    expect(new TextDecoder().decode(encodeBundleHeader([{ name: 'HEAD', oid: A }, { name: 'refs/heads/main', oid: A }])))
      .toBe(`# v2 git bundle\n${A} HEAD\n${A} refs/heads/main\n\n`)
    expect(new TextDecoder().decode(encodeBundleHeader([]))).toBe('# v2 git bundle\n\n')
  })

  it('round trips through parseBundleHeader', () => {
    const refs = [{ name: 'HEAD', oid: A }, { name: 'refs/heads/main', oid: A }, { name: 'refs/tags/v1', oid: B }, { name: 'refs/heads/分支', oid: C }]
    const header = encodeBundleHeader(refs)
    const bytes = new Uint8Array(header.length + PACK.length)
    bytes.set(header)
    bytes.set(PACK, header.length)
    expect(parseBundleHeader(bytes)).toEqual({ version: 2, refs, prerequisites: [], capabilities: {}, packOffset: header.length })
  })

  it.each([
    ['a bad oid', [{ name: 'refs/heads/x', oid: 'xyz' }]],
    ['a ref name with a newline', [{ name: 'refs/heads/x\n\nPACK', oid: A }]],
    ['a ref outside refs/', [{ name: 'main', oid: A }]]
  ])('refuses %s', (_why, refs) => {
    expect(() => encodeBundleHeader(refs)).toThrow(InvalidBundleError)
  })
})

