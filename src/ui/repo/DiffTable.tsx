// One file's diff as a table, unified or split: syntax highlighted, the
// changed words of each changed line pair marked, and rows above, between
// and below the hunks that show 20 more unchanged lines of the file.
// Lines are drawn escaped at once; the highlighted HTML replaces them when
// it is ready, so highlighting never holds a diff back.
import { useMemo, useState } from 'preact/hooks'
import { highlightLines } from '../../render/highlight.js'
import { useAsync } from '../hooks.js'
import { escapeHtml, markWords } from './DiffMarks.js'
import { diffRows, EXPAND_STEP, expand, splitRows } from './DiffRows.js'
import type { CharRange } from './DiffMarks.js'
import type { DiffLayout } from './DiffLayout.js'
import type { DiffRow, ExpandRow, LineRow, Shown } from './DiffRows.js'
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
}

interface Sides {
  newLines?: string[]
  /** the HTML of a row's line, when it is highlighted */
  html: (r: LineRow) => string | undefined
}

export function DiffTable ({ diff, path, oldPath, layout, expandable, loadSide, words }: DiffTableProps) {
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
              <tr key={i}>
                <Cells row={r.left} no={r.left?.oldNo} html={html} />
                <Cells row={r.right} no={r.right?.newNo} html={html} />
              </tr>
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
            <tr key={i} class={`line-${r.kind}`}>
              <td class='ln'>{r.oldNo ?? ''}</td>
              <td class='ln'>{r.newNo ?? ''}</td>
              <td class='src'><span class='sign'>{SIGN[r.kind]}</span><code dangerouslySetInnerHTML={{ __html: html(r) }} /></td>
            </tr>
            )
          : <Other key={i} row={r} cols={3} onExpand={onExpand} />)}
      </tbody>
    </table>
  )
}

const SIGN = { add: '+', del: '-', context: ' ' } as const

function Cells ({ row, no, html }: { row?: LineRow, no?: number, html: (r: LineRow) => string }) {
  if (row === undefined) return <><td class='ln empty' /><td class='src empty' /></>
  return (
    <>
      <td class={`ln side-${row.kind}`}>{no ?? ''}</td>
      <td class={`src side-${row.kind}`}><span class='sign'>{SIGN[row.kind]}</span><code dangerouslySetInnerHTML={{ __html: html(row) }} /></td>
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
