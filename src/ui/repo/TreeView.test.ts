// The directory view with a hostile README: the file list must show whatever
// the README does. A real repository on Node's fs, rendered by Preact into
// jsdom, read through the app layer's repositories (the app is just that).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { JSDOM } from 'jsdom'
import { h, render } from 'preact'
import type { ComponentChild } from 'preact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRepositories } from '../../app/repositories.js'
import { MemoryRepoIndex } from '../../repo/repo-index.js'
import { Repos } from '../../repo/repos.js'
import { ReadmeCard } from './ReadmeCard.js'
import { TreeView } from './TreeView.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'
import type { GitFs } from '../../repo/fs.js'

const dom = new JSDOM('<!doctype html><div id="root"></div>')
const globals = globalThis as Record<string, unknown>
let dir: string
let repos: Repos

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guts-treeview-'))
  repos = new Repos({ fs: fs as unknown as GitFs, index: new MemoryRepoIndex(), key: await generateKeyPair('Ed25519'), root: dir, author: () => ({ name: 'a', email: 'a@example.org' }) })
  // Preact and the sanitizer use the page's globals
  globals.window = dom.window
  globals.document = dom.window.document
})
afterAll(async () => {
  render(null, dom.window.document.getElementById('root')!)
  delete globals.window
  delete globals.document
  await rm(dir, { recursive: true, force: true })
})

/** Polls until `read` gives something, for at most 10 s. */
async function eventually<T> (read: () => T | null | undefined): Promise<T> {
  for (let i = 0; i < 1000; i++) {
    const v = read()
    if (v != null) return v
    await new Promise(resolve => setTimeout(resolve, 10))
  }
  throw new Error('timed out waiting for the view')
}

function show (vnode: ComponentChild): HTMLElement {
  const root = dom.window.document.getElementById('root')!
  render(null, root)
  render(vnode, root)
  return root as unknown as HTMLElement
}

describe('TreeView with a hostile README', () => {
  it('lists the files, and shows a README of 5,000 nested `>` (which once threw and hid them)', async () => {
    const record = await repos.create({ name: 'deep', readme: '>'.repeat(5000) + ' deep\n' })
    const app = { repos: createRepositories({ repos }) } as unknown as GutsApp
    const root = show(h(TreeView, { app, record, rev: 'main', path: '', delegate: false }))
    const files = await eventually(() => root.querySelector('[data-testid=file-tree]'))
    expect(files.textContent).toContain('README.md')
    const readme = await eventually(() => root.querySelector('[data-testid=readme]'))
    expect(readme.querySelectorAll('blockquote')).toHaveLength(32)
    expect(root.textContent).not.toMatch(/Cannot show/)
  })

  it('shows a README too slow to render as text, under the file list', async () => {
    const record = await repos.create({ name: 'slow', readme: 'a_'.repeat(200_000) })
    const app = { repos: createRepositories({ repos }) } as unknown as GutsApp
    const root = show(h(TreeView, { app, record, rev: 'main', path: '', delegate: false }))
    await eventually(() => root.querySelector('[data-testid=file-tree]'))
    const notice = await eventually(() => root.querySelector('[data-testid=readme-notice]'))
    expect(notice.textContent).toMatch(/^Shown as plain text/)
    expect(root.querySelector('pre[data-testid=readme]')?.textContent).toMatch(/^(a_)+$/)
  })
})

const links = { dir: '', blob: (p: string) => `#/r/R/blob/main/${p}`, tree: (p: string) => `#/r/R/tree/main/${p}` }
const noFiles = async (): Promise<undefined> => undefined

describe('TreeView README links', () => {
  it('points relative links at the repository, and loads no web image', async () => {
    const record = await repos.create({ name: 'links', readme: '[docs](docs/intro.md) [go](#links)\n\n![b](https://img.example/b.png)\n' })
    const app = { repos: createRepositories({ repos }) } as unknown as GutsApp
    const root = show(h(TreeView, { app, record, rev: 'main', path: '', delegate: false }))
    const readme = await eventually(() => root.querySelector('[data-testid=readme]'))
    const hrefs = Array.from(readme.querySelectorAll('a')).map(a => a.getAttribute('href'))
    expect(hrefs).toEqual([`#/r/${record.rid}/blob/main/docs/intro.md`, `#/r/${record.rid}/tree/main`])
    expect(readme.querySelector('img')).toBeNull()
    expect(readme.querySelector('.external-image')?.textContent).toContain('img.example')
  })
})

