import { describe, expect, it } from 'vitest'
import { blobKind, countLines, MAX_SHOWN_BYTES, MAX_SHOWN_LINES } from './blob-kind.js'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('countLines', () => {
  it('counts as the source view numbers lines', () => {
    expect(countLines(text(''))).toBe(0)
    expect(countLines(text('a'))).toBe(1)
    expect(countLines(text('a\n'))).toBe(1)
    expect(countLines(text('a\nb'))).toBe(2)
    expect(countLines(text('a\r\nb\r\n'))).toBe(2)
    expect(countLines(text('\n\n'))).toBe(2)
  })
  it('stops past the limit', () => {
    expect(countLines(text('\n'.repeat(100)), 10)).toBe(11)
  })
})

describe('blobKind', () => {
  it('renders the Markdown extensions GitHub renders, and nothing else', () => {
    for (const p of ['README.md', 'docs/a.markdown', 'x.MDOWN', 'y.mkd']) expect(blobKind(p, text('# hi\n'), false), p).toBe('markdown')
    for (const p of ['README', 'notes.txt', 'md', 'a.md.txt', 'x.mdx']) expect(blobKind(p, text('# hi\n'), false), p).toBe('source')
  })
  it('binary before all, then too big or too many lines', () => {
    expect(blobKind('a.md', text('x'), true)).toBe('binary')
    expect(blobKind('a.ts', new Uint8Array(MAX_SHOWN_BYTES).fill(97), false)).toBe('large')
    expect(blobKind('a.ts', new Uint8Array(MAX_SHOWN_BYTES - 1).fill(97), false)).toBe('source')
    expect(blobKind('a.ts', text('x\n'.repeat(MAX_SHOWN_LINES)), false)).toBe('source')
    expect(blobKind('a.md', text('x\n'.repeat(MAX_SHOWN_LINES + 1)), false)).toBe('large')
  })
})
