// Unified or split diffs: the reader's choice, remembered in localStorage;
// split needs room for two columns of code, so a narrow screen gets unified.
import { useEffect, useState } from 'preact/hooks'

export type DiffLayout = 'unified' | 'split'

const KEY = 'guts.diff.layout'
/** Below this width split diffs are drawn unified. */
export const SPLIT_MIN_WIDTH = 800

function stored (): DiffLayout {
  try { return localStorage.getItem(KEY) === 'split' ? 'split' : 'unified' } catch { return 'unified' }
}

export function useDiffLayout (): { chosen: DiffLayout, layout: DiffLayout, wide: boolean, choose: (l: DiffLayout) => void } {
  const [chosen, setChosen] = useState<DiffLayout>(stored)
  const query = typeof matchMedia === 'function' ? matchMedia(`(min-width: ${SPLIT_MIN_WIDTH}px)`) : undefined
  const [wide, setWide] = useState(query?.matches ?? true)
  useEffect(() => {
    if (query === undefined) return
    const on = (): void => setWide(query.matches)
    query.addEventListener('change', on)
    return () => query.removeEventListener('change', on)
  }, [])
  const choose = (l: DiffLayout): void => {
    setChosen(l)
    try { localStorage.setItem(KEY, l) } catch { /* private mode: this page remembers */ }
  }
  return { chosen, layout: chosen === 'split' && wide ? 'split' : 'unified', wide, choose }
}
