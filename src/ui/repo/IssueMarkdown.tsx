// A description or comment body, rendered as READMEs are (issue-markdown.ts);
// code blocks highlighted after it shows; '#anchor' links scroll.
import { useEffect, useMemo, useRef } from 'preact/hooks'
import { highlightCodeBlocks } from '../../render/readme-code.js'
import { scrollToAnchor } from './markdown-anchor.js'
import { renderIssueMarkdown } from './issue-markdown.js'
import { blobLink, treeLink } from './links.js'
import type { RepoRecord } from '../../app/types.js'

export function IssueMarkdown ({ record, body, testid }: { record: RepoRecord, body: string, testid?: string }) {
  const links = useMemo(() => ({ dir: '', blob: (p: string) => blobLink(record.rid, record.defaultBranch, p), tree: (p: string) => treeLink(record.rid, record.defaultBranch, p) }), [record.rid, record.defaultBranch])
  const view = useMemo(() => {
    try {
      return renderIssueMarkdown(body, { links })
    } catch (err: any) {
      return { html: '', text: body, notice: `Shown as text: ${String(err?.message ?? err)}` }
    }
  }, [body, links])
  const el = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (el.current == null || view.html === '') return
    const stop = new AbortController()
    highlightCodeBlocks(el.current, { signal: stop.signal }).catch(() => {})
    return () => stop.abort()
  }, [view.html])
  return (
    <div class='issue-markdown' data-testid={testid}>
      {view.html !== '' && <div ref={el} class='markdown' onClick={scrollToAnchor} dangerouslySetInnerHTML={{ __html: view.html }} />}
      {view.text !== '' && <div class='markdown'><pre>{view.text}</pre></div>}
      {view.notice != null && <p class='muted small'>{view.notice}</p>}
    </div>
  )
}

