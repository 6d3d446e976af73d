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

/** The current hash route, without the leading "#". */
export function useHashRoute (): string {
  const read = (): string => decodeURIComponent(location.hash.replace(/^#/, '')) || '/'
  const [route, setRoute] = useState(read())
  useEffect(() => {
    const on = (): void => setRoute(read())
    addEventListener('hashchange', on)
    return () => removeEventListener('hashchange', on)
  }, [])
  return route
}
