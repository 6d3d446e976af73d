// Fenced code in a rendered README, highlighted as the file view does
// (highlight.ts, loaded on first use). highlight.js escapes the code it is
// given and adds only <span class="hljs-…">, so its output is as inert as
// the text. The fence's language is read as a file extension first
// (```js, ```py), then as a language name (```typescript, ```python).
import { highlightLines, languageFor } from './highlight.js'

/** The most code blocks highlighted in one README; the rest stay plain. */
export const MAX_HIGHLIGHTED_BLOCKS = 64

const FENCE_CLASS = /^language-([\w+#.-]+)$/

/** Highlights `root`'s `pre > code.language-*` blocks in place; unknown languages stay plain. */
export async function highlightCodeBlocks (root: ParentNode, opts: { signal?: AbortSignal } = {}): Promise<void> {
  const blocks = Array.from(root.querySelectorAll('pre > code[class^="language-"]')).slice(0, MAX_HIGHLIGHTED_BLOCKS)
  // a function, not a property read: it changes while we await
  const aborted = (): boolean => opts.signal?.aborted === true
  for (const code of blocks) {
    if (aborted()) return
    const lang = FENCE_CLASS.exec(code.getAttribute('class') ?? '')?.[1].toLowerCase()
    if (lang === undefined) continue
    const path = pathFor(lang)
    if (path === undefined) continue
    const text = code.textContent ?? ''
    const lines = await highlightLines(text, path)
    if (aborted()) return
    code.innerHTML = lines.join('\n') + (text.endsWith('\n') ? '\n' : '')
    code.classList.add('hljs')
  }
}

/** A file name whose language is the fence's, for languageFor. */
function pathFor (lang: string): string | undefined {
  if (languageFor(`x.${lang}`) !== undefined) return `x.${lang}`
  for (const ext of ['ts', 'js', 'py', 'rb', 'rs', 'go', 'sh', 'json', 'yaml', 'html', 'css', 'c', 'cpp', 'java', 'kt', 'swift', 'toml', 'sql', 'diff', 'md', 'xml']) {
    if (languageFor(`x.${ext}`) === lang) return `x.${ext}`
  }
  return undefined
}
