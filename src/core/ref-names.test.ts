import { describe, expect, it } from 'vitest'
import { cobRefOf, cobRefsOf, codeRefsOf, isCobRef, isCodeRef, parseCobRef, shortRefName, validRefName } from './ref-names.js'

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

const ID = '0123456789abcdef0123456789abcdef01234567'

describe('collaborative object refs', () => {
  it.each([
    `refs/cobs/guts.issue/${ID}`,
    `refs/cobs/guts.patch/${ID}`,
    `refs/cobs/xyz.rad-2.issue/${ID}`,
    `refs/cobs/${'a'.repeat(30)}.${'b'.repeat(33)}/${ID}`
  ])('accepts %s', name => {
    expect(validRefName(name)).toBe(true)
    expect(isCobRef(name)).toBe(true)
    expect(isCodeRef(name)).toBe(false)
  })

  it.each([
    ['a bare prefix', 'refs/cobs/'],
    ['no id', 'refs/cobs/guts.issue'],
    ['an empty id', 'refs/cobs/guts.issue/'],
    ['a type without a dot', `refs/cobs/issue/${ID}`],
    ['an upper-case type', `refs/cobs/Guts.Issue/${ID}`],
    ['a type starting with a digit', `refs/cobs/1guts.issue/${ID}`],
    ['an empty type component', `refs/cobs/guts..issue/${ID}`],
    ['a type ending in a dot', `refs/cobs/guts.issue./${ID}`],
    ['a type past 64 chars', `refs/cobs/${'a'.repeat(31)}.${'b'.repeat(33)}/${ID}`],
    ['an upper-case id', `refs/cobs/guts.issue/${ID.toUpperCase()}`],
    ['a short id', `refs/cobs/guts.issue/${ID.slice(1)}`],
    ['a long id', `refs/cobs/guts.issue/${ID}0`],
    ['a non-hex id', `refs/cobs/guts.issue/${ID.slice(1)}g`],
    ['something after the id', `refs/cobs/guts.issue/${ID}/x`],
    ['a nested type', `refs/cobs/guts/issue/${ID}`],
    ['a branch-like name', 'refs/cobs/main'],
    ['a .lock id', `refs/cobs/guts.issue/${ID}.lock`]
  ])('rejects %s', (_why, name) => {
    expect(validRefName(name)).toBe(false)
    expect(isCobRef(name)).toBe(false)
    expect(parseCobRef(name)).toBeUndefined()
  })

  it('parses and builds one another', () => {
    expect(parseCobRef(`refs/cobs/guts.issue/${ID}`)).toEqual({ type: 'guts.issue', id: ID })
    expect(cobRefOf('guts.patch', ID)).toBe(`refs/cobs/guts.patch/${ID}`)
    expect(parseCobRef(cobRefOf('guts.patch', ID))).toEqual({ type: 'guts.patch', id: ID })
    expect(parseCobRef('refs/heads/main')).toBeUndefined()
  })

  it('refuses to build a ref no peer would accept', () => {
    expect(() => cobRefOf('issue', ID)).toThrow(/type "issue"/)
    expect(() => cobRefOf('guts.issue', 'HEAD')).toThrow(/id "HEAD"/)
    expect(() => cobRefOf('guts.issue/../heads', ID)).toThrow()
  })

  it('code refs are branches and tags only', () => {
    expect(isCodeRef('refs/heads/main')).toBe(true)
    expect(isCodeRef('refs/tags/v1')).toBe(true)
    expect(isCodeRef('refs/heads/cobs/guts.issue')).toBe(true)
    expect(isCodeRef('refs/remotes/o/x')).toBe(false)
    expect(isCodeRef('refs/heads/a..b')).toBe(false)
  })

  it('splits a writer\'s refs into code and cobs', () => {
    const refs = { 'refs/heads/main': ID, 'refs/tags/v1': ID, [`refs/cobs/guts.issue/${ID}`]: ID }
    expect(codeRefsOf(refs)).toEqual({ 'refs/heads/main': ID, 'refs/tags/v1': ID })
    expect(cobRefsOf(refs)).toEqual({ [`refs/cobs/guts.issue/${ID}`]: ID })
  })

  it('a branch name never makes a cob ref: refs/heads/ is always its prefix, and .. is refused', () => {
    expect(validRefName(`refs/heads/../cobs/guts.issue/${ID}`)).toBe(false)
    expect(isCobRef(`refs/heads/cobs/guts.issue/${ID}`)).toBe(false)
  })

  it('leaves cob refs unshortened: they are not branch names', () => {
    expect(shortRefName(`refs/cobs/guts.issue/${ID}`)).toBe(`refs/cobs/guts.issue/${ID}`)
  })
})
