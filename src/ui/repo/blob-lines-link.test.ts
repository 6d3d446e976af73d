// A file link with picked lines reads back as the same file, ref and range,
// whatever the path holds ('?' and '#' in a name must not start the query).
import { describe, expect, it } from 'vitest'
import { formatLineRange, parseLineRange } from '../../render/line-range.js'
import { blobLinesLink, parseRepoRoute } from './links.js'

const rid = 'bafkreiexample'

describe('blobLinesLink', () => {
  it('puts the range and plain in the route query, and reads back', () => {
    for (const path of ['src/a.ts', 'a b?c#d.md', 'docs/übersicht/naïve café.md']) {
      const link = blobLinesLink(rid, 'feature/x', path, { lines: formatLineRange({ start: 10, end: 20 }), plain: true })
      const route = parseRepoRoute(link.slice(1))!
      expect(route.view).toBe('blob')
      expect(route.rest).toEqual(['feature', 'x', ...path.split('/')])
      expect(parseLineRange(route.query.get('L'))).toEqual({ start: 10, end: 20 })
      expect(route.query.get('plain')).toBe('1')
    }
  })
  it('is the plain blob link without a range or plain', () => {
    expect(blobLinesLink(rid, 'main', 'a.ts', {})).toBe(`#/r/${rid}/blob/main/a.ts`)
    expect(blobLinesLink(rid, 'main', 'a.ts', { lines: '7' })).toBe(`#/r/${rid}/blob/main/a.ts?L=7`)
    expect(blobLinesLink(rid, 'main', 'a.md', { plain: true })).toBe(`#/r/${rid}/blob/main/a.md?plain=1`)
  })
})
