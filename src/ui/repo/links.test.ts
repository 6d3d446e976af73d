// The hash routes the views build must read back as the same ref and path,
// whatever the names hold: a backslash (which git takes in a file name and
// a URL parser might turn into a '/'), '#', '?', '%', spaces, unicode.
import { describe, expect, it } from 'vitest'
import { blobLink, parseRepoRoute, treeLink } from './links.js'

const rid = 'bafkreiexample'

describe('repository links', () => {
  it('keep every character of a path, backslashes included', () => {
    for (const path of ['a\\b.txt', 'dir/c\\d.txt', '..\\x', 'a b#c?d%e.md', 'docs/übersicht/naïve café.md']) {
      const link = blobLink(rid, 'main', path)
      expect(link).not.toContain('\\')
      const route = parseRepoRoute(link.slice(1))!
      expect(route.view).toBe('blob')
      expect(route.rest).toEqual(['main', ...path.split('/')])
      // a URL keeps the fragment as it is: nothing there turns '\' into '/'
      expect(new URL(`http://127.0.0.1:8080/${link}`).hash).toBe(link)
    }
    expect(parseRepoRoute(treeLink(rid, 'feature/x', 'a\\b').slice(1))!.rest).toEqual(['feature', 'x', 'a\\b'])
  })
})
