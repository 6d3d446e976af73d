// What can be done with a file besides reading it here: open it raw, save
// it, copy a link to it that does not move when the branch does.
import { useState } from 'preact/hooks'
import { downloadBytes } from './format.js'

/** How long a raw tab's blob: URL lives: long enough to load, not for the whole session. */
const RAW_URL_LIFETIME_MS = 60_000

/**
 * Opens `bytes` in a new tab as text/plain. A blob: URL shares the app's
 * origin, so its type is what keeps a hostile .html or .svg file from
 * running there: text/plain is shown as text, never parsed as a page.
 */
export function openRaw (bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'text/plain;charset=utf-8' }))
  window.open(url, '_blank', 'noopener')
  setTimeout(() => URL.revokeObjectURL(url), RAW_URL_LIFETIME_MS)
}

export function BlobActions ({ bytes, name, raw, permalink }: { bytes: Uint8Array, name: string, raw: boolean, permalink: string }) {
  return (
    <>
      {raw && <button type='button' onClick={() => openRaw(bytes)} data-testid='raw'>Raw</button>}
      <button type='button' onClick={() => downloadBytes(bytes, name)} data-testid='download'>Download</button>
      <PermalinkButton url={permalink} />
    </>
  )
}

/** Copies `url`; where the clipboard is refused, goes there so the address bar holds it. */
function PermalinkButton ({ url }: { url: string }) {
  const [said, setSaid] = useState<string | undefined>()
  const say = (text: string): void => {
    setSaid(text)
    setTimeout(() => setSaid(undefined), 2000)
  }
  const copy = (): void => {
    const fallback = (): void => {
      location.href = url
      say('Copy it from the address bar')
    }
    if (navigator.clipboard == null) return fallback()
    navigator.clipboard.writeText(url).then(() => say('Copied'), fallback)
  }
  return (
    <button type='button' onClick={copy} title={url} data-testid='permalink' data-url={url}>
      {said ?? 'Copy permalink'}
    </button>
  )
}
