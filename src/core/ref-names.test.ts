import { describe, expect, it } from 'vitest'
import { shortRefName, validRefName } from './ref-names.js'

describe('validRefName', () => {
  it.each([
    'refs/heads/main',
    'refs/heads/feature/x-1_2',
    'refs/tags/v1.0.0',
    'refs/heads/a.b',
    'refs/heads/@x',
    'refs/heads/x@',
    'refs/heads/a@b',
    'refs/heads/ünïcödé/分支',
    'refs/heads/emoji-😀',
    'refs/heads/x.lockx',
    'refs/heads/' + 'a'.repeat(244)
  ])('accepts %s', name => {
    expect(validRefName(name)).toBe(true)
  })

  it.each([
    ['empty', ''],
    ['HEAD', 'HEAD'],
    ['outside heads and tags', 'refs/remotes/origin/main'],
    ['a bare prefix', 'refs/heads/'],
    ['no prefix', 'main'],
    ['an empty component', 'refs/heads/a//b'],
    ['a component starting with a dot', 'refs/heads/.hidden'],
    ['a nested component starting with a dot', 'refs/heads/a/.b'],
    ['a component ending in .lock', 'refs/heads/main.lock'],
    ['a nested .lock component', 'refs/heads/a.lock/b'],
    ['double dots', 'refs/heads/a..b'],
    ['a space', 'refs/heads/a b'],
    ['a tab', 'refs/heads/a\tb'],
    ['a newline', 'refs/heads/a\nb'],
    ['a NUL', 'refs/heads/a\u0000b'],
    ['DEL', 'refs/heads/a\u007fb'],
    ['a tilde', 'refs/heads/a~1'],
    ['a caret', 'refs/heads/a^'],
    ['a colon', 'refs/heads/a:b'],
    ['a question mark', 'refs/heads/a?'],
    ['a star', 'refs/heads/a*'],
    ['a bracket', 'refs/heads/a[b'],
    ['a backslash', 'refs/heads/a\\b'],
    ['@{', 'refs/heads/a@{1}'],
    ['a trailing slash', 'refs/heads/a/'],
    ['a trailing dot', 'refs/heads/a.'],
    ['exactly @', 'refs/heads/@'],
    ['a lone surrogate', 'refs/heads/a\ud800'],
    ['more than 255 bytes', 'refs/heads/' + 'a'.repeat(245)],
    ['more than 255 bytes of multibyte chars', 'refs/heads/' + 'é'.repeat(123)]
  ])('rejects %s', (_why, name) => {
    expect(validRefName(name)).toBe(false)
  })

  it('rejects non-strings', () => {
    expect(validRefName(42 as unknown as string)).toBe(false)
  })
})

describe('shortRefName', () => {
  it('strips the branch and tag prefixes', () => {
    expect(shortRefName('refs/heads/x')).toBe('x')
    expect(shortRefName('refs/heads/a/b')).toBe('a/b')
    expect(shortRefName('refs/tags/v1')).toBe('v1')
  })
  it('leaves other names alone', () => {
    expect(shortRefName('HEAD')).toBe('HEAD')
    expect(shortRefName('refs/remotes/o/x')).toBe('refs/remotes/o/x')
  })
})
