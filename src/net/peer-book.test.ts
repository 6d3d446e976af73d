import { describe, expect, it } from 'vitest'
import { fallbackRelays, mergeEntry, pruneBook } from './peer-book.js'

describe('peer book', () => {
  it('merges sightings: newest addresses first, relay flag sticks, first seen kept', () => {
    const a = mergeEntry(undefined, { id: 'p', multiaddrs: ['/a'], relay: true, seen: 10 })
    const b = mergeEntry(a, { id: 'p', multiaddrs: ['/b', '/a'], relay: false, seen: 20 })
    expect(b).toMatchObject({ id: 'p', multiaddrs: ['/b', '/a'], relay: true, seen: 20, firstSeen: 10 })
  })
  it('caps addresses per peer and drops absurdly long ones', () => {
    const e = mergeEntry(undefined, { id: 'p', multiaddrs: [...Array.from({ length: 20 }, (_, i) => `/a${i}`), '/' + 'x'.repeat(600)], relay: true, seen: 1 })
    expect(e.multiaddrs.length).toBe(8)
    expect(e.multiaddrs.every(a => a.length < 600)).toBe(true)
  })
  it('prunes to the limit keeping relays and recent peers', () => {
    const entries = Array.from({ length: 10 }, (_, i) => mergeEntry(undefined, { id: `p${i}`, multiaddrs: [], relay: i === 0, seen: i }))
    expect(pruneBook(entries, 3).map(e => e.id)).toEqual(['p0', 'p9', 'p8'])
  })
  it('offers the most recently seen relays not already configured', () => {
    const entries = [
      mergeEntry(undefined, { id: 'r1', multiaddrs: ['/r1'], relay: true, seen: 1 }),
      mergeEntry(undefined, { id: 'r2', multiaddrs: ['/r2'], relay: true, seen: 3 }),
      mergeEntry(undefined, { id: 'r3', multiaddrs: [], relay: true, seen: 5 }),
      mergeEntry(undefined, { id: 't', multiaddrs: ['/t'], relay: false, seen: 9 })
    ]
    expect(fallbackRelays(entries, new Set(['r2'])).map(e => e.id)).toEqual(['r1'])
  })
})
