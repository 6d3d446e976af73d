// A file's lines, numbered. Each number links to its line (`?L=n`); a
// shift-click extends the pick into a range; a range the URL names is
// highlighted and scrolled into view when the file opens (or the URL
// changes under it), but not when a click here picked it: it is on screen.
import { Component } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import { formatLineRange, inLineRange, pickLine, type LineRange } from '../../render/line-range.js'

export interface BlobCodeProps {
  /** highlighted HTML, one string a line */
  lines: string[]
  range?: LineRange
  lineHref: (line: number) => string
  onPick: (range: LineRange) => void
}

export function BlobCode ({ lines, range, lineHref, onPick }: BlobCodeProps) {
  const body = useRef<HTMLTableSectionElement>(null)
  const pickedHere = useRef<string | undefined>(undefined)
  const key = range === undefined ? '' : formatLineRange(range)
  useEffect(() => {
    const mine = pickedHere.current === key
    pickedHere.current = undefined
    if (range === undefined || mine) return
    body.current?.rows[range.start - 1]?.scrollIntoView({ block: 'center' })
  }, [key, lines])

  // one listener for every number: 20,000 rows need no 20,000 closures
  const onClick = (e: MouseEvent): void => {
    const a = (e.target as Element | null)?.closest?.('a[data-line]')
    // a new tab or window for the link is the browser's to do
    if (a == null || e.button !== 0 || e.ctrlKey || e.metaKey || e.altKey) return
    e.preventDefault()
    if (e.shiftKey) getSelection()?.removeAllRanges() // shift-click also selects text between the clicks
    const next = pickLine(range, Number(a.getAttribute('data-line')), e.shiftKey)
    pickedHere.current = formatLineRange(next)
    onPick(next)
  }
  return (
    <div class='code-scroll'>
      <table class='code blob-code' data-testid='file-content'>
        <tbody ref={body} onClick={onClick}>
          {lines.map((html, i) => <Line key={i} n={i + 1} html={html} href={lineHref(i + 1)} selected={inLineRange(range, i + 1)} />)}
        </tbody>
      </table>
    </div>
  )
}

interface LineProps { n: number, html: string, href: string, selected: boolean }

// a click re-renders only the rows whose selection changed (preact/compat's
// memo would do the same, for a bundle of its own)
class Line extends Component<LineProps> {
  shouldComponentUpdate (next: LineProps): boolean {
    const p = this.props
    return next.selected !== p.selected || next.html !== p.html || next.href !== p.href || next.n !== p.n
  }

  render ({ n, html, href, selected }: LineProps) {
    return (
      <tr id={`L${n}`} class={selected ? 'selected' : undefined}>
        <td class='ln'><a href={href} data-line={n}>{n}</a></td>
        <td class='src'><code dangerouslySetInnerHTML={{ __html: html === '' ? ' ' : html }} /></td>
      </tr>
    )
  }
}
