// The file finder: `t` (or the Go to file button) opens it, fuzzy over every
// path of the tree at the ref shown (render/fuzzy.ts). Arrow keys move,
// Enter opens the file, Escape closes. The paths come once per tree (the
// handle caches them by tree id) and are indexed once per list.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { FuzzyIndex, highlightRuns } from '../../render/fuzzy.js'
import { blobLink } from './links.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'
import './FileFinder.css'

/** hits shown: a person reads the first few; typing more narrows */
const SHOWN = 50

const openers = new Set<() => void>()
const indexes = new WeakMap<readonly string[], FuzzyIndex>()

/** Opens the file finder of the page (the one FileFinder mounted). */
export function GoToFileButton () {
  return <button type='button' class='go-to-file' onClick={() => { for (const open of openers) open() }} title='Go to file (t)' data-testid='go-to-file'>Go to file</button>
}

/** Where typing means text, not a shortcut. */
function typingIn (target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (el == null || typeof el.tagName !== 'string') return false
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)
}

export function FileFinder ({ app, record, rev }: { app: GutsApp, record: RepoRecord, rev: string }) {
  const [open, setOpen] = useState(false)
  useEffect(() => {
    const show = (): void => setOpen(true)
    openers.add(show)
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 't' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || typingIn(e.target)) return
      e.preventDefault() // or the 't' lands in the finder's input
      setOpen(true)
    }
    document.addEventListener('keydown', onKey)
    return () => { openers.delete(show); document.removeEventListener('keydown', onKey) }
  }, [])
  if (!open) return null
  return <FinderDialog app={app} record={record} rev={rev} onClose={() => setOpen(false)} />
}

function FinderDialog ({ app, record, rev, onClose }: { app: GutsApp, record: RepoRecord, rev: string, onClose: () => void }) {
  const [paths, setPaths] = useState<{ list: readonly string[], truncated: boolean } | undefined>()
  const [error, setError] = useState<string | undefined>()
  const [query, setQuery] = useState('')
  const [selected, setSelected] = useState(0)
  const input = useRef<HTMLInputElement>(null)
  const list = useRef<HTMLUListElement>(null)

  useEffect(() => { input.current?.focus() }, [])
  useEffect(() => {
    const ac = new AbortController()
    app.repos.paths(record, rev, { signal: ac.signal }).then(
      (p) => { if (ac.signal.aborted) return; if (p == null) setError(`${rev} names no branch, tag or commit here`); else setPaths({ list: p.paths, truncated: p.truncated }) },
      (err: any) => { if (!ac.signal.aborted) setError(err.message) }
    )
    return () => ac.abort()
  }, [record.rid, rev])

  const index = useMemo(() => {
    if (paths == null) return undefined
    let i = indexes.get(paths.list)
    if (i == null) { i = new FuzzyIndex(paths.list); indexes.set(paths.list, i) }
    return i
  }, [paths])
  const result = useMemo(() => index?.search(query, SHOWN), [index, query])
  const hits = result?.hits ?? []

  useEffect(() => { setSelected(0) }, [query])
  useEffect(() => {
    list.current?.children[selected]?.scrollIntoView({ block: 'nearest' })
  }, [selected])

  const go = (path: string): void => {
    onClose()
    location.hash = blobLink(record.rid, rev, path)
  }
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') { e.preventDefault(); onClose() }
    else if (e.key === 'ArrowDown') { e.preventDefault(); setSelected(s => Math.min(s + 1, hits.length - 1)) }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setSelected(s => Math.max(s - 1, 0)) }
    else if (e.key === 'Enter') { e.preventDefault(); const hit = hits[selected]; if (hit != null) go(hit.path) }
  }

  return (
    <div class='finder-backdrop' onMouseDown={(e) => { if (e.target === e.currentTarget) onClose() }}>
      <div class='finder' role='dialog' aria-modal='true' aria-label='Go to file' data-testid='file-finder'>
        <input
          ref={input}
          type='text'
          value={query}
          placeholder='Go to file'
          aria-label='File name'
          aria-controls='finder-hits'
          autocomplete='off'
          spellcheck={false}
          onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
          onKeyDown={onKey}
          data-testid='finder-input'
        />
        <div class='finder-count muted small' data-testid='finder-count'>
          {error != null
            ? <span class='error-text'>{error}</span>
            : result == null
              ? 'Listing files…'
              : `${result.total.toLocaleString()} of ${paths!.list.length.toLocaleString()} files${paths!.truncated ? ' (the tree has more; only these were listed)' : ''}${result.total > SHOWN ? ` · the best ${SHOWN} shown` : ''}`}
        </div>
        <ul class='finder-hits' id='finder-hits' role='listbox' ref={list} data-testid='finder-hits'>
          {hits.map((h, i) => (
            <li key={h.path} role='option' aria-selected={i === selected} class={i === selected ? 'selected' : undefined} onMouseMove={() => { if (i !== selected) setSelected(i) }}>
              <a href={blobLink(record.rid, rev, h.path)} onClick={(e) => { e.preventDefault(); go(h.path) }}>
                {highlightRuns(h.path, h.positions).map((r, k) => r.match ? <mark key={k}>{r.text}</mark> : <span key={k}>{r.text}</span>)}
              </a>
            </li>
          ))}
          {result != null && hits.length === 0 && <li class='muted'>No file matches.</li>}
        </ul>
        <div class='finder-keys muted small'>↑ ↓ to move · Enter to open · Esc to close</div>
      </div>
    </div>
  )
}
