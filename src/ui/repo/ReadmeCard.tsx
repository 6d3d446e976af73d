// A directory's README, below its file list. It loads and renders on its
// own, after the list: a README that is slow, huge or hostile never holds
// the files up or hides them. What does not render shows as escaped text.
// Its links point into the repository (render/readme-links.ts); its images
// from the repository are read from the local copy into blob: URLs; web
// images are never loaded (each shows a placeholder naming its host);
// fenced code is highlighted after it shows (render/readme-code.ts).
import { useEffect, useRef } from 'preact/hooks'
import type { RepoLinks } from '../../render/readme-links.js'
import { highlightCodeBlocks } from '../../render/readme-code.js'
import { scrollToAnchor } from './markdown-anchor.js'
import { imageType, MAX_README_IMAGE_BYTES, MAX_README_IMAGES } from '../../render/readme-images.js'
import { renderReadme } from '../../render/readme.js'
import { useAsync } from '../hooks.js'

export interface ReadmeCardProps {
  name: string
  oid: string
  load: () => Promise<Uint8Array | undefined>
  /** where its relative links go */
  links: RepoLinks
  /** a file of the same commit, by repository path: for its images */
  loadFile: (path: string) => Promise<Uint8Array | undefined>
}

export function ReadmeCard ({ name, oid, load, links, loadFile }: ReadmeCardProps) {
  const view = useAsync(async () => {
    const bytes = await load()
    return bytes === undefined ? undefined : renderReadme(name, bytes, { key: oid, links })
  }, [name, oid, links.tree(links.dir)]) // the tree URL names the repository, ref and folder
  const v = view.value
  const body = useRef<HTMLDivElement>(null)
  useRepoImages(body, v?.html, loadFile)
  useEffect(() => {
    if (body.current == null || v === undefined || v.html === '') return
    const stop = new AbortController()
    // plain code is fine meanwhile, and if highlighting fails
    highlightCodeBlocks(body.current, { signal: stop.signal }).catch(() => {})
    return () => stop.abort()
  }, [v?.html])
  return (
    <section class='card readme'>
      <h2 class='muted small'>{name}</h2>
      {view.error != null && <p class='error-text' data-testid='readme-error'>Cannot show {name}: {view.error.message}</p>}
      {v === undefined && view.error == null && <p class='muted'>{view.loading ? 'Loading…' : `${name} is missing.`}</p>}
      {v !== undefined && v.html !== '' && <div ref={body} class='markdown' data-testid='readme' onClick={scrollToAnchor} dangerouslySetInnerHTML={{ __html: v.html }} />}
      {v?.notice !== undefined && <p class='muted small' data-testid='readme-notice'>{v.notice}</p>}
      {v !== undefined && v.text !== '' && <div class='markdown'><pre data-testid={v.html === '' ? 'readme' : 'readme-rest'}>{v.text}</pre></div>}
    </section>
  )
}


/**
 * Gives each `img[data-repo-src]` under `body` the file's bytes as a blob:
 * URL, once per rendered HTML; revokes them when the README goes. Missing,
 * too large or non-image files stay as their alt text.
 */
function useRepoImages (body: { current: HTMLElement | null }, html: string | undefined, loadFile: (path: string) => Promise<Uint8Array | undefined>): void {
  useEffect(() => {
    const root = body.current
    if (root == null || html === undefined || html === '') return
    let live = true
    const urls: string[] = []
    const imgs = Array.from(root.querySelectorAll('img[data-repo-src]')).slice(0, MAX_README_IMAGES)
    for (const img of imgs) {
      const path = img.getAttribute('data-repo-src') ?? ''
      const type = imageType(path)
      if (type === undefined) continue
      loadFile(path).then(bytes => {
        if (!live || bytes === undefined || bytes.length > MAX_README_IMAGE_BYTES) return
        const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }))
        urls.push(url)
        img.setAttribute('src', url)
      }, () => { /* an unreadable image stays as its alt text */ })
    }
    return () => {
      live = false
      for (const url of urls) URL.revokeObjectURL(url)
    }
  }, [html])
}
