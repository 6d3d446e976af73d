// The Share popover: the repository's link, and the `git clone` command for
// each relay that seeds it (clone-commands.ts). It behaves as a popover:
// focus moves into it and back, Escape, a click outside or another page
// closes it, and it is placed inside the viewport (on a phone the button
// sits at the left of the page, and a box anchored at its right edge
// opened off-screen).
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'
import { CopyButton } from '../CopyButton.js'
import { useSnapshot } from '../hooks.js'
import { shortPeer } from '../network-words.js'
import { cloneChoices } from './clone-commands.js'
import type { GutsApp, SeedStatusView } from '../../app/types.js'

/** px kept between the box and the viewport's edges */
const MARGIN = 8

export function ShareButton ({ app, rid }: { app: GutsApp, rid: string }) {
  const [open, setOpen] = useState(false)
  const anchor = useRef<HTMLSpanElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const box = useRef<HTMLDivElement>(null)
  const url = `${location.origin}${location.pathname}#/r/${rid}`

  useEffect(() => {
    if (!open) return
    const close = (refocus: boolean): void => {
      setOpen(false)
      if (refocus) button.current?.focus()
    }
    const onKey = (e: KeyboardEvent): void => { if (e.key === 'Escape') { e.preventDefault(); close(true) } }
    const onDown = (e: PointerEvent): void => { if (!(anchor.current?.contains(e.target as Node) ?? false)) close(false) }
    // RepoPage stays mounted across the pages of one repository
    const onRoute = (): void => close(false)
    document.addEventListener('keydown', onKey)
    document.addEventListener('pointerdown', onDown)
    window.addEventListener('hashchange', onRoute)
    return () => {
      document.removeEventListener('keydown', onKey)
      document.removeEventListener('pointerdown', onDown)
      window.removeEventListener('hashchange', onRoute)
    }
  }, [open])

  // placed before it is painted, and again when the viewport changes
  useLayoutEffect(() => {
    if (!open) return
    const place = (): void => {
      const a = anchor.current
      const el = box.current
      if (a == null || el == null) return
      const viewport = document.documentElement.clientWidth
      const width = Math.min(el.offsetWidth, viewport - 2 * MARGIN)
      const at = a.getBoundingClientRect()
      // right-aligned with the button when it fits, else pushed inside
      const left = Math.max(MARGIN, Math.min(at.right - width, viewport - MARGIN - width))
      el.style.maxWidth = `${viewport - 2 * MARGIN}px`
      el.style.left = `${left - at.left}px`
    }
    place()
    box.current?.focus()
    window.addEventListener('resize', place)
    return () => window.removeEventListener('resize', place)
  }, [open])

  return (
    <span class='share' ref={anchor}>
      <button
        type='button' class='primary' ref={button} aria-expanded={open} aria-haspopup='dialog'
        onClick={() => setOpen(o => !o)} data-testid='share'
      >Share
      </button>
      {open && (
        <div class='share-box' ref={box} role='dialog' aria-label='Share this repository' tabIndex={-1} data-testid='share-box'>
          <div class='muted small'>Anyone who opens this link gets the repository from the peers that have it.</div>
          <div class='share-line'><code class='wrap' data-testid='share-url'>{url}</code> <CopyButton text={url} /></div>
          <CloneCommands app={app} rid={rid} />
        </div>
      )}
    </span>
  )
}

function CloneCommands ({ app, rid }: { app: GutsApp, rid: string }) {
  const network = useSnapshot(app.network)
  const [status, setStatus] = useState<SeedStatusView>({ asking: true })
  // asked only while the popover is open
  useEffect(() => {
    const ctl = new AbortController()
    app.repos.watchSeedStatus(rid, setStatus, { signal: ctl.signal })
    return () => ctl.abort()
  }, [rid])
  const { commands, unnamed } = cloneChoices(rid, status.holders ?? [], network.relays, location.origin)
  return (
    <div class='share-clone'>
      <div class='muted small'>Or clone it with git from a relay that seeds it:</div>
      {commands.map(c => (
        <div key={c.peer} class='share-line'>
          <code class='wrap' data-testid='share-clone'>{c.command}</code> <CopyButton text={c.command} />
          {c.note != null && <div class='muted small'>{c.note}</div>}
        </div>
      ))}
      {commands.length === 0 && (status.holders == null
        ? <div class='muted small' data-testid='share-asking'>{status.error ?? 'Asking the relays…'}</div>
        : <div class='muted small' data-testid='share-no-seed'>No relay seeds it yet{unnamed.length === 0 ? '.' : ' at a web address this tab knows.'}</div>)}
      {unnamed.length > 0 && (
        <div class='muted small'>Also seeded by {unnamed.map(shortPeer).join(', ')}: open Guts from that relay's own address for its command.</div>
      )}
    </div>
  )
}
