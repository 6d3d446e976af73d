// useFileDiffs computes every file, the ones asked for first, says when all
// are in, keeps a file's error to that file, and stops when its deps change.
// Rendered by Preact into jsdom with a load function that records the order.
import { JSDOM } from 'jsdom'
import { h, render } from 'preact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useFileDiffs } from './useFileDiffs.js'
import type { FileDiffBody, FileDiffsState } from './useFileDiffs.js'

const dom = new JSDOM('<!doctype html><div id="root"></div>')
const globals = globalThis as Record<string, unknown>
beforeAll(() => { globals.window = dom.window; globals.document = dom.window.document })
afterAll(() => {
  render(null, dom.window.document.getElementById('root')!)
  delete globals.window
  delete globals.document
})

const body = (n: number): FileDiffBody => ({ diff: { hunks: [], added: n, removed: 0 }, binary: false, tooLarge: false, size: n })

async function until (ok: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise(resolve => setTimeout(resolve, 5))
  if (!ok()) throw new Error('timed out')
}

function mount (count: number, load: (i: number) => Promise<FileDiffBody>, dep: unknown, onState: (s: FileDiffsState) => void): void {
  function Probe () {
    const s = useFileDiffs(count, async (i) => await load(i), [dep])
    onState(s)
    return null
  }
  render(h(Probe, {}), dom.window.document.getElementById('root')!)
}

describe('useFileDiffs', () => {
  it('computes the files asked for first, then the rest in order, and says when all are in', async () => {
    const order: number[] = []
    let state: FileDiffsState | undefined
    let release: () => void = () => {}
    const gate = new Promise<void>(resolve => { release = resolve })
    mount(6, async (i) => { order.push(i); if (i === 0) await gate; return body(i) }, 'a', s => { state = s })
    await until(() => order.length === 1)
    // file 0 is being computed; 4 then 2 are asked for meanwhile
    state!.want(4)
    state!.want(2)
    expect(state!.done).toBe(false)
    release()
    await until(() => state!.done)
    expect(order).toEqual([0, 4, 2, 1, 3, 5])
    expect(state!.bodies.map(b => b?.diff?.added)).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('keeps a failed file to itself, and starts again when its deps change', async () => {
    let state: FileDiffsState | undefined
    mount(3, async (i) => { if (i === 1) throw new Error('no such blob'); return body(i) }, 'b', s => { state = s })
    await until(() => state?.done === true)
    expect(state!.errors[1]?.message).toBe('no such blob')
    expect(state!.bodies.map(b => b?.diff?.added)).toEqual([0, undefined, 2])
    mount(3, async (i) => body(10 + i), 'c', s => { state = s })
    await until(() => state!.bodies[1] !== undefined && state!.done)
    expect(state!.bodies.map(b => b?.diff?.added)).toEqual([10, 11, 12])
    expect(state!.errors).toEqual([undefined, undefined, undefined])
  })
})
