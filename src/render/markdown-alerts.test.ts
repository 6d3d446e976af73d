import { JSDOM } from 'jsdom'
import { describe, expect, it } from 'vitest'
import { renderReadme } from './readme.js'

const { window } = new JSDOM('')
const win = window as unknown as Window
const render = (md: string): Document => {
  const html = renderReadme('README.md', new TextEncoder().encode(md), { window: win }).html
  return new JSDOM(html).window.document as unknown as Document
}

describe('GitHub alerts', () => {
  it('renders each kind as a titled box, without the marker', () => {
    for (const [kind, title] of [['NOTE', 'Note'], ['TIP', 'Tip'], ['IMPORTANT', 'Important'], ['WARNING', 'Warning'], ['CAUTION', 'Caution']]) {
      const doc = render(`> [!${kind}]\n> Read **this**.\n`)
      const box = doc.querySelector(`div.markdown-alert.markdown-alert-${kind.toLowerCase()}`)
      expect(box, kind).not.toBeNull()
      expect(box?.querySelector('p.markdown-alert-title')?.textContent).toBe(title)
      expect(box?.textContent).not.toContain('[!')
      expect(box?.querySelector('strong')?.textContent).toBe('this')
      expect(doc.querySelector('blockquote')).toBeNull()
    }
  })

  it('keeps several paragraphs in the box', () => {
    const doc = render('> [!warning]\n> one\n>\n> two\n')
    expect(Array.from(doc.querySelectorAll('.markdown-alert p')).map(p => p.textContent?.trim())).toEqual(['Warning', 'one', 'two'])
  })

  it('leaves other quotes alone: unknown kinds, the marker mid-line or later', () => {
    for (const md of ['> [!DANGER]\n> x\n', '> [!NOTE] on one line\n', '> text\n> [!NOTE]\n', '> plain\n']) {
      const doc = render(md)
      expect(doc.querySelector('.markdown-alert'), md).toBeNull()
      expect(doc.querySelector('blockquote'), md).not.toBeNull()
    }
  })

  it('a peer cannot style its own markup as an alert', () => {
    const doc = render('<div class="markdown-alert markdown-alert-note"><p class="markdown-alert-title">Note</p></div>')
    expect(doc.querySelector('.markdown-alert, .markdown-alert-title')).toBeNull()
  })
})
