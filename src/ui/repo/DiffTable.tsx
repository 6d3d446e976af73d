// One file's diff as a table, unified or split: syntax highlighted, the
// changed words of each changed line pair marked, and rows above, between
// and below the hunks that show 20 more unchanged lines of the file.
// Lines are drawn escaped at once; the highlighted HTML replaces them when
// it is ready, so highlighting never holds a diff back.
import { Fragment } from 'preact'
import { useMemo, useState } from 'preact/hooks'
import { highlightLines } from '../../render/highlight.js'
import { useAsync } from '../hooks.js'
import { escapeHtml, markWords } from './DiffMarks.js'
import { diffRows, EXPAND_STEP, expand, splitRows } from './DiffRows.js'
import type { CharRange } from './DiffMarks.js'
import type { DiffLayout } from './DiffLayout.js'
import type { DiffRow, ExpandRow, LineRow, Shown } from './DiffRows.js'
import type { ComponentChildren } from 'preact'
import type { Hunk, TextDiff } from '../../app/types.js'

/** Files up to this size are highlighted whole (so a block comment or a template string spanning a hunk's edge is right); larger ones per hunk. */
export const WHOLE_FILE_HIGHLIGHT = 256 * 1024

export interface DiffTableProps {
  diff: TextDiff
  /** the new side's path (its language), and the old side's */
  path: string
  oldPath: string
  layout: DiffLayout
  /** there are unchanged lines around the hunks to show (a modified or renamed file) */
  expandable: boolean
  /** the text of each side's file; without it, hunks are highlighted on their own and nothing expands */
  loadSide?: (side: 'old' | 'new') => Promise<string | undefined>
  /** the changed words of a hunk's lines, by line index */
  words?: (hunk: Hunk) => Array<CharRange[] | undefined>
  /** per-line extras a review needs (a patch's Files tab); without them the table is as it always was */
  lines?: DiffLineTools
}

/** What a diff's lines offer beyond reading: a gutter button, a mark on picked lines, rows drawn under a line. */
export interface DiffLineTools {
  /** the file's path, set on each line's row (data-path) with its side (data-side: old for a deleted line, else new) and number (data-line) */
  path: string
  /** a "+" in the line's gutter; `extend`: the click held shift */
  onAction?: (row: LineRow, extend: boolean) => void
  actionLabel?: string
  selected?: (row: LineRow) => boolean
  /** drawn in a full-width row under the line (comments on it, a form) */
  below?: (row: LineRow) => ComponentChildren
}

interface Sides {
  newLines?: string[]
  /** the HTML of a row's line, when it is highlighted */
  html: (r: LineRow) => string | undefined
}

export function DiffTable ({ diff, path, oldPath, layout, expandable, loadSide, words, lines }: DiffTableProps) {
  // what was expanded belongs to one diff (another comes with whitespace ignored)
  const [expanded, setExpanded] = useState<{ of: TextDiff, shown: Shown[] }>({ of: diff, shown: [] })
  const shown = expanded.of === diff ? expanded.shown : []
  const sides = useAsync(async () => readSides(diff, path, oldPath, loadSide), [diff])
  const marks = useMemo(() => words === undefined ? [] : diff.hunks.map(h => words(h)), [diff])
  const rows = diffRows(diff.hunks, shown, sides.value?.newLines, expandable && loadSide !== undefined)
  const html = (r: LineRow): string => {
    const base = sides.value?.html(r) ?? escapeHtml(r.text)
    return markWords(base, r.at >= 0 ? marks[r.hunk]?.[r.at] : undefined)
  }
  const onExpand = (gap: number, dir: 'up' | 'down' | 'all'): void => setExpanded({ of: diff, shown: expand(shown, gap, dir) })
  if (layout === 'split') {
    return (
      <table class='code diff-table diff-split' data-testid='diff-split'>
        <colgroup><col class='ln-col' /><col /><col class='ln-col' /><col /></colgroup>
        <tbody>
          {splitRows(rows).map((r, i) => r.type === 'pair'
            ? (
              <Fragment key={i}>
                <tr>
                  <Cells row={r.left} no={r.left?.oldNo} html={html} tools={lines} />
                  <Cells row={r.right === r.left ? undefined : r.right} no={r.right?.newNo} html={html} tools={lines} same={r.right === r.left ? r.left : undefined} />
                </tr>
                {lines?.below !== undefined && <Below rows={r.left === r.right ? [r.left] : [r.left, r.right]} cols={4} below={lines.below} />}
              </Fragment>
              )
            : <Other key={i} row={r} cols={4} onExpand={onExpand} />)}
        </tbody>
      </table>
    )
  }
  return (
    <table class='code diff-table' data-testid='diff-unified'>
      <tbody>
        {rows.map((r, i) => r.type === 'line'
          ? (
            <Fragment key={i}>
              <tr class={`line-${r.kind}${lines?.selected?.(r) === true ? ' line-selected' : ''}`} {...lineData(lines, r)}>
                <td class='ln'>{r.oldNo ?? ''}</td>
                <td class='ln'>{r.newNo ?? ''}</td>
                <td class='src'><LineAction row={r} tools={lines} /><span class='sign'>{SIGN[r.kind]}</span><code dangerouslySetInnerHTML={{ __html: html(r) }} /></td>
              </tr>
              {lines?.below !== undefined && <Below rows={[r]} cols={3} below={lines.below} />}
            </Fragment>
            )
          : <Other key={i} row={r} cols={3} onExpand={onExpand} />)}
      </tbody>
    </table>
  )
}

