// Forks and maintainers in the UI, over real repositories on Node's fs: a
// delegate's tab (A), a fork writer's tab (B) and a tab that only reads (C)
// share one store, as three peers that have synced would. Rendered by Preact
// into jsdom through the app handle, as the page draws them.
import fs from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { JSDOM } from 'jsdom'
import { h, render } from 'preact'
import type { ComponentChild } from 'preact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRepositories } from '../../app/repositories.js'
import { MemoryRepoIndex } from '../../repo/repo-index.js'
import { Repos } from '../../repo/repos.js'
import { parseRepoRoute } from './links.js'
import { MaintainersView } from './MaintainersView.js'
import { RemotesView } from './RemotesView.js'
import { RepoPage } from './RepoPage.js'
import type { GutsApp, RepoRecord } from '../../app/types.js'
import type { GitFs } from '../../repo/fs.js'

const dom = new JSDOM('<!doctype html><div id="root"></div>', { url: 'http://127.0.0.1/' })
const globals = globalThis as Record<string, unknown>
let dir: string
const tabs: Record<'a' | 'b' | 'c', { repos: Repos, app: GutsApp, peer: string }> = {} as any
let record: RepoRecord

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guts-remotes-'))
  const index = new MemoryRepoIndex()
  for (const name of ['a', 'b', 'c'] as const) {
    const key = await generateKeyPair('Ed25519')
    const repos = new Repos({ fs: fs as unknown as GitFs, index, key, root: dir, author: () => ({ name, email: `${name}@example.org` }) })
    tabs[name] = { repos, app: { repos: createRepositories({ repos }) } as unknown as GutsApp, peer: peerIdFromPrivateKey(key).toString() }
  }
  record = await tabs.a.repos.create({ name: 'forked', readme: '# forked\n' })
  await tabs.b.repos.fork(record.rid)
  await tabs.b.repos.commit(record.rid, { branch: 'main', message: 'in the fork', changes: [{ op: 'write', path: 'fork.txt', content: new TextEncoder().encode('mine\n') }] })
  globals.window = dom.window
  globals.document = dom.window.document
  globals.location = dom.window.location
})
afterAll(async () => {
  render(null, dom.window.document.getElementById('root')!)
  delete globals.window
  delete globals.document
  delete globals.location
  await rm(dir, { recursive: true, force: true })
})

