// The branch and tag picker: a button that opens a filter box over the
// repository's branches and tags (hundreds of them: preact has 607), with
// keyboard navigation and links to the branches and tags pages. RefSelector
// is the header's, which moves the current view to the ref picked and lets
// delegates make a branch; RefPicker alone serves compare's two sides.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks'
import { blobLink, branchesLink, commitsLink, tagsLink, treeLink } from './links.js'
import type { RepoRoute } from './links.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'
import './RefSelector.css'

/** rows drawn per section; the filter narrows the rest */
const MAX_SHOWN = 50
const COMMIT_ID = /^[0-9a-f]{4,40}$/i

interface Item { kind: 'branch' | 'tag' | 'commit', name: string }

/** Branches (the default first, then by name) and tags (highest version first), from the signed refs. */
function refNames (record: RepoRecord): { branches: string[], tags: string[] } {
  // the canonical refs (a namespace view carries its writer's as `refs`)
  const names = Object.keys(record.refs ?? record.signedRefs.refs)
  const byName = (a: string, b: string): number => a.localeCompare(b, undefined, { numeric: true })
  const branches = names.filter(n => n.startsWith('refs/heads/')).map(n => n.slice(11)).sort((a, b) => Number(b === record.defaultBranch) - Number(a === record.defaultBranch) || byName(a, b))
  const tags = names.filter(n => n.startsWith('refs/tags/')).map(n => n.slice(10)).sort((a, b) => byName(b, a))
  return { branches, tags }
}

