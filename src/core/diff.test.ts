import { describe, expect, it } from 'vitest'
import { diffText, isBinary } from './diff.js'

describe('isBinary', () => {
  it('is true for a NUL byte in the first 8000 bytes only', () => {
    expect(isBinary(new TextEncoder().encode('plain text\n'))).toBe(false)
    expect(isBinary(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1]))).toBe(true)
    const late = new Uint8Array(9000).fill(0x61)
    late[8500] = 0
    expect(isBinary(late)).toBe(false)
    late[7999] = 0
    expect(isBinary(late)).toBe(true)
    expect(isBinary(new Uint8Array(0))).toBe(false)
  })
})

describe('diffText', () => {
  it('diffs an added file', () => {
    const d = diffText('', 'a\nb\nc\n')
    expect(d).toMatchObject({ added: 3, removed: 0 })
    expect(d.hunks).toHaveLength(1)
    expect(d.hunks[0].header).toBe('@@ -0,0 +1,3 @@')
    expect(d.hunks[0].lines).toEqual([
      { kind: 'add', text: 'a', newNo: 1 },
      { kind: 'add', text: 'b', newNo: 2 },
      { kind: 'add', text: 'c', newNo: 3 }
    ])
  })

  it('diffs a deleted file', () => {
    const d = diffText('a\nb\n', '')
    expect(d).toMatchObject({ added: 0, removed: 2 })
    expect(d.hunks[0].header).toBe('@@ -1,2 +0,0 @@')
    expect(d.hunks[0].lines).toEqual([
      { kind: 'del', text: 'a', oldNo: 1 },
      { kind: 'del', text: 'b', oldNo: 2 }
    ])
  })

  it('gives context and line numbers for a change in the middle', () => {
    const old = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n'
    const neu = old.replace('line 10\n', 'line ten\nline ten and a half\n')
    const d = diffText(old, neu)
    expect(d).toMatchObject({ added: 2, removed: 1 })
    expect(d.hunks).toHaveLength(1)
    const h = d.hunks[0]
    expect(h.header).toBe('@@ -7,7 +7,8 @@')
    expect(h.lines[0]).toEqual({ kind: 'context', text: 'line 7', oldNo: 7, newNo: 7 })
    expect(h.lines[3]).toEqual({ kind: 'del', text: 'line 10', oldNo: 10 })
    expect(h.lines[4]).toEqual({ kind: 'add', text: 'line ten', newNo: 10 })
    expect(h.lines[5]).toEqual({ kind: 'add', text: 'line ten and a half', newNo: 11 })
    expect(h.lines[6]).toEqual({ kind: 'context', text: 'line 11', oldNo: 11, newNo: 12 })
    expect(h.lines.at(-1)).toEqual({ kind: 'context', text: 'line 13', oldNo: 13, newNo: 14 })
  })

  it('honours the context size and splits far-apart changes into hunks', () => {
    const old = Array.from({ length: 30 }, (_, i) => `${i + 1}`).join('\n') + '\n'
    const neu = old.replace('\n2\n', '\nTWO\n').replace('\n28\n', '\nTWENTY-EIGHT\n')
    expect(diffText(old, neu).hunks).toHaveLength(2)
    const tight = diffText(old, neu, 0)
    expect(tight.hunks.map(h => h.header)).toEqual(['@@ -2,1 +2,1 @@', '@@ -28,1 +28,1 @@'])
    expect(tight.hunks.every(h => h.lines.every(l => l.kind !== 'context'))).toBe(true)
  })

  it('drops "no newline at end of file" markers', () => {
    const d = diffText('a\nb', 'a\nc')
    expect(d).toMatchObject({ added: 1, removed: 1 })
    expect(d.hunks[0].lines).toEqual([
      { kind: 'context', text: 'a', oldNo: 1, newNo: 1 },
      { kind: 'del', text: 'b', oldNo: 2 },
      { kind: 'add', text: 'c', newNo: 2 }
    ])
    // only the final newline changes: still a one-line change, no marker lines
    const eol = diffText('a\n', 'a')
    expect(eol).toMatchObject({ added: 1, removed: 1 })
    expect(eol.hunks[0].lines.map(l => l.text)).toEqual(['a', 'a'])
  })

  it('gives no hunks for identical texts', () => {
    expect(diffText('same\ntext\n', 'same\ntext\n')).toEqual({ hunks: [], added: 0, removed: 0 })
    expect(diffText('', '')).toEqual({ hunks: [], added: 0, removed: 0 })
  })

  it('keeps unicode intact', () => {
    const d = diffText('héllo 👋\n日本語\n', 'héllo 👋\n中文 🎉\n')
    expect(d.hunks[0].lines).toEqual([
      { kind: 'context', text: 'héllo 👋', oldNo: 1, newNo: 1 },
      { kind: 'del', text: '日本語', oldNo: 2 },
      { kind: 'add', text: '中文 🎉', newNo: 2 }
    ])
  })

  it('handles CRLF text without a stray \\r in the lines', () => {
    const d = diffText('a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\n')
    expect(d).toMatchObject({ added: 1, removed: 1 })
    expect(d.hunks[0].lines).toEqual([
      { kind: 'context', text: 'a', oldNo: 1, newNo: 1 },
      { kind: 'del', text: 'b', oldNo: 2 },
      { kind: 'add', text: 'B', newNo: 2 },
      { kind: 'context', text: 'c', oldNo: 3, newNo: 3 }
    ])
  })
})

describe('diffText counts against git diff --numstat', () => {
  // Big rewrites with a small vocabulary: here git's xdiff is not minimal
  // (it drops unmatched and multimatch lines first and cuts long searches),
  // and a minimal diff counts fewer lines than git does.
  it('counts the lines git counts, on rewrites where a minimal diff counts fewer', async () => {
    const { execFileSync } = await import('node:child_process')
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const dir = mkdtempSync(join(tmpdir(), 'guts-numstat-'))
    try {
      let seed = 7
      const rnd = (): number => { seed = (seed * 1103515245 + 12345) >>> 0; return seed / 2 ** 32 }
      for (let t = 0; t < 8; t++) {
        const n = 200 + Math.floor(rnd() * 4000)
        const vocab = 3 + Math.floor(rnd() * 40)
        const a = Array.from({ length: n }, () => 'l' + String(Math.floor(rnd() * vocab)))
        const b: string[] = []
        for (const l of a) {
          const r = rnd()
          if (r < 0.2) continue
          if (r < 0.4) b.push('l' + String(Math.floor(rnd() * vocab)))
          else if (r < 0.5) b.push(l, 'm' + String(Math.floor(rnd() * vocab)))
          else b.push(l)
        }
        const A = a.join('\n') + '\n'
        const B = b.join('\n') + (t % 2 === 0 ? '\n' : '')
        writeFileSync(join(dir, 'a'), A)
        writeFileSync(join(dir, 'b'), B)
        let out: string
        try {
          out = execFileSync('git', ['diff', '--no-index', '--numstat', 'a', 'b'], { cwd: dir, encoding: 'utf8' })
        } catch (err: any) { out = err.stdout } // exit 1: files differ
        const [gitAdded, gitRemoved] = out.split('\t').map(Number)
        const d = diffText(A, B)
        expect({ t, added: d.added, removed: d.removed }).toEqual({ t, added: gitAdded, removed: gitRemoved })
        expect(d.hunks.flatMap(h => h.lines).filter(l => l.kind === 'add')).toHaveLength(d.added)
      }
    } finally { rmSync(dir, { recursive: true, force: true }) }
  })
})