const SIGN = { add: '+', del: '-', context: ' ' } as const

/** a line's row data for the tools: where it is (old side for a deleted line, else new) */
function lineData (tools: DiffLineTools | undefined, r: LineRow): Record<string, string> {
  if (tools === undefined) return {}
  const side = r.kind === 'del' ? 'old' : 'new'
  const no = side === 'old' ? r.oldNo : r.newNo
  return no === undefined ? {} : { 'data-path': tools.path, 'data-side': side, 'data-line': String(no) }
}

function LineAction ({ row, tools }: { row: LineRow, tools?: DiffLineTools }) {
  if (tools?.onAction === undefined || Object.keys(lineData(tools, row)).length === 0) return null
  const act = tools.onAction
  return <button type='button' class='diff-line-action' aria-label={tools.actionLabel ?? 'Comment on this line'} title={`${tools.actionLabel ?? 'Comment on this line'} (shift-click: a range)`} data-testid='diff-line-comment' onClick={e => act(row, e.shiftKey)}>+</button>
}

/** what the tools draw under these rows' lines, in a row across the table */
function Below ({ rows, cols, below }: { rows: Array<LineRow | undefined>, cols: number, below: (r: LineRow) => ComponentChildren }) {
  const parts = rows.map(r => r === undefined ? null : below(r)).filter(p => p != null && p !== false)
  if (parts.length === 0) return null
  return <tr class='diff-below'><td colSpan={cols}>{parts}</td></tr>
}

function Cells ({ row, no, html, tools, same }: { row?: LineRow, no?: number, html: (r: LineRow) => string, tools?: DiffLineTools, /** a context line's right half: the same row as the left */ same?: LineRow }) {
  if (same !== undefined) {
    return (
      <>
        <td class={`ln side-${same.kind}`}>{no ?? ''}</td>
        <td class={`src side-${same.kind}${tools?.selected?.(same) === true ? ' line-selected' : ''}`} {...lineData(tools, same)}><LineAction row={same} tools={tools} /><span class='sign'>{SIGN[same.kind]}</span><code dangerouslySetInnerHTML={{ __html: html(same) }} /></td>
      </>
    )
  }
  if (row === undefined) return <><td class='ln empty' /><td class='src empty' /></>
  // a context line's left half: its action is on the right (the new side it is named on)
  const tooled = tools !== undefined && row.kind !== 'context' ? tools : undefined
  return (
    <>
      <td class={`ln side-${row.kind}`}>{no ?? ''}</td>
      <td class={`src side-${row.kind}${tooled?.selected?.(row) === true ? ' line-selected' : ''}`} {...lineData(tooled, row)}><LineAction row={row} tools={tooled} /><span class='sign'>{SIGN[row.kind]}</span><code dangerouslySetInnerHTML={{ __html: html(row) }} /></td>
    </>
  )
}

