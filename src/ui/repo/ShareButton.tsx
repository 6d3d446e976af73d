// The Share popover: the repository's link, to copy and send.
import { useState } from 'preact/hooks'
import { CopyButton } from '../CopyButton.js'

export function ShareButton ({ rid }: { rid: string }) {
  const [open, setOpen] = useState(false)
  const url = `${location.origin}${location.pathname}#/r/${rid}`
  return (
    <span class='share'>
      <button type='button' class='primary' onClick={() => setOpen(o => !o)} data-testid='share'>Share</button>
      {open && (
        <div class='share-box'>
          <div class='muted small'>Anyone who opens this link gets the repository from the peers that have it.</div>
          <code class='wrap' data-testid='share-url'>{url}</code> <CopyButton text={url} />
        </div>
      )}
    </span>
  )
}
