// Shared walks: callers of one key share one run; a caller that aborts is let
// go at once, and the run stops only when the last caller waiting has left;
// answers are kept (the `max` most recent, and only those `keep` accepts).
import { describe, expect, it } from 'vitest'
import { SharedWalks } from './shared-walks.js'

/** a run that ends when told to, or rejects when its signal aborts */
function controllable (): { run: (signal: AbortSignal) => Promise<string>, finish: (v: string) => void, runs: number, stopped: number } {
  const state = { runs: 0, stopped: 0, finish: (_v: string) => {}, run: async (_s: AbortSignal) => '' }
  state.run = async (signal) => {
    state.runs++
    return await new Promise<string>((resolve, reject) => {
      state.finish = resolve
      signal.addEventListener('abort', () => { state.stopped++; reject(signal.reason) }, { once: true })
    })
  }
  return state
}

describe('shared walks', () => {
  it('one run for callers of a key; it stops only when the last caller waiting leaves', async () => {
    const walks = new SharedWalks<string>(4)
    const w = controllable()
    const a = new AbortController()
    const b = new AbortController()
    const pa = walks.get('k', a.signal, w.run)
    const pb = walks.get('k', b.signal, w.run)
    expect(w.runs).toBe(1)
    a.abort()
    await expect(pa).rejects.toThrow(/abort/i)
    expect(w.stopped).toBe(0)
    b.abort()
    await expect(pb).rejects.toThrow(/abort/i)
    expect(w.stopped).toBe(1)
    // the stopped run is gone: the next caller starts another, and its answer is kept
    const pc = walks.get('k', undefined, w.run)
    expect(w.runs).toBe(2)
    w.finish('done')
    expect(await pc).toBe('done')
    expect(await walks.get('k', new AbortController().signal, w.run)).toBe('done')
    expect(w.runs).toBe(2)
  })

  it('a caller without a signal keeps the run going; a caller whose signal is already aborted never joins', async () => {
    const walks = new SharedWalks<string>(4)
    const w = controllable()
    const a = new AbortController()
    const pa = walks.get('k', a.signal, w.run)
    const pn = walks.get('k', undefined, w.run)
    a.abort()
    await expect(pa).rejects.toThrow(/abort/i)
    await expect(walks.get('k', AbortSignal.abort(), w.run)).rejects.toThrow(/abort/i)
    w.finish('x')
    expect(await pn).toBe('x')
    expect(w.stopped).toBe(0)
    expect(w.runs).toBe(1)
  })

  it('keeps the most recent answers, and not those `keep` refuses or that failed', async () => {
    const walks = new SharedWalks<string>(2, v => v !== 'partial')
    let runs = 0
    const answer = (v: string) => async () => { runs++; return v }
    await walks.get('a', undefined, answer('A'))
    await walks.get('b', undefined, answer('B'))
    await walks.get('a', undefined, answer('A2'))
    await walks.get('c', undefined, answer('C'))
    expect(walks.size).toBe(2)
    expect(await walks.get('a', undefined, answer('A3'))).toBe('A')
    expect(await walks.get('b', undefined, answer('B2'))).toBe('B2')
    await walks.get('p', undefined, answer('partial'))
    await walks.get('f', undefined, async () => { throw new Error('failed') }).catch(() => {})
    await Promise.resolve()
    runs = 0
    expect(await walks.get('p', undefined, answer('whole'))).toBe('whole')
    expect(await walks.get('f', undefined, answer('F'))).toBe('F')
    expect(runs).toBe(2)
  })
})
