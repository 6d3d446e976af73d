// The diffs of a list of files, computed one file at a time after the list
// shows: the files asked for (near the screen) first, then the rest in
// order, for the totals. The page is given back between slices of work, so
// a commit of 300 files never holds it for long.
import { useEffect, useRef, useState } from 'preact/hooks'
import type { FileDiffView } from '../../app/types.js'

/** One file's diff without its delta (what the fileDiff query returns). */
export type FileDiffBody = Omit<FileDiffView, 'delta'>

export interface FileDiffsState {
  /** by file index; undefined until computed */
  bodies: ReadonlyArray<FileDiffBody | undefined>
  /** by file index: why a file's diff could not be computed */
  errors: ReadonlyArray<Error | undefined>
  /** every file has its diff (or its error) */
  done: boolean
  /** computes file i next (it came near the screen) */
  want: (i: number) => void
}

/** work done between two yields to the page */
const SLICE_MS = 12
/** results are drawn this often while files are computed, */
const DRAW_EVERY_MS = 250
/** and this soon when a file asked for is in (each drawing goes over every file's section) */
const DRAW_ASKED_MS = 40

interface Run {
  bodies: Array<FileDiffBody | undefined>
  errors: Array<Error | undefined>
  /** asked for, not computed yet, in the order asked */
  wanted: Set<number>
  next: number
  view: FileDiffsState
}

/**
 * `load(i)` computes file i's diff; the work starts again from nothing when
 * `deps` change (another commit, whitespace hidden), and stops when the
 * view goes.
 */
export function useFileDiffs (count: number, load: ((i: number, signal: AbortSignal) => Promise<FileDiffBody>) | undefined, deps: unknown[]): FileDiffsState {
  const [, setDrawn] = useState(0)
  const runRef = useRef<Run | undefined>(undefined)
  // one function for every run: a view drawn before a run began still asks the current one
  const want = useRef((i: number): void => {
    const r = runRef.current
    if (r !== undefined && r.bodies[i] === undefined && r.errors[i] === undefined) r.wanted.add(i)
  }).current
  const make = (): Run => {
    const r: Run = { bodies: new Array(count).fill(undefined), errors: new Array(count).fill(undefined), wanted: new Set(), next: 0, view: undefined as unknown as FileDiffsState }
    r.view = { bodies: [...r.bodies], errors: [...r.errors], done: count === 0, want }
    return r
  }
  // a run exists from the first render, so files can be wanted before the effect starts
  if (runRef.current === undefined || runRef.current.bodies.length !== count) runRef.current = make()
  useEffect(() => {
    if (load === undefined) return
    const run = make()
    // files the view asked for before this run began (children's effects run first)
    for (const i of runRef.current?.wanted ?? []) if (i < count) run.wanted.add(i)
    runRef.current = run
    const ctl = new AbortController()
    const draw = (done: boolean): void => {
      run.view = { ...run.view, bodies: [...run.bodies], errors: [...run.errors], done }
      setDrawn(n => n + 1)
    }
    const pending = (i: number): boolean => run.bodies[i] === undefined && run.errors[i] === undefined
    /** the next file to compute, and whether it was asked for */
    const pick = (): [number, boolean] | undefined => {
      for (const i of run.wanted) { run.wanted.delete(i); if (pending(i)) return [i, true] }
      while (run.next < count && !pending(run.next)) run.next++
      return run.next < count ? [run.next, false] : undefined
    }
    void (async () => {
      let drawnAt = performance.now()
      let sliceAt = performance.now()
      let drawnOnce = false
      // drawn once per slice at most (each drawing renders every file's section)
      let urgent = false
      for (let p = pick(); p !== undefined; p = pick()) {
        const [i, asked] = p
        try {
          run.bodies[i] = await load(i, ctl.signal)
        } catch (err) {
          if (ctl.signal.aborted) return
          run.errors[i] = err instanceof Error ? err : new Error(String(err))
        }
        if (ctl.signal.aborted) return
        urgent ||= asked || !drawnOnce
        const now = performance.now()
        if (now - sliceAt < SLICE_MS) continue
        if (!drawnOnce || now - drawnAt > (urgent ? DRAW_ASKED_MS : DRAW_EVERY_MS)) { draw(false); drawnAt = now; drawnOnce = true; urgent = false }
        await yieldToPage()
        if (ctl.signal.aborted) return
        sliceAt = performance.now()
      }
      draw(true)
    })()
    return () => ctl.abort()
  }, deps) // the caller names what the work depends on
  return runRef.current.view
}

/** Lets the page draw and take input (not setTimeout(0): nested timeouts are stretched to 4 ms). */
async function yieldToPage (): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler
  if (typeof scheduler?.yield === 'function') return await scheduler.yield()
  if (typeof MessageChannel === 'undefined') return await new Promise(resolve => setTimeout(resolve, 0))
  return await new Promise(resolve => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => { channel.port1.close(); resolve() }
    channel.port2.postMessage(null)
  })
}
