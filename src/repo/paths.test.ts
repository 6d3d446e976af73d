// The editor's paths: what peers would refuse in a tree is refused before
// any commit is made (peers cut off whoever sends such a tree).
import { describe, expect, it } from 'vitest'
import { EditError } from './errors.js'
import { splitPath } from './paths.js'

describe('splitPath', () => {
  it('splits ordinary paths, and takes the names git takes', () => {
    expect(splitPath('src/main.ts')).toEqual(['src', 'main.ts'])
    expect(splitPath('a\\b.txt')).toEqual(['a\\b.txt'])
    expect(splitPath('dir\\sub/x.txt')).toEqual(['dir\\sub', 'x.txt'])
    expect(splitPath('.github/workflows/ci.yml')).toEqual(['.github', 'workflows', 'ci.yml'])
    expect(splitPath('.gitignore')).toEqual(['.gitignore'])
    expect(splitPath('git~2/x')).toEqual(['git~2', 'x'])
    expect(splitPath('...')).toEqual(['...'])
    expect(splitPath('naïve café.md')).toEqual(['naïve café.md'])
  })

  it.each([
    ['lower-case .git', '.git/config'],
    ['upper-case .GIT', 'a/.GIT/hooks/post-checkout'],
    ['mixed case', '.Git'],
    ["NTFS's short name", 'git~1/config'],
    ["NTFS's short name, upper case", 'GIT~1'],
    ['NTFS trailing dot', 'x/.git.'],
    ['NTFS trailing space', '.git /config'],
    ['NTFS trailing dots and spaces', '.git. . ./x'],
    ['an NTFS stream', '.git::$INDEX_ALLOCATION/x'],
    ['an HFS+ ignored code point', '.g\u200cit/config'],
    ['an HFS+ byte order mark', '\ufeff.git'],
    ['.git after a backslash', 'a\\.git/x'],
    ['git~1 after a backslash', 'x/a\\git~1']
  ])('refuses %s (%s)', (_, path) => {
    expect(() => splitPath(path)).toThrow(EditError)
    expect(() => splitPath(path)).toThrow(/cannot be committed: git refuses an entry that means '\.git'/)
  })

  it.each([
    ['..', '../x'],
    ['.', 'a/./b'],
    ['empty', 'a//b'],
    ['leading slash', '/a'],
    ['trailing slash', 'a/'],
    ['NUL', 'a\0b'],
    ['too long', 'a'.repeat(4097)],
    ['empty path', '']
  ])('refuses %s', (_, path) => {
    expect(() => splitPath(path)).toThrow(EditError)
  })
})
