// The hash routes the views build must read back as the same ref and path,
// whatever the names hold: a backslash (which git takes in a file name and
// a URL parser might turn into a '/'), '#', '?', '%', spaces, unicode.
import { afterEach, describe, expect, it } from 'vitest'
import { blameLink, blobLink, branchesLink, commitLink, commitsLink, compareLink, editLink, inNamespace, issueLink, issuesLink, newFileLink, newIssueLink, newPatchLink, outOfNamespace, parseIssuesRoute, parsePatchesRoute, patchLink, patchesLink, parseRepoRoute, remotesLink, repoHome, setLinkScope, treeLink } from './links.js'

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

const peer = '12D3KooWDfpB52ERAFBGYM1XdF62GejTDhFnXsAS8SXVsVNzq2ES'

describe('namespace links (remotes/<peer>/…)', () => {
  afterEach(() => setLinkScope())

  it('read back as the same view, ref and path, with the peer', () => {
    const route = parseRepoRoute(`/r/${rid}/remotes/${peer}/blob/main/docs/a b.md`)!
    expect(route).toMatchObject({ rid, view: 'blob', rest: ['main', 'docs', 'a b.md'], peer })
    expect(parseRepoRoute(`/r/${rid}/remotes/${peer}`)).toMatchObject({ view: 'home', peer })
    expect(parseRepoRoute(`/r/${rid}/remotes`)).toMatchObject({ view: 'remotes', rest: [] })
    expect(parseRepoRoute(`/r/${rid}/remotes`)!.peer).toBeUndefined()
    expect(parseRepoRoute(`/r/${rid}/remotes/${peer}/remotes`)).toBeUndefined()
    expect(parseRepoRoute(`/r/${rid}/remotes/${peer}/nonsense`)).toBeUndefined()
  })

  it('stay inside the namespace the page shows, for that repository only', () => {
    setLinkScope(rid, peer)
    for (const link of [treeLink(rid, 'main', 'src'), blobLink(rid, 'main', 'a.txt'), commitLink(rid, 'abc'), commitsLink(rid, 'main'), branchesLink(rid), compareLink(rid, 'main', 'x'), blameLink(rid, 'main', 'a'), editLink(rid, 'main', 'a'), newFileLink(rid, 'main')]) {
      expect(link.startsWith(`#/r/${rid}/remotes/${peer}/`)).toBe(true)
      expect(parseRepoRoute(link.slice(1))!.peer).toBe(peer)
    }
    expect(repoHome(rid)).toBe(`#/r/${rid}`)
    expect(remotesLink(rid)).toBe(`#/r/${rid}/remotes`)
    expect(treeLink('other', 'main')).toBe('#/r/other/tree/main')
    setLinkScope()
    expect(treeLink(rid, 'main')).toBe(`#/r/${rid}/tree/main`)
  })

  it('move a link into a namespace and back out', () => {
    expect(inNamespace(peer, treeLink(rid, 'main', 'src'))).toBe(`#/r/${rid}/remotes/${peer}/tree/main/src`)
    expect(inNamespace(peer, repoHome(rid))).toBe(`#/r/${rid}/remotes/${peer}`)
    expect(inNamespace('other', inNamespace(peer, branchesLink(rid)))).toBe(`#/r/${rid}/remotes/other/branches`)
    expect(outOfNamespace(inNamespace(peer, blobLink(rid, 'main', 'a')))).toBe(`#/r/${rid}/blob/main/a`)
  })
})

