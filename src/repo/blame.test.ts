// Blame must say, for every line, the commit (and that commit's line number
// and path) stock git gives in `git blame --porcelain <start> -- <path>`:
// on hand-made histories (moved and edited lines, merges from both sides, a
// conflict resolved by hand, an exact rename, duplicated lines where git's
// diff slides its changes) and on random edits of indented code over
// branches and merges.
import fs from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../test/fixtures/prng.js'
import { blameIn } from './blame.js'
import { openObjectStore } from './object-files.js'
import { newGitRepo } from './path-history-fixture.js'
import { HistoryMemo } from './path-history-reader.js'
import type { BlameLine } from './blame.js'
import type { GitFs } from './fs.js'
import type { GitRepo } from './path-history-fixture.js'

function gitBlame (r: GitRepo, start: string, path: string): BlameLine[] {
  const out = r.git(['blame', '--porcelain', start, '--', path])
  const names = new Map<string, string>()
  const lines: BlameLine[] = []
  let head: { commit: string, line: number } | undefined
  for (const l of out.split('\n')) {
    const m = /^([0-9a-f]{40}) (\d+) (\d+)/.exec(l)
    if (m != null) head = { commit: m[1], line: Number(m[2]) }
    else if (l.startsWith('filename ') && head != null) names.set(head.commit, l.slice(9))
    else if (l.startsWith('\t') && head != null) lines.push({ commit: head.commit, path: names.get(head.commit)!, line: head.line })
  }
  return lines
}

async function ours (r: GitRepo, start: string, path: string): Promise<BlameLine[]> {
  const store = await openObjectStore(fs as unknown as GitFs, join(r.dir, '.git'))
  return (await blameIn(store, start, path)).lines
}

async function expectAsGit (r: GitRepo, start: string, path: string): Promise<void> {
  const want = gitBlame(r, start, path)
  const got = await ours(r, start, path)
  expect(got.length, `${path}: line count`).toBe(want.length)
  const diffs = got.map((g, i) => ({ i: i + 1, got: g, want: want[i] })).filter(d => d.got.commit !== d.want.commit || d.got.line !== d.want.line || d.got.path !== d.want.path)
  expect(diffs.slice(0, 5), `${path} at ${start.slice(0, 8)}: ${diffs.length} lines differ`).toEqual([])
}

