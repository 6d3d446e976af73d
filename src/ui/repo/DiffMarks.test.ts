import { describe, expect, it } from 'vitest'
import { escapeHtml, markWords } from './DiffMarks.js'

describe('markWords', () => {
  it('marks ranges of escaped text, counting an entity as one character', () => {
    expect(markWords(escapeHtml('a < b && c'), [[4, 8]])).toBe('a &lt; <span class="wd">b &amp;&amp;</span> c')
  })

  it('closes and reopens a mark around the highlighter\'s spans', () => {
    const html = '<span class="hljs-keyword">const</span> answer = <span class="hljs-number">42</span>'
    expect(markWords(html, [[3, 12]])).toBe('<span class="hljs-keyword">con<span class="wd">st</span></span><span class="wd"> answer</span> = <span class="hljs-number">42</span>')
    expect(markWords(html, [[15, 17]])).toBe('<span class="hljs-keyword">const</span> answer = <span class="hljs-number"><span class="wd">42</span></span>')
  })

  it('leaves the HTML as it is without ranges', () => {
    expect(markWords('<b>x</b>', undefined)).toBe('<b>x</b>')
    expect(markWords('x', [])).toBe('x')
  })
})