function Other ({ row, cols, onExpand }: { row: Exclude<DiffRow, LineRow>, cols: number, onExpand: (gap: number, dir: 'up' | 'down' | 'all') => void }) {
  if (row.type === 'hunk') return <tr class='hunk'><td colSpan={cols}>{row.header}</td></tr>
  return (
    <tr class='expand' data-testid='expand-row'>
      <td colSpan={cols}><ExpandButtons row={row} onExpand={onExpand} /></td>
    </tr>
  )
}

function ExpandButtons ({ row, onExpand }: { row: ExpandRow, onExpand: (gap: number, dir: 'up' | 'down' | 'all') => void }) {
  const { gap, hidden, up, down } = row
  if (up && down && hidden !== undefined && hidden <= EXPAND_STEP) {
    return <button type='button' class='link' data-testid='expand-all' onClick={() => onExpand(gap, 'all')}>↕ Show {hidden} hidden line{hidden === 1 ? '' : 's'}</button>
  }
  return (
    <>
      {down && <button type='button' class='link' data-testid='expand-down' onClick={() => onExpand(gap, 'down')}>↓ Show {EXPAND_STEP} more lines</button>}
      {up && <button type='button' class='link' data-testid='expand-up' onClick={() => onExpand(gap, 'up')}>↑ Show {EXPAND_STEP} more lines</button>}
      {hidden !== undefined && <span class='muted small'> ({hidden} hidden)</span>}
    </>
  )
}

/** Lines as highlight.ts counts them (a final newline ends the last line; no '\r'), which is how the diff numbers them. */
function textLines (text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines.map(l => l.endsWith('\r') ? l.slice(0, -1) : l)
}

async function readSides (diff: TextDiff, path: string, oldPath: string, loadSide: DiffTableProps['loadSide']): Promise<Sides> {
  const [oldText, newText] = loadSide === undefined ? [] : await Promise.all([loadSide('old'), loadSide('new')])
  const newLines = newText === undefined ? undefined : textLines(newText)
  const whole = async (text: string | undefined, p: string): Promise<string[] | undefined> =>
    text === undefined || text.length > WHOLE_FILE_HIGHLIGHT ? undefined : await highlightLines(text, p)
  const [oldHtml, newHtml] = await Promise.all([whole(oldText, oldPath), whole(newText, path)])
  // each side of each hunk on its own, for what was not highlighted whole
  const needOld = oldHtml === undefined && diff.hunks.some(h => h.oldCount > 0)
  const needNew = newHtml === undefined
  const perHunk = needOld || needNew ? await Promise.all(diff.hunks.map(async h => hunkHtml(h, path, oldPath))) : []
  return {
    newLines,
    html: (r) => {
      if (r.kind === 'del') return r.oldNo === undefined ? undefined : oldHtml?.[r.oldNo - 1] ?? (r.at >= 0 ? perHunk[r.hunk]?.[r.at] : undefined)
      return r.newNo === undefined ? undefined : newHtml?.[r.newNo - 1] ?? (r.at >= 0 ? perHunk[r.hunk]?.[r.at] : undefined)
    }
  }
}

/** A hunk's old lines (context and removed) and new lines (context and added), each highlighted as one text; by line index. */
async function hunkHtml (h: Hunk, path: string, oldPath: string): Promise<string[]> {
  const oldAt = h.lines.flatMap((l, i) => l.kind === 'add' ? [] : [i])
  const newAt = h.lines.flatMap((l, i) => l.kind === 'del' ? [] : [i])
  const src = (at: number[]): string => at.map(i => h.lines[i].text + '\n').join('')
  const [o, n] = await Promise.all([highlightLines(src(oldAt), oldPath), highlightLines(src(newAt), path)])
  const out: string[] = []
  oldAt.forEach((i, k) => { if (h.lines[i].kind === 'del') out[i] = o[k] })
  newAt.forEach((i, k) => { out[i] = n[k] })
  return out
}
