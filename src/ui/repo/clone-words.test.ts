import { describe, expect, it } from 'vitest'
import { cloneProgressText } from './clone-words.js'

describe('clone progress in words', () => {
  it('says it waits for a holder, how many it asked, and when it looks again', () => {
    expect(cloneProgressText({ phase: 'Waiting for peers', tried: 3, next: 12_000 }, 400)).toBe('Waiting for a peer that has it — 3 asked, looking again in 12 s')
    expect(cloneProgressText({ phase: 'Waiting for peers', tried: 0, next: 1000 }, 2000)).toBe('Waiting for a peer that has it — none reachable yet, looking again in 0 s')
    expect(cloneProgressText({ phase: 'Finding peers', tried: 2 }, 0)).toBe('Looking for peers that have it — 2 asked so far')
  })

  it('counts bytes and checked objects while receiving', () => {
    expect(cloneProgressText({ phase: 'Receiving objects', received: 2048, total: 4096, indexed: 3, objects: 9 }, 0)).toBe('Receiving objects — 2.0 KB of 4.0 KB, 3 of 9 objects checked')
    expect(cloneProgressText({ phase: 'Joining the network' }, 0)).toBe('Joining the network…')
  })
})
