// A Markdown box with Write / Preview tabs, for a new issue, a comment, a
// reply or an edit. It only holds the text for its caller: what is typed
// stays when an action fails.
import { useEffect, useRef, useState } from 'preact/hooks'
import { IssueMarkdown } from './IssueMarkdown.js'
import type { RepoRecord } from '../../app/types.js'

export interface IssueEditorProps {
  record: RepoRecord
  value: string
  onInput: (text: string) => void
  placeholder?: string
  label: string
  rows?: number
  testid?: string
  autofocus?: boolean
  /** Ctrl/Cmd+Enter */
  onSubmit?: () => void
}

export function IssueEditor ({ record, value, onInput, placeholder, label, rows = 5, testid, autofocus, onSubmit }: IssueEditorProps) {
  const [preview, setPreview] = useState(false)
  // the autofocus attribute does nothing on a textarea put in after the page loaded (a line's comment form): focus it by hand
  const area = useRef<HTMLTextAreaElement>(null)
  useEffect(() => { if (autofocus === true) area.current?.focus() }, [autofocus])
  return (
    <div class='issue-editor'>
      <div class='issue-editor-tabs' role='tablist'>
        <button type='button' role='tab' aria-selected={!preview} class={preview ? '' : 'active'} onClick={() => setPreview(false)}>Write</button>
        <button type='button' role='tab' aria-selected={preview} class={preview ? 'active' : ''} onClick={() => setPreview(true)} data-testid={testid != null ? `${testid}-preview` : undefined}>Preview</button>
      </div>
      {preview
        ? <div class='issue-editor-preview'>{value.trim() === '' ? <p class='muted'>Nothing to preview</p> : <IssueMarkdown record={record} body={value} testid={testid != null ? `${testid}-rendered` : undefined} />}</div>
        : <textarea
            ref={area} class='editor' rows={rows} value={value} placeholder={placeholder} aria-label={label} data-testid={testid} autofocus={autofocus}
            onInput={e => onInput((e.target as HTMLTextAreaElement).value)}
            onKeyDown={e => { if (onSubmit != null && e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); onSubmit() } }}
          />}
      <p class='muted small issue-editor-hint'>Markdown, rendered as READMEs are.</p>
    </div>
  )
}
