// `#anchor` links in rendered Markdown (READMEs, issues): the hash is the
// app's route, so a click scrolls to the heading rather than navigating.
import { ANCHOR_PREFIX } from '../../render/readme-links.js'

export function scrollToAnchor (e: MouseEvent): void {
  const a = (e.target as Element | null)?.closest?.('a[data-anchor]')
  if (a == null) return
  const target = document.getElementById(ANCHOR_PREFIX + (a.getAttribute('data-anchor') ?? ''))
  if (target == null) return
  e.preventDefault()
  target.scrollIntoView()
}