describe('blame', () => {
  it('moved and edited lines, merges from both sides, a resolved conflict, an exact rename', async () => {
    const r = await newGitRepo('guts-blame-')
    const base = Array.from({ length: 30 }, (_, i) => `line ${i + 1}\n`)
    r.write('f.txt', base.join(''))
    r.write('g.txt', 'function a () {\n  return 1\n}\n\nfunction b () {\n  return 2\n}\n')
    r.commit('root')
    // move a block down and edit one of its lines
    const moved = [...base.slice(0, 3), ...base.slice(8, 20), ...base.slice(3, 8).map(l => l === 'line 5\n' ? 'line five\n' : l), ...base.slice(20)]
    r.write('f.txt', moved.join(''))
    // a function added between two: git's diff slides the added block
    r.write('g.txt', 'function a () {\n  return 1\n}\n\nfunction c () {\n  return 3\n}\n\nfunction b () {\n  return 2\n}\n')
    r.commit('move and edit')
    r.git(['checkout', '-q', '-b', 'side'])
    r.write('f.txt', moved.map(l => l === 'line 25\n' ? 'side 25\n' : l).join(''))
    r.commit('side edits 25')
    r.git(['checkout', '-q', 'main'])
    r.write('f.txt', moved.map(l => l === 'line 2\n' ? 'main 2\n' : l).join(''))
    r.commit('main edits 2')
    r.merge('side')
    // both sides change line 10: resolved by hand with a new line
    r.git(['checkout', '-q', '-b', 'other'])
    const now = fs.readFileSync(join(r.dir, 'f.txt'), 'utf8')
    r.write('f.txt', now.replace('line 10\n', 'other 10\n'))
    r.commit('other 10')
    r.git(['checkout', '-q', 'main'])
    r.write('f.txt', now.replace('line 10\n', 'main 10\n'))
    r.commit('main 10')
    r.merge('other', () => r.write('f.txt', now.replace('line 10\n', 'main 10\nother 10\nresolved\n')))
    r.git(['mv', 'g.txt', 'h.txt'])
    r.commit('rename g to h')
    r.write('h.txt', fs.readFileSync(join(r.dir, 'h.txt'), 'utf8') + '\n// the end\n')
    r.commit('edit h')
    const tip = r.git(['rev-parse', 'HEAD'])
    await expectAsGit(r, tip, 'f.txt')
    await expectAsGit(r, tip, 'h.txt')
    await expectAsGit(r, r.git(['rev-parse', 'HEAD~3']), 'f.txt')
  }, 60_000)

  it('random edits of indented code over branches and merges', async () => {
    const rand = mulberry32(13)
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]
    const words = ['if (x) {', '}', '', 'return y', 'const a = 1', 'foo()', '  bar()', '// note', '\t\ttabbed', 'end']
    const line = (): string => ' '.repeat(2 * Math.floor(rand() * 4)) + pick(words) + '\n'
    const edit = (lines: string[]): string[] => {
      const out = [...lines]
      for (let n = 1 + Math.floor(rand() * 4); n > 0; n--) {
        const at = Math.floor(rand() * (out.length + 1))
        const k = rand()
        if (k < 0.4) out.splice(at, 0, ...Array.from({ length: 1 + Math.floor(rand() * 5) }, line))
        else if (k < 0.7) out.splice(at, 1 + Math.floor(rand() * 3))
        else if (k < 0.85) out.splice(at, 1, line())
        else out.splice(at, 0, ...out.slice(Math.max(0, at - 4), at))
      }
      return out
    }
    const r = await newGitRepo('guts-blame-')
    let main = Array.from({ length: 120 }, line)
    r.write('code.ts', main.join(''))
    r.commit('root')
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 4; i++) { main = edit(main); r.write('code.ts', main.join('')); r.commit(`main ${round}.${i}`) }
      r.git(['checkout', '-q', '-b', `b${round}`])
      // a side branch that edits only the end, so it merges cleanly
      let side = main
      for (let i = 0; i < 3; i++) {
        side = [...side.slice(0, side.length - 20), ...edit(side.slice(side.length - 20))]
        r.write('code.ts', side.join(''))
        r.commit(`side ${round}.${i}`, round % 2 === 0 ? -100_000 : 0)
      }
      r.git(['checkout', '-q', 'main'])
      main = [...edit(main.slice(0, 40)), ...main.slice(40)]
      r.write('code.ts', main.join(''))
      r.commit(`main before merge ${round}`)
      r.merge(`b${round}`, () => { r.write('code.ts', side.join('')) })
      main = fs.readFileSync(join(r.dir, 'code.ts'), 'utf8').split(/(?<=\n)/)
    }
    const tip = r.git(['rev-parse', 'HEAD'])
    await expectAsGit(r, tip, 'code.ts')
    await expectAsGit(r, r.git(['rev-parse', 'HEAD~2']), 'code.ts')
  }, 180_000)

  it('versions that share their start and end with the next: no final newline, a line grown at either edge, empty and blank versions', async () => {
    // a parent's lines take their child's ids over the bytes they share (blame-diff.ts): the edges of that sharing
    const r = await newGitRepo('guts-blame-')
    const versions = [
      'a\nb\nc\nd\ne',
      'a\nb\nc\nd\ne\n',
      'a\nb\nc\nd\nee\n',
      'aa\nb\nc\nd\nee\n',
      'aa\nb\nc\nd\nee\nx',
      'aa\nb\nc\nd\nee\nxy',
      'a\naa\nb\nc\nd\nee\nxy',
      'a\naa\nbc\nd\nee\nxy',
      '',
      '\n\nq',
      'a\naa\nbc\nd\nee\nxy',
      'a\naa\nbc\n\nd\nee\nxy\n',
      'a\r\naa\r\nbc\nd\nee\nxy\n',
      'za\r\naa\r\nbc\nd\nee\nxy\n',
      'za\r\naa\r\nbc\nd\nee\nxy\nxy\n',
      // a line whose end is the start of a longer one before, and a last line cut short
      'q\nxb\nc\n',
      'q\nb\nc\n',
      'q\nb\ncd\n',
      'q\nb\nc'
    ]
    for (const [i, v] of versions.entries()) { r.write('f.txt', v); r.commit(`v${i}`) }
    for (let back = 0; back < versions.length; back++) {
      if (versions[versions.length - 1 - back] !== '') await expectAsGit(r, r.git(['rev-parse', `HEAD~${back}`]), 'f.txt')
    }
  }, 60_000)

  it('stops when its signal aborts, and lets the page run while it walks', async () => {
    const r = await newGitRepo('guts-blame-')
    let text = Array.from({ length: 50 }, (_, i) => `line ${i}\n`)
    for (let c = 0; c < 40; c++) {
      text = text.map((l, i) => i === c ? `edit ${c}\n` : l)
      r.write('f.txt', text.join(''))
      r.commit(`c${c}`)
    }
    const tip = r.git(['rev-parse', 'HEAD'])
    const store = await openObjectStore(fs as unknown as GitFs, join(r.dir, '.git'))
    // abort after a few reads: no read more than the one in flight after that
    const stop = new AbortController()
    let reads = 0
    let afterAbort = 0
    const read = store.read.bind(store)
    store.read = async (oid) => { if (stop.signal.aborted) afterAbort++; if (++reads === 10) stop.abort(); return await read(oid) }
    await expect(blameIn(store, tip, 'f.txt', { signal: stop.signal })).rejects.toThrow(/abort/i)
    expect(afterAbort).toBeLessThanOrEqual(2)
    // a signal aborted before: nothing is read
    reads = 0
    await expect(blameIn(store, tip, 'f.txt', { signal: AbortSignal.abort() })).rejects.toThrow(/abort/i)
    expect(reads).toBe(0)
    // yields to the event loop: a timer set before the walk runs before it ends (every step is a slice here)
    let ticked = false
    setTimeout(() => { ticked = true }, 0)
    let tickedBeforeEnd = false
    const walk = blameIn(store, tip, 'f.txt', { sliceMs: 0 }).then(b => { tickedBeforeEnd = ticked; return b })
    expect((await walk).lines).toEqual((await blameIn(store, tip, 'f.txt')).lines)
    expect(tickedBeforeEnd).toBe(true)
  }, 60_000)

  it('a second blame with the repository\'s memo reads no version again, and still answers as git', async () => {
    const r = await newGitRepo('guts-blame-')
    let text = Array.from({ length: 30 }, (_, i) => `line ${i}\n`)
    for (let c = 0; c < 12; c++) {
      text = c % 3 === 0 ? [`new ${c}\n`, ...text] : text.map((l, i) => i === 2 * c ? `edit ${c}\n` : l)
      r.write('f.txt', text.join(''))
      r.commit(`c${c}`)
    }
    const store = await openObjectStore(fs as unknown as GitFs, join(r.dir, '.git'))
    let blobs = 0
    const read = store.read.bind(store)
    store.read = async (oid) => { const o = await read(oid); if (o?.type === 'blob') blobs++; return o }
    const memo = new HistoryMemo()
    const tip = r.git(['rev-parse', 'HEAD'])
    const first = await blameIn(store, tip, 'f.txt', { memo })
    expect(blobs).toBeGreaterThan(5)
    blobs = 0
    expect((await blameIn(store, tip, 'f.txt', { memo })).lines).toEqual(first.lines)
    expect(blobs).toBe(0)
    // from an older start, with what the memo holds
    const older = r.git(['rev-parse', 'HEAD~4'])
    const want = gitBlame(r, older, 'f.txt')
    expect((await blameIn(store, older, 'f.txt', { memo })).lines).toEqual(want)
  }, 60_000)
})
