import { JSDOM } from 'jsdom'
import { describe, expect, it } from 'vitest'
import { renderReadme } from './readme.js'
import { highlightCodeBlocks } from './readme-code.js'

const { window } = new JSDOM('')
const win = window as unknown as Window
const block = (md: string): HTMLElement => {
  const el = window.document.createElement('div')
  el.innerHTML = renderReadme('README.md', new TextEncoder().encode(md), { window: win }).html
  return el as unknown as HTMLElement
}

describe('highlightCodeBlocks', () => {
  it('highlights fences by extension or language name, and keeps the text', async () => {
    const el = block('```js\nconst a = "<b>"\n```\n\n```python\ndef f(): pass\n```\n')
    await highlightCodeBlocks(el)
    const codes = Array.from(el.querySelectorAll('code'))
    expect(codes.map(c => c.querySelector('.hljs-keyword')?.textContent)).toEqual(['const', 'def'])
    expect(codes[0].textContent).toBe('const a = "<b>"\n')
    expect(el.querySelector('b')).toBeNull()
  })

  it('leaves unknown languages and plain fences as they are', async () => {
    const el = block('```nosuchlang\n<i>x</i>\n```\n\n```\nplain\n```\n')
    const before = el.innerHTML
    await highlightCodeBlocks(el)
    expect(el.innerHTML).toBe(before)
  })
})
