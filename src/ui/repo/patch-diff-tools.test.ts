// The diff table's optional line tools (DiffTable `lines`), rendered by
// Preact into jsdom: without them the table has no button, no line data and
// no extra row (the commit and compare pages stay as they were); with them,
// each line's "+" says where it is and reports shift, picked lines are
// marked, and what `below` draws sits in a row under its line, in the
// unified and the split table.
import { JSDOM } from 'jsdom'
import { h, render } from 'preact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DiffTable } from './DiffTable.js'
import type { DiffLineTools } from './DiffTable.js'
import type { LineRow } from './DiffRows.js'
import type { TextDiff } from '../../app/types.js'

const dom = new JSDOM('<!doctype html><div id="root"></div>')
const globals = globalThis as Record<string, unknown>
beforeAll(() => { globals.window = dom.window; globals.document = dom.window.document })
afterAll(() => { render(null, dom.window.document.getElementById('root')!); delete globals.window; delete globals.document })

const diff: TextDiff = {
  added: 1,
  removed: 1,
  hunks: [{
    header: '@@ -1,3 +1,3 @@', oldStart: 1, oldCount: 3, newStart: 1, newCount: 3,
    lines: [
      { kind: 'context', text: 'a', oldNo: 1, newNo: 1 },
      { kind: 'del', text: 'b', oldNo: 2 },
      { kind: 'add', text: 'B', newNo: 2 },
      { kind: 'context', text: 'c', oldNo: 3, newNo: 3 }
    ]
  }]
}

const draw = (layout: 'unified' | 'split', lines?: DiffLineTools): HTMLElement => {
  const root = dom.window.document.getElementById('root')!
  render(null, root)
  render(h(DiffTable, { diff, path: 'f.txt', oldPath: 'f.txt', layout, expandable: false, ...(lines != null ? { lines } : {}) }), root)
  return root
}

describe('DiffTable line tools', () => {
  it('leave a table without them as it was: no buttons, no line data, no extra rows', () => {
    for (const layout of ['unified', 'split'] as const) {
      const root = draw(layout)
      expect(root.querySelectorAll('[data-testid=diff-line-comment]')).toHaveLength(0)
      expect(root.querySelectorAll('[data-path], .diff-below, .line-selected')).toHaveLength(0)
      expect(root.querySelectorAll('tr')).toHaveLength(layout === 'unified' ? 5 : 4)
    }
  })

  it('give each unified line a "+" that names it, report shift, mark picked lines and draw rows under a line', () => {
    const clicks: Array<[number | undefined, number | undefined, boolean]> = []
    const root = draw('unified', {
      path: 'f.txt',
      onAction: (r: LineRow, extend: boolean) => clicks.push([r.oldNo, r.newNo, extend]),
      selected: (r: LineRow) => r.newNo === 2,
      below: (r: LineRow) => r.newNo === 2 && r.kind === 'add' ? h('p', { class: 'under' }, 'a comment') : null
    })
    const rows = [...root.querySelectorAll('tr[data-path]')].map(tr => `${tr.getAttribute('data-side')!}:${tr.getAttribute('data-line')!}`)
    expect(rows).toEqual(['new:1', 'old:2', 'new:2', 'new:3'])
    expect(root.querySelectorAll('[data-testid=diff-line-comment]')).toHaveLength(4)
    const del = root.querySelector('tr[data-side=old][data-line="2"] [data-testid=diff-line-comment]') as HTMLButtonElement
    del.dispatchEvent(new dom.window.MouseEvent('click', { bubbles: true }))
    const add = root.querySelector('tr[data-side=new][data-line="2"] [data-testid=diff-line-comment]') as HTMLButtonElement
    add.dispatchEvent(new dom.window.MouseEvent('click', { bubbles: true, shiftKey: true }))
    expect(clicks).toEqual([[2, undefined, false], [undefined, 2, true]])
    expect(root.querySelector('tr[data-side=new][data-line="2"]')!.classList.contains('line-selected')).toBe(true)
    const under = root.querySelector('tr.diff-below')!
    expect(under.previousElementSibling!.getAttribute('data-line')).toBe('2')
    expect(under.querySelector('td')!.getAttribute('colspan')).toBe('3')
    expect(under.textContent).toBe('a comment')
  })

  it('in the split table, put a context line’s "+" on its new side only, and the rows under it across both', () => {
    const root = draw('split', { path: 'f.txt', onAction: () => {}, below: (r: LineRow) => r.newNo === 3 ? h('p', null, 'under c') : null })
    const cells = [...root.querySelectorAll('td[data-path]')].map(td => `${td.getAttribute('data-side')!}:${td.getAttribute('data-line')!}`)
    expect(cells).toEqual(['new:1', 'old:2', 'new:2', 'new:3'])
    expect(root.querySelectorAll('[data-testid=diff-line-comment]')).toHaveLength(4)
    const under = root.querySelector('tr.diff-below td')!
    expect(under.getAttribute('colspan')).toBe('4')
    expect(under.textContent).toBe('under c')
  })
})
