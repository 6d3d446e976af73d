import { describe, expect, it } from 'vitest'
import { imageType } from './readme-images.js'

describe('imageType', () => {
  it('knows image types by extension, SVG included, and nothing else', () => {
    expect(imageType('docs/Logo.PNG')).toBe('image/png')
    expect(imageType('a.svg')).toBe('image/svg+xml')
    expect(imageType('a.jpeg')).toBe('image/jpeg')
    expect(imageType('index.html')).toBeUndefined()
    expect(imageType('noext')).toBeUndefined()
  })
})