describe('ReadmeCard', () => {
  it('shows repository images through blob: URLs, read with loadFile', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47])
    const asked: string[] = []
    const loadFile = async (p: string): Promise<Uint8Array | undefined> => { asked.push(p); return p === 'img/logo.png' ? png : undefined }
    const load = async (): Promise<Uint8Array> => new TextEncoder().encode('![logo](img/logo.png) ![gone](missing.png) ![page](x.html)')
    const root = show(h(ReadmeCard, { name: 'README.md', oid: 'img', load, links, loadFile }))
    const img = await eventually(() => root.querySelector('img[src]'))
    expect(img.getAttribute('src')).toMatch(/^blob:/)
    expect(img.getAttribute('alt')).toBe('logo')
    // not an image type: never read
    expect(asked.sort()).toEqual(['img/logo.png', 'missing.png'])
    expect(root.querySelectorAll('img[src]')).toHaveLength(1)
  })

  it('highlights fenced code once shown', async () => {
    const load = async (): Promise<Uint8Array> => new TextEncoder().encode('```ts\nconst x: number = 1\n```\n')
    const root = show(h(ReadmeCard, { name: 'README.md', oid: 'code', load, links, loadFile: noFiles }))
    const kw = await eventually(() => root.querySelector('[data-testid=readme] code .hljs-keyword'))
    expect(kw.textContent).toBe('const')
  })

  it('says in its own card when the README cannot be read', async () => {
    const load = async (): Promise<Uint8Array> => { throw new Error('the disk is on fire') }
    const root = show(h(ReadmeCard, { name: 'README.md', oid: 'x', load, links, loadFile: noFiles }))
    const error = await eventually(() => root.querySelector('[data-testid=readme-error]'))
    expect(error.textContent).toBe('Cannot show README.md: the disk is on fire')
  })

  it('escapes a README shown as text', async () => {
    const load = async (): Promise<Uint8Array> => new TextEncoder().encode('<img src=x onerror=alert(1)>')
    const root = show(h(ReadmeCard, { name: 'README', oid: 'y', load, links, loadFile: noFiles }))
    const pre = await eventually(() => root.querySelector('pre[data-testid=readme]'))
    expect(pre.textContent).toBe('<img src=x onerror=alert(1)>')
    expect(root.querySelector('img')).toBeNull()
  })
})

describe('TreeView "Add file"', () => {
  /** a repository git made: one commit on main, tagged v1 */
  async function tagged (): Promise<RepoRecord> {
    const work = await mkdtemp(join(tmpdir(), 'guts-treeview-git-'))
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: work, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.org', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.org', GIT_CONFIG_NOSYSTEM: '1', HOME: work } })
    git('init', '-q', '-b', 'main')
    fs.writeFileSync(join(work, 'a.txt'), 'a\n')
    git('add', '-A')
    git('commit', '-q', '-m', 'one')
    git('tag', 'v1')
    git('bundle', 'create', '-q', 'all.bundle', '--all')
    const record = await repos.importBundle(new Uint8Array(fs.readFileSync(join(work, 'all.bundle'))), { name: 'tagged' })
    await rm(work, { recursive: true, force: true })
    return record
  }

  it('is offered to delegates on a branch only: not on a tag, nor on a commit id', async () => {
    const record = await tagged()
    const app = { repos: createRepositories({ repos }) } as unknown as GutsApp
    const head = record.signedRefs.refs['refs/heads/main']
    const addFile = async (rev: string, delegate: boolean): Promise<boolean> => {
      const root = show(h(TreeView, { app, record, rev, path: '', delegate }))
      await eventually(() => root.querySelector('[data-testid=file-tree]'))
      return root.querySelector('[data-testid=add-file]') != null
    }
    expect(await addFile('main', true)).toBe(true)
    expect(await addFile('v1', true)).toBe(false)
    expect(await addFile(head, true)).toBe(false)
    expect(await addFile('main', false)).toBe(false)
  })
})