describe('issue links', () => {
  afterEach(() => setLinkScope())
  const id = 'a'.repeat(40)

  it('read back as the list with its filters, the form, or one issue', () => {
    const list = parseRepoRoute(issuesLink(rid, { state: 'closed', label: 'good first issue', q: 'a&b #1', sort: 'updated' }).slice(1))!
    expect(list.view).toBe('issues')
    expect(parseIssuesRoute(list.rest, list.query)).toEqual({ kind: 'list', filter: { state: 'closed', label: 'good first issue', q: 'a&b #1', sort: 'updated' } })
    expect(issuesLink(rid)).toBe(`#/r/${rid}/issues`)
    const plain = parseRepoRoute(issuesLink(rid).slice(1))!
    expect(parseIssuesRoute(plain.rest, plain.query)).toEqual({ kind: 'list', filter: { state: 'open', label: '', q: '', sort: 'newest' } })
    const form = parseRepoRoute(newIssueLink(rid).slice(1))!
    expect(parseIssuesRoute(form.rest, form.query)).toEqual({ kind: 'new' })
    const one = parseRepoRoute(issueLink(rid, id).slice(1))!
    expect(parseIssuesRoute(one.rest, one.query)).toEqual({ kind: 'issue', id })
  })

  it('name no issue for an id that is not 40 lower-case hex', () => {
    for (const bad of ['abc', 'A'.repeat(40), 'a'.repeat(41), `${id}/x`]) {
      const r = parseRepoRoute(`/r/${rid}/issues/${bad}`)!
      expect(parseIssuesRoute(r.rest, r.query).kind).toBe('bad')
    }
  })

  it('stay on the repository under a namespace: issues are not per writer', () => {
    setLinkScope(rid, peer)
    expect(issuesLink(rid)).toBe(`#/r/${rid}/issues`)
    expect(issueLink(rid, id)).toBe(`#/r/${rid}/issues/${id}`)
    expect(newIssueLink(rid)).toBe(`#/r/${rid}/issues/new`)
    // a namespaced issues route still reads as the issues view (RepoPage shows the repository's)
    expect(parseRepoRoute(`/r/${rid}/remotes/${peer}/issues`)).toMatchObject({ view: 'issues', peer })
  })
})

describe('patch links', () => {
  afterEach(() => setLinkScope())
  const id = 'b'.repeat(40)
  const read = (link: string) => { const r = parseRepoRoute(link.slice(1))!; expect(r.view).toBe('patches'); return parsePatchesRoute(r.rest, r.query) }

  it('read back as the list with its filters, the form with its branch, or one patch on a revision and tab', () => {
    expect(read(patchesLink(rid, { state: 'merged', label: 'needs review', q: 'a&b #1' }))).toEqual({ kind: 'list', filter: { state: 'merged', label: 'needs review', q: 'a&b #1' } })
    expect(patchesLink(rid)).toBe(`#/r/${rid}/patches`)
    expect(patchesLink(rid, { state: 'open' })).toBe(`#/r/${rid}/patches`)
    expect(read(patchesLink(rid))).toEqual({ kind: 'list', filter: { state: 'open', label: '', q: '' } })
    expect(read(newPatchLink(rid, 'feat/x y'))).toEqual({ kind: 'new', branch: 'feat/x y' })
    expect(read(newPatchLink(rid))).toEqual({ kind: 'new', branch: '' })
    expect(read(patchLink(rid, id))).toEqual({ kind: 'patch', id, page: { tab: 'conversation' } })
    expect(patchLink(rid, id, { tab: 'conversation' })).toBe(`#/r/${rid}/patches/${id}`)
    expect(read(patchLink(rid, id, { rev: 2, tab: 'compare', from: 1 }))).toEqual({ kind: 'patch', id, page: { rev: 2, tab: 'compare', from: 1 } })
  })

  it('ignore a state, tab or revision that is not one', () => {
    expect(read(`#/r/${rid}/patches?state=closed`)).toMatchObject({ filter: { state: 'open' } })
    expect(read(`#/r/${rid}/patches/${id}?tab=x&rev=0&from=-1`)).toEqual({ kind: 'patch', id, page: { tab: 'conversation' } })
    expect(read(`#/r/${rid}/patches/abc`)).toEqual({ kind: 'bad', text: 'abc' })
  })

  it('stay on the repository under a namespace', () => {
    setLinkScope(rid, peer)
    expect(patchesLink(rid)).toBe(`#/r/${rid}/patches`)
    expect(patchLink(rid, id)).toBe(`#/r/${rid}/patches/${id}`)
  })
})
