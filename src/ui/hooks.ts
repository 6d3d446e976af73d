import { useEffect, useState } from 'preact/hooks'

/** Re-renders when the source says it changed; reads its current snapshot. */
export function useSnapshot<T> (source: { snapshot: () => T, subscribe: (fn: () => void) => () => void }): T {
  const [value, setValue] = useState(source.snapshot())
  useEffect(() => {
    setValue(source.snapshot())
    return source.subscribe(() => setValue(source.snapshot()))
  }, [source])
  return value
}

/** The current hash route, without the leading "#", still URI-encoded per segment. */
export function useHashRoute (): string {
  const read = (): string => location.hash.replace(/^#/, '') || '/'
  const [route, setRoute] = useState(read())
  useEffect(() => {
    const on = (): void => setRoute(read())
    addEventListener('hashchange', on)
    return () => removeEventListener('hashchange', on)
  }, [])
  return route
}

export interface AsyncState<T> { value?: T, error?: Error, loading: boolean }

/** Runs `fn` when `deps` change; the latest run wins. */
export function useAsync<T> (fn: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ loading: true })
  useEffect(() => {
    let live = true
    setState(s => ({ value: s.value, loading: true }))
    fn().then(
      value => { if (live) setState({ value, loading: false }) },
      (error: Error) => { if (live) setState({ error, loading: false }) }
    )
    return () => { live = false }
  }, deps) // the caller names what the work depends on
  return state
}

/** The clock: read at each render, and a render every `every` ms (none when undefined), for countdowns. */
export function useNow (every?: number): number {
  const [, setTick] = useState(0)
  useEffect(() => {
    if (every == null) return
    const t = setInterval(() => setTick(n => n + 1), every)
    return () => clearInterval(t)
  }, [every])
  return Date.now()
}
