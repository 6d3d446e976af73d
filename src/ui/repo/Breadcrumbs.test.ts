// Right-to-left names in the path: each one isolated, the trail left to
// right, so "docs / מסמכים / דוחות" never reads "docs / דוחות / מסמכים".
// (The visual order itself is checked in Chromium: e2e/small-defects.spec.ts.)
import { JSDOM } from 'jsdom'
import { h, render } from 'preact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Breadcrumbs } from './Breadcrumbs.js'

const dom = new JSDOM('<!doctype html><div id="root"></div>')
const globals = globalThis as Record<string, unknown>
beforeAll(() => { globals.window = dom.window; globals.document = dom.window.document })
afterAll(() => { delete globals.window; delete globals.document })

describe('Breadcrumbs', () => {
  it('isolates each name, right-to-left ones included, in a left-to-right trail', () => {
    const root = dom.window.document.getElementById('root')!
    render(h(Breadcrumbs, { rid: 'R', rev: 'main', path: 'docs/מסמכים/דוחות/تقرير.md', name: 'פרויקט' }), root)
    const trail = root.querySelector('[data-testid=breadcrumbs]')!
    expect(trail.getAttribute('dir')).toBe('ltr')
    expect([...trail.querySelectorAll('bdi')].map(b => b.textContent)).toEqual(['פרויקט', 'docs', 'מסמכים', 'דוחות', 'تقرير.md'])
    // nothing but the separators outside the isolates
    const outside = [...trail.childNodes].map(n => n.textContent).join('').replace(/פרויקט|docs|מסמכים|דוחות|تقرير\.md/g, '')
    expect(outside).toBe(' /  /  /  / ')
    expect([...trail.querySelectorAll('a')].map(a => a.getAttribute('href'))).toEqual([
      '#/r/R/tree/main', '#/r/R/tree/main/docs', `#/r/R/tree/main/docs/${encodeURIComponent('מסמכים')}`, `#/r/R/tree/main/docs/${encodeURIComponent('מסמכים')}/${encodeURIComponent('דוחות')}`
    ])
    render(null, root)
  })
})