async function eventually<T> (read: () => T | null | undefined | false): Promise<T> {
  for (let i = 0; i < 1000; i++) {
    const v = read()
    if (v != null && v !== false) return v
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

const latest = async (tab: 'a' | 'b' | 'c'): Promise<RepoRecord> => await tabs[tab].app.repos.record(record.rid)
const page = async (tab: 'a' | 'b' | 'c', route: string): Promise<HTMLElement> => show(h(RepoPage, { app: tabs[tab].app, route: parseRepoRoute(route)! }))

describe('the Forks view', () => {
  it('lists the delegate first, then the fork, with how far each default branch is from the canonical one, linking into each namespace', async () => {
    const root = show(h(RemotesView, { app: tabs.c.app, record: await latest('c') }))
    const rows = await eventually(() => root.querySelectorAll('[data-testid=writer]').length === 2 && Array.from(root.querySelectorAll('[data-testid=writer]')))
    expect(rows.map(r => r.getAttribute('data-peer'))).toEqual([tabs.a.peer, tabs.b.peer])
    expect(rows[0].querySelector('[data-testid=delegate-badge]')).not.toBeNull()
    expect(rows[1].querySelector('[data-testid=delegate-badge]')).toBeNull()
    await eventually(() => !rows[1].querySelector('[data-testid=ahead-behind]')!.textContent!.includes('…'))
    expect(rows[0].querySelector('[data-testid=ahead-behind]')!.textContent).toBe('even with main')
    expect(rows[1].querySelector('[data-testid=ahead-behind]')!.textContent).toBe('1 ahead, 0 behind main')
    const hrefs = Array.from(rows[1].querySelectorAll('a')).map(a => a.getAttribute('href'))
    expect(hrefs).toEqual([`#/r/${record.rid}/remotes/${tabs.b.peer}/tree/main`, `#/r/${record.rid}/remotes/${tabs.b.peer}/branches`, `#/r/${record.rid}/remotes/${tabs.b.peer}/commits/main`])
    expect(rows[1].textContent).toContain('1 branch · 0 tags')
    // a reader may fork; the delegate's own tab may not
    expect(root.querySelector('[data-testid=fork]')).not.toBeNull()
    const asDelegate = show(h(RemotesView, { app: tabs.a.app, record: await latest('a') }))
    expect(asDelegate.querySelector('[data-testid=fork]')).toBeNull()
  })
})

describe('a namespace view (remotes/<peer>/…)', () => {
  it('shows that writer\'s files, with a banner, and its links stay inside the namespace', async () => {
    const root = await page('c', `/r/${record.rid}/remotes/${tabs.b.peer}/tree/main`)
    const tree = await eventually(() => root.querySelector('[data-testid=file-tree]')?.textContent?.includes('fork.txt') === true && root.querySelector('[data-testid=file-tree]')!)
    const file = Array.from(tree.querySelectorAll('a')).find(a => a.textContent === 'fork.txt')!
    expect(file.getAttribute('href')).toBe(`#/r/${record.rid}/remotes/${tabs.b.peer}/blob/main/fork.txt`)
    expect(root.querySelector('[data-testid=namespace-banner]')!.textContent).toMatch(/^Viewing .*’s fork/)
    expect(root.querySelector('[data-testid=back-to-repo]')!.getAttribute('href')).toBe(`#/r/${record.rid}`)
    expect(root.querySelector('[data-testid=commits-tab]')!.getAttribute('href')).toBe(`#/r/${record.rid}/remotes/${tabs.b.peer}/commits/main`)
    // a reader is offered no editing, only a fork
    expect(root.querySelector('[data-testid=add-file]')).toBeNull()
    expect(root.querySelector('[data-testid=fork]')).not.toBeNull()
    // the canonical view has no fork.txt: the delegate has not taken it
    const canonical = await page('c', `/r/${record.rid}/tree/main`)
    const files = await eventually(() => canonical.querySelector('[data-testid=file-tree]'))
    expect(files.textContent).not.toContain('fork.txt')
    expect(Array.from(files.querySelectorAll('a')).every(a => !(a.getAttribute('href') ?? '').includes('/remotes/'))).toBe(true)
  })

  it('offers editing to the fork writer in their own namespace, and on the canonical view sends them there', async () => {
    const own = await page('b', `/r/${record.rid}/remotes/${tabs.b.peer}/tree/main`)
    const add = await eventually(() => own.querySelector('[data-testid=add-file]'))
    expect(add.getAttribute('href')).toBe(`#/r/${record.rid}/remotes/${tabs.b.peer}/new/main`)
    expect(own.querySelector('[data-testid=namespace-banner]')!.textContent).toMatch(/^Viewing your fork/)
    const canonical = await page('b', `/r/${record.rid}/tree/main`)
    await eventually(() => canonical.querySelector('[data-testid=file-tree]'))
    expect(canonical.querySelector('[data-testid=add-file]')).toBeNull()
    expect(canonical.querySelector('[data-testid=fork]')).toBeNull()
    expect(canonical.querySelector('[data-testid=your-fork]')).not.toBeNull()
    // the delegate edits on the canonical view
    const delegate = await page('a', `/r/${record.rid}/tree/main`)
    expect((await eventually(() => delegate.querySelector('[data-testid=add-file]'))).getAttribute('href')).toBe(`#/r/${record.rid}/new/main`)
  })

  it('says so when no such writer is held', async () => {
    const root = await page('c', `/r/${record.rid}/remotes/${tabs.c.peer}/tree/main`)
    await eventually(() => root.textContent?.includes(`No fork by ${tabs.c.peer}`))
  })
})

describe('the maintainers form', () => {
  it('checks a pasted PeerId, adds a delegate (version 1 in the history), sets the threshold, and shows the handle\'s refusal inline', async () => {
    let rec = await tabs.a.repos.create({ name: 'maintained' })
    const versionIs = async (v: number): Promise<void> => {
      for (let i = 0; i < 500 && tabs.a.app.repos.identity(await tabs.a.app.repos.record(rec.rid)).version !== v; i++) await new Promise(resolve => setTimeout(resolve, 10))
    }
    const draw = async (): Promise<HTMLElement> => {
      rec = await tabs.a.app.repos.record(rec.rid)
      return show(h(MaintainersView, { app: tabs.a.app, record: rec }))
    }
    let root = await draw()
    expect(root.querySelectorAll('[data-testid=delegate]')).toHaveLength(1)
    expect(root.querySelector('[data-testid=threshold-select]')).toBeNull()
    const submit = async (text: string): Promise<void> => {
      const input = root.querySelector('input[name=peer]') as unknown as HTMLInputElement
      input.value = text
      input.dispatchEvent(new dom.window.Event('input', { bubbles: true }))
      root.querySelector('[data-testid=add-delegate]')!.dispatchEvent(new dom.window.Event('submit', { bubbles: true, cancelable: true }))
    }
    await submit('QmNotAPeer')
    expect((await eventually(() => root.querySelector('[data-testid=maintainers-error]'))).textContent).toBe('A PeerId starts with 12D3KooW')
    await submit(tabs.b.peer.slice(0, 40))
    expect((await eventually(() => root.querySelector('[data-testid=maintainers-error]')?.textContent?.includes('52') === true && root.querySelector('[data-testid=maintainers-error]')!)).textContent).toMatch(/52 characters/)
    await submit(tabs.b.peer)
    await versionIs(1)
    root = await draw()
    expect(Array.from(root.querySelectorAll('[data-testid=delegate]')).map(d => d.getAttribute('data-peer'))).toEqual([tabs.a.peer, tabs.b.peer])
    const newest = root.querySelector('[data-testid=identity-version]')!
    expect(newest.getAttribute('data-version')).toBe('1')
    expect(newest.textContent).toContain('threshold 1')
    expect(root.querySelector('[data-testid=threshold]')!.textContent).toBe('1 of 2')
    // threshold 2: signed by A alone, as the threshold of 1 in force allows
    const select = root.querySelector('[data-testid=threshold-select]') as unknown as HTMLSelectElement
    select.value = '2'
    select.dispatchEvent(new dom.window.Event('change', { bubbles: true }))
    await versionIs(2)
    root = await draw()
    expect(root.querySelector('[data-testid=threshold]')!.textContent).toBe('2 of 2')
    // now a change needs both delegates: the handle refuses, and the form says why
    root.querySelector('[data-testid=remove-delegate]')!.dispatchEvent(new dom.window.Event('click', { bubbles: true }))
    expect((await eventually(() => root.querySelector('[data-testid=maintainers-error]'))).textContent).toMatch(/signatures/)
  })
})

describe('delegates who disagree', () => {
  it('the repository page says which commit it shows and each delegate\'s tip', async () => {
    const rec = await tabs.a.repos.create({ name: 'split' })
    await tabs.a.repos.changeIdentity(rec.rid, { delegates: [tabs.a.peer, tabs.b.peer] })
    await tabs.b.repos.fork(rec.rid)
    const write = (path: string): Array<{ op: 'write', path: string, content: Uint8Array }> => [{ op: 'write', path, content: new TextEncoder().encode(path) }]
    const aTip = await tabs.a.repos.commit(rec.rid, { branch: 'main', message: 'A', changes: write('a.txt') })
    const bTip = await tabs.b.repos.commit(rec.rid, { branch: 'main', message: 'B', changes: write('b.txt') })
    const diverged = tabs.c.app.repos.identity(await tabs.c.app.repos.record(rec.rid)).diverged
    expect(diverged.map(d => d.ref)).toEqual(['refs/heads/main'])
    const root = await page('c', `/r/${rec.rid}`)
    const notice = await eventually(() => root.querySelector('[data-testid=diverged]'))
    expect(notice.textContent).toMatch(new RegExp(`^main: delegates disagree — showing ${diverged[0].chosen!.slice(0, 7)} where they meet`))
    expect(notice.textContent).toContain(aTip.slice(0, 7))
    expect(notice.textContent).toContain(bTip.slice(0, 7))
    // a namespace view shows that writer's refs as they are: no notice there
    const ns = await page('c', `/r/${rec.rid}/remotes/${tabs.b.peer}/tree/main`)
    await eventually(() => ns.querySelector('[data-testid=namespace-banner]'))
    expect(ns.querySelector('[data-testid=diverged]')).toBeNull()
    expect(ns.querySelector('[data-testid=namespace-banner]')!.textContent).toContain('refs (a delegate)')
  })
})
