// The walking skeleton, end to end: real relay process, real Chromium, tabs
// in separate profiles reaching each other over direct WebRTC.
import { expect, expectConnected, shareAddr, test } from './fixtures.js'
import { startRelayProcess } from './relay-process.js'

interface ConnInfo { peerId: string, kind: string, limited: boolean, multiplexer?: string }

const connectionsOf = async (page: import('@playwright/test').Page): Promise<ConnInfo[]> =>
  page.evaluate(() => (window as any).guts.snapshot().connections)

test('two tabs connect through the relay and end on a direct WebRTC connection', async ({ relay, openTab }) => {
  const a = await openTab(relay.url)
  const b = await openTab(relay.url)
  const bId = await b.peerId()
  const aId = await a.peerId()
  await shareAddr(b.page)

  // a person pastes B's PeerId into A's network page
  await a.page.getByTestId('connect-input').fill(bId)
  await a.page.getByTestId('connect-button').click()
  await expect(a.page.getByTestId('connect-result')).toContainText('Connected to')

  // judged on the connection's properties, not its address: no relay
  // limits, WebRTC's own multiplexer
  const direct = (await connectionsOf(a.page)).filter(c => c.peerId === bId && c.kind === 'webrtc')
  expect(direct.length).toBeGreaterThan(0)
  expect(direct[0].limited).toBe(false)
  expect(direct[0].multiplexer).toBe('/webrtc')
  await expect.poll(async () => (await connectionsOf(b.page)).some(c => c.peerId === aId && c.kind === 'webrtc' && !c.limited && c.multiplexer === '/webrtc')).toBe(true)

  // both pages show it
  await expect(a.page.locator(`tr[data-kind="webrtc"][data-peer="${bId}"]`)).toBeVisible()
  await expect(b.page.locator(`tr[data-kind="webrtc"][data-peer="${aId}"]`)).toBeVisible()
  await expect(a.page.getByTestId('net-status')).toContainText('1 peer')
})

test('20 dials in a row between two tabs all succeed', async ({ relay, openTab }) => {
  test.setTimeout(180_000)
  const a = await openTab(relay.url)
  const b = await openTab(relay.url)
  const bAddr = await shareAddr(b.page)
  const bId = await b.peerId()
  const aId = await a.peerId()
  const times: number[] = []
  for (let i = 0; i < 20; i++) {
    const r = await a.page.evaluate(async (t) => (window as any).guts.connect(t), bAddr)
    expect(r.kind, `dial ${i + 1}`).toBe('webrtc')
    expect(r.limited).toBe(false)
    times.push(r.ms)
    // both hang up (the far side of a closed WebRTC connection only notices
    // after ICE gives up, seconds later), so every dial starts from nothing
    await a.page.evaluate(async (p) => (window as any).guts.hangUp(p), bId)
    await b.page.evaluate(async (p) => (window as any).guts.hangUp(p), aId)
    await expect.poll(async () => (await connectionsOf(b.page)).filter(c => c.peerId === aId).length).toBe(0)
    await expect.poll(async () => (await connectionsOf(a.page)).filter(c => c.peerId === bId).length).toBe(0)
  }
  times.sort((x, y) => x - y)
  console.log(`tab-to-tab WebRTC dial over 20 dials: median ${times[10].toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times[19].toFixed(0)} ms`)
})

test('the PeerId survives a reload', async ({ relay, openTab }) => {
  const a = await openTab(relay.url)
  const before = await a.peerId()
  await a.page.reload()
  await expectConnected(a.page)
  expect(await a.peerId()).toBe(before)
  await expect(a.page.getByTestId('peer-id')).toHaveText(before)
})

test('tabs reconnect by themselves within 10 s of a relay restart', async ({ openTab }) => {
  const relay = await startRelayProcess()
  try {
    const a = await openTab(relay.url)
    const t0 = await a.page.evaluate(() => (window as any).guts.firstRelayAt())
    console.log(`page load to connected: ${Math.round(t0)} ms`)
    await relay.stop()
    await expect(a.page.getByTestId('net-status')).toContainText(/Offline|Connecting/, { timeout: 10_000 })
    await relay.restart()
    const restarted = Date.now()
    await expectConnected(a.page, 10_000)
    console.log(`reconnected ${Date.now() - restarted} ms after the relay came back`)
    // and it takes a new reservation, so others can reach it again
    await shareAddr(a.page)
  } finally {
    await relay.stop()
  }
})

test('after one visit, the app shell loads with the network off', async ({ relay, openTab }) => {
  const a = await openTab(relay.url, '#/')
  await a.page.evaluate(async () => navigator.serviceWorker.ready)
  await expect.poll(async () => a.page.evaluate(() => navigator.serviceWorker.controller != null)).toBe(true)
  await a.context.setOffline(true)
  await a.page.reload()
  await expect(a.page.locator('header.top')).toBeVisible()
  await expect(a.page.getByTestId('net-status')).toContainText(/Offline|Connecting/)
  await expect(a.page.locator('main h1').first()).toHaveText('Repositories')
})