export function RefPicker ({ record, current, onPick, label = 'Branch or tag', testid = 'ref-picker', allowCommit = false }: { record: RepoRecord, current: string, onPick: (name: string) => void, label?: string, testid?: string, allowCommit?: boolean }) {
  const [open, setOpen] = useState(false)
  const [filter, setFilter] = useState('')
  const [active, setActive] = useState(0)
  const [shift, setShift] = useState(0)
  const box = useRef<HTMLDivElement>(null)
  const root = useRef<HTMLSpanElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const input = useRef<HTMLInputElement>(null)
  const { branches, tags } = useMemo(() => refNames(record), [record])

  const f = filter.trim().toLowerCase()
  const match = (n: string): boolean => f === '' || n.toLowerCase().includes(f)
  const b = branches.filter(match)
  const t = tags.filter(match)
  const items: Item[] = [...b.slice(0, MAX_SHOWN).map(name => ({ kind: 'branch' as const, name })), ...t.slice(0, MAX_SHOWN).map(name => ({ kind: 'tag' as const, name }))]
  if (allowCommit && COMMIT_ID.test(filter.trim()) && items.length === 0) items.push({ kind: 'commit', name: filter.trim().toLowerCase() })
  const at = Math.min(active, Math.max(0, items.length - 1))

  const close = (): void => { setOpen(false); setFilter(''); setActive(0); setShift(0) }
  const pick = (name: string): void => { close(); button.current?.focus(); onPick(name) }

  // a click anywhere else closes it
  useEffect(() => {
    if (!open) return
    const away = (e: MouseEvent): void => { if (root.current != null && !root.current.contains(e.target as Node)) close() }
    document.addEventListener('mousedown', away)
    return () => document.removeEventListener('mousedown', away)
  }, [open])
  // kept inside the screen: at 390 px the button may sit at either edge
  useLayoutEffect(() => {
    if (!open || box.current == null) return
    const r = box.current.getBoundingClientRect()
    const left = r.left - shift
    const room = document.documentElement.clientWidth - 8
    const want = left + r.width > room ? room - r.width - left : left < 8 ? 8 - left : 0
    if (want !== shift) setShift(want)
  }, [open, shift])
  useEffect(() => { if (open) input.current?.focus() }, [open])
  useEffect(() => {
    box.current?.querySelector('.ref-item.active')?.scrollIntoView({ block: 'nearest' })
  }, [at, open])

  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowDown') { e.preventDefault(); setActive(items.length === 0 ? 0 : (at + 1) % items.length) } else if (e.key === 'ArrowUp') { e.preventDefault(); setActive(items.length === 0 ? 0 : (at - 1 + items.length) % items.length) } else if (e.key === 'Enter') { e.preventDefault(); if (items[at] != null) pick(items[at].name) } else if (e.key === 'Escape') { e.preventDefault(); close(); button.current?.focus() }
  }
  const row = (item: Item, i: number) => (
    <li key={`${item.kind} ${item.name}`}>
      <button type='button' class={`ref-item${i === at ? ' active' : ''}`} data-testid='ref-item' data-kind={item.kind} aria-selected={i === at} role='option'
        onMouseEnter={() => setActive(i)} onClick={() => pick(item.name)}>
        <span class='ref-check'>{item.name === current ? '✓' : ''}</span>
        <span class='ref-name'>{item.kind === 'commit' ? `Commit ${item.name}` : item.name}</span>
        {item.kind === 'branch' && item.name === record.defaultBranch && <span class='tag'>default</span>}
      </button>
    </li>
  )
  const nb = Math.min(b.length, MAX_SHOWN)
  return (
    <span class='ref-picker' ref={root}>
      <button type='button' ref={button} class='ref-picker-button' data-testid={testid} aria-haspopup='listbox' aria-expanded={open} aria-label={`${label}: ${current}`}
        onClick={() => (open ? close() : setOpen(true))} title={current}>
        <span class='ref-picker-label'>{COMMIT_ID.test(current) && !branches.includes(current) && !tags.includes(current) ? current.slice(0, 8) : current}</span> <span aria-hidden='true'>▾</span>
      </button>
      {open && (
        <div class='ref-popover' ref={box} style={{ transform: `translateX(${shift}px)` }} data-testid='ref-popover'>
          <input ref={input} data-testid='ref-filter' value={filter} placeholder={allowCommit ? 'Filter, or a commit id' : 'Filter branches and tags'} aria-label='Filter branches and tags'
            onInput={(e) => { setFilter((e.target as HTMLInputElement).value); setActive(0) }} onKeyDown={onKey} />
          <div class='ref-lists' role='listbox' aria-label={label}>
            <div class='ref-section muted small'>Branches {f !== '' && `(${b.length})`}</div>
            {b.length === 0 ? <p class='muted small ref-none'>No branch matches.</p> : <ul class='list'>{items.slice(0, nb).map((item, i) => row(item, i))}</ul>}
            {b.length > MAX_SHOWN && <p class='muted small ref-none'>{b.length - MAX_SHOWN} more: type to narrow</p>}
            {tags.length > 0 && <>
              <div class='ref-section muted small'>Tags {f !== '' && `(${t.length})`}</div>
              {t.length === 0 ? <p class='muted small ref-none'>No tag matches.</p> : <ul class='list'>{items.slice(nb, nb + Math.min(t.length, MAX_SHOWN)).map((item, i) => row(item, nb + i))}</ul>}
              {t.length > MAX_SHOWN && <p class='muted small ref-none'>{t.length - MAX_SHOWN} more: type to narrow</p>}
            </>}
            {items[0]?.kind === 'commit' && <ul class='list'>{row(items[0], 0)}</ul>}
          </div>
          <div class='ref-footer small'>
            <a href={branchesLink(record.rid)} data-testid='view-all-branches' onClick={close}>View all branches</a>
            {tags.length > 0 && <a href={tagsLink(record.rid)} onClick={close}>View all tags</a>}
          </div>
        </div>
      )}
    </span>
  )
}

export function RefSelector ({ app, record, rev, view, path, delegate }: { app: GutsApp, record: RepoRecord, rev: string, view: RepoRoute['view'], path: string, delegate: boolean }) {
  const [creating, setCreating] = useState(false)
  const [name, setName] = useState('')
  const [error, setError] = useState<string | undefined>()
  const go = (to: string): void => {
    location.hash = view === 'commits' ? commitsLink(record.rid, to) : view === 'blob' ? blobLink(record.rid, to, path) : treeLink(record.rid, to, view === 'tree' ? path : '')
  }
  const create = async (e: Event): Promise<void> => {
    e.preventDefault()
    setError(undefined)
    try {
      await app.repos.createBranch(record, name, rev)
      setCreating(false)
      go(name.trim())
      setName('')
    } catch (err: any) {
      setError(err.message)
    }
  }
  return (
    <span class='ref-selector'>
      <RefPicker record={record} current={rev} onPick={go} />
      {delegate && !creating && <button type='button' class='link' onClick={() => setCreating(true)} data-testid='new-branch'>New branch</button>}
      {creating && (
        <form class='inline' onSubmit={(e) => { void create(e) }}>
          <input data-testid='new-branch-name' value={name} placeholder={`branch from ${rev}`} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          <button type='submit'>Create</button>
          <button type='button' class='link' onClick={() => setCreating(false)}>Cancel</button>
          {error != null && <span class='error-text'>{error}</span>}
        </form>
      )}
    </span>
  )
}
