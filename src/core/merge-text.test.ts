// The line merge against the stock git CLI's own (`git merge-file`, the
// same xdiff merge that merge-ort runs on each file): hand-picked shapes,
// then seeded random edits on texts made to slide (repeated and blank
// lines), with and without final newlines, LF and CRLF.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { mulberry32 } from '../../test/fixtures/prng.js'
import { MAX_MERGE_BYTES, MAX_MERGE_LINES, mergeText } from './merge-text.js'

const dir = mkdtempSync(join(tmpdir(), 'guts-merge-text-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const dec = (b: Uint8Array): string => new TextDecoder().decode(b)

/** git's answer: the merged bytes, or null when it conflicts */
function gitMerge (base: Uint8Array, ours: Uint8Array, theirs: Uint8Array): Uint8Array | null {
  writeFileSync(join(dir, 'base'), base)
  writeFileSync(join(dir, 'ours'), ours)
  writeFileSync(join(dir, 'theirs'), theirs)
  const r = spawnSync('git', ['merge-file', '-p', 'ours', 'base', 'theirs'], { cwd: dir, env: { ...process.env, HOME: dir, GIT_CONFIG_NOSYSTEM: '1' } })
  if (r.status === 0) return new Uint8Array(r.stdout)
  if (r.status != null && r.status > 0 && r.status < 128) return null
  throw new Error(`git merge-file failed: ${String(r.stderr)}`)
}

function ours (base: string, o: string, t: string): string | null {
  const m = mergeText(enc(base), enc(o), enc(t))
  return m.kind === 'clean' ? dec(m.merged) : null
}

describe('mergeText', () => {
  const base = 'one\ntwo\nthree\nfour\nfive\nsix\nseven\n'

  it('takes changes to different parts from both sides', () => {
    expect(ours(base, 'ONE\ntwo\nthree\nfour\nfive\nsix\nseven\n', 'one\ntwo\nthree\nfour\nfive\nsix\nSEVEN\n')).toBe('ONE\ntwo\nthree\nfour\nfive\nsix\nSEVEN\n')
  })

  it('conflicts on the same line and on adjacent lines, with the regions', () => {
    const same = mergeText(enc(base), enc(base.replace('four', 'FOUR')), enc(base.replace('four', '4')))
    expect(same).toEqual({ kind: 'conflict', regions: [{ base: [3, 4], ours: [3, 4], theirs: [3, 4] }] })
    expect(ours(base, base.replace('three', 'THREE'), base.replace('four', 'FOUR'))).toBe(null)
    // one unchanged line between them is enough
    expect(ours(base, base.replace('three', 'THREE'), base.replace('five', 'FIVE'))).toBe(base.replace('three', 'THREE').replace('five', 'FIVE'))
  })

  it('takes the same change made on both sides once', () => {
    const both = base.replace('four\n', 'FOUR\nfour and a half\n')
    expect(ours(base, both, both.replace('one', '1'))).toBe(both.replace('one', '1'))
  })

  it('treats a last line without a newline as its own line', () => {
    expect(ours('a\nb\nc', 'A\nb\nc', 'a\nb\nc\n')).toBe('A\nb\nc\n')
    expect(ours('a\nb\nc', 'a\nb\nC', 'a\nb\nc\n')).toBe(null)
  })

  it('keeps CRLF and bytes that are not UTF-8 as they were', () => {
    const b = Uint8Array.from([0x61, 0x0d, 0x0a, 0xff, 0xfe, 0x0d, 0x0a, 0x63, 0x0d, 0x0a, 0x64, 0x0d, 0x0a, 0x65])
    const o = b.slice(); o[0] = 0x41
    const t = b.slice(); t[13] = 0xe9
    const m = mergeText(b, o, t)
    const want = b.slice(); want[0] = 0x41; want[13] = 0xe9
    expect(m).toEqual({ kind: 'clean', merged: want })
    expect(gitMerge(b, o, t)).toEqual(want)
  })

  it('merges a binary or oversized file as binary', () => {
    expect(mergeText(enc('a\n'), Uint8Array.from([0, 1]), enc('b\n')).kind).toBe('binary')
    const many = enc('x\n'.repeat(MAX_MERGE_LINES + 1))
    expect(mergeText(many, enc('y\n'), enc('z\n')).kind).toBe('binary')
    const big = new Uint8Array(MAX_MERGE_BYTES + 1).fill(0x61)
    expect(mergeText(enc('a\n'), enc('b\n'), big).kind).toBe('binary')
    expect(mergeText(enc('a\n'), enc('b\n'), big.subarray(1)).kind).toBe('conflict')
  })

  it('gives git merge-file\'s answer on 400 seeded random edits', () => {
    const counts = [0, 0]
    for (let seed = 1; seed <= 400; seed++) {
      const { base, ours: o, theirs: t } = randomCase(seed)
      const want = gitMerge(base, o, t)
      const got = mergeText(base, o, t)
      const ctx = `seed ${seed}\nbase:\n${dec(base)}\nours:\n${dec(o)}\ntheirs:\n${dec(t)}`
      if (want == null) expect(got.kind, ctx).toBe('conflict')
      else expect(got.kind === 'clean' ? dec(got.merged) : got.kind, ctx).toBe(dec(want))
      counts[want == null ? 0 : 1]++
    }
    // both kinds of answer, plenty of each
    expect(Math.min(...counts)).toBeGreaterThan(100)
  })
})

// lines that repeat, blank lines and indented ones: where git's diff has a
// choice of where a change goes, which is where a merge can go wrong
const WORDS = ['', '', '}', '  return x', 'a', 'b', 'c', 'if (x) {', '    y()', '}', 'end']

function randomCase (seed: number): { base: Uint8Array, ours: Uint8Array, theirs: Uint8Array } {
  const rand = mulberry32(seed)
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]
  const eol = rand() < 0.2 ? '\r\n' : '\n'
  const lines: string[] = []
  const n = 1 + Math.floor(rand() * 25)
  for (let i = 0; i < n; i++) lines.push(rand() < 0.6 ? pick(WORDS) : `line ${i}`)
  const edit = (src: string[], tag: string): string[] => {
    const out = src.slice()
    const edits = Math.floor(rand() * 4)
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(rand() * (out.length + 1))
      const r = rand()
      if (r < 0.35) out.splice(at, 0, ...Array.from({ length: 1 + Math.floor(rand() * 3) }, () => rand() < 0.5 ? pick(WORDS) : `${tag}${e}`))
      else if (r < 0.65) out.splice(at, 1 + Math.floor(rand() * 3))
      else if (at < out.length) out[at] = rand() < 0.3 ? pick(WORDS) : `${tag}${e}`
    }
    return out
  }
  const text = (ls: string[], finalNewline: boolean): Uint8Array => enc(ls.join(eol) + (finalNewline && ls.length > 0 ? eol : ''))
  const finalNl = rand() < 0.8
  const o = edit(lines, 'ours')
  const t = rand() < 0.15 ? o.slice() : edit(lines, 'theirs')
  return { base: text(lines, finalNl), ours: text(o, rand() < 0.9 ? finalNl : !finalNl), theirs: text(t, rand() < 0.9 ? finalNl : !finalNl) }
}

