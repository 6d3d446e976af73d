import { JSDOM } from 'jsdom'
import { describe, expect, it } from 'vitest'
import { renderReadme } from './readme.js'

const { window } = new JSDOM('')
const win = window as unknown as Window
const html = (md: string): string => renderReadme('README.md', new TextEncoder().encode(md), { window: win }).html

describe(':shortcodes:', () => {
  it('become emoji in text, not in code, and unknown ones stay', () => {
    expect(html('Done :tada: :+1: :nosuch: :constructor:\n')).toBe('<p>Done 🎉 👍 :nosuch: :constructor:</p>\n')
    expect(html('`:tada:`\n\n```\n:tada:\n```\n')).not.toContain('🎉')
  })
})
