// Benchmark: how the sender's data-channel queue size affects a plain
// RTCDataChannel transfer (no libp2p) between two Chromium tabs (separate
// browser contexts) on loopback: ~19.2 MB one way in 16 KiB messages.
//
// Why it exists: with @libp2p/webrtc's default 2 MiB queue (which refills
// only when the queue is empty), about one tab→tab transfer in four here ran
// at ~5 MB/s instead of ~20 MB/s. Slow runs put ~20.1 MB on the wire with few
// packets discarded on send; fast ones sent 25–29 MB with thousands discarded
// on send. Plain data channels do the same, so it is Chromium's SCTP, not
// libp2p. Refilling at half, as our libp2p patch does, a 2 MiB queue ran slow
// in nearly every run (Chromium 156); a 32 KiB queue in none of 48, so Guts
// uses 32 KiB (DATA_CHANNEL_BACKLOG in src/net/webrtc-options.ts). On a newer
// Chromium, run this to see whether that is still needed.
//
// The sender sends while bufferedAmount is under QUEUE (as @libp2p/webrtc
// does) and refills on 'bufferedamountlow', at QUEUE/2 by default. Each run
// uses a fresh RTCPeerConnection pair; time is the receiver's, first message
// to last.
//
//   npm run bench:webrtc
//   BENCH_WEBRTC_RUNS=12 (per queue size), BENCH_WEBRTC_QUEUES=2097152,32768 (bytes),
//   BENCH_WEBRTC_LOW=0.5 (the refill threshold as a fraction of QUEUE; 0 is upstream libp2p's)
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium } from '@playwright/test'
import { chromiumLaunchOptions } from '../e2e/browser.js'
import type { Browser, Page } from '@playwright/test'

const SIZE = 19_200_000
const MSG = 16 * 1024
const SLOW_MBS = 8
const TIMEOUT_MS = 30_000
const RUNS = Number(process.env.BENCH_WEBRTC_RUNS ?? 12)
const QUEUES = (process.env.BENCH_WEBRTC_QUEUES ?? `${2 * 1024 * 1024},${32 * 1024}`).split(',').map(Number)
const LOW = Number(process.env.BENCH_WEBRTC_LOW ?? 0.5)
if (!(RUNS > 0) || QUEUES.some(q => !(q > 0)) || !(LOW >= 0 && LOW < 1)) throw new Error('BENCH_WEBRTC_RUNS and BENCH_WEBRTC_QUEUES must be positive numbers, BENCH_WEBRTC_LOW a fraction')

interface Run { ms: number, bytesSent: number, packetsSent: number, discardedOnSend: number, pairs: number }

// a blank page from a real origin, as tabs have (about:blank also worked in Chromium 156)
const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>bench</title>'))
await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
let browser: Browser | undefined
try {
  browser = await chromium.launch({ ...chromiumLaunchOptions(), timeout: 60_000 })
  const a = await (await browser.newContext()).newPage()
  const b = await (await browser.newContext()).newPage()
  await a.goto(url)
  await b.goto(url)
  console.log(`Chromium ${browser.version()}: ${(SIZE / 1e6).toFixed(1)} MB A→B in ${MSG / 1024} KiB messages, ${RUNS} runs per queue size`)
  const results = new Map<number, Run[]>()
  for (const queue of QUEUES) {
    console.log(`\nqueue ${kib(queue)} (refill at ${kib(Math.floor(queue * LOW))})`)
    const runs: Run[] = []
    results.set(queue, runs)
    for (let i = 0; i < RUNS; i++) {
      let run: Run
      try {
        run = await transfer(a, b, queue, Math.floor(queue * LOW))
      } catch (err: any) {
        throw new Error(`queue ${kib(queue)}, run ${i + 1}: ${err.message.split('\n')[0]}`)
      } finally {
        // (no named functions inside page code: tsx would wrap them in a helper the page lacks)
        for (const p of [a, b]) await p.evaluate(() => { (window as any).pc?.close() }).catch(() => {})
      }
      runs.push(run)
      console.log(`  run ${String(i + 1).padStart(2)}: ${(run.ms / 1000).toFixed(2)} s  ${mbs(run).toFixed(1).padStart(5)} MB/s` +
        `  sent ${(run.bytesSent / 1e6).toFixed(1)} MB in ${run.packetsSent} packets, ${run.discardedOnSend} discarded on send` +
        (run.pairs > 1 ? ` (over ${run.pairs} candidate pairs)` : ''))
    }
  }
  console.log(`\nMB/s per queue size (slow: under ${SLOW_MBS} MB/s)`)
  for (const [queue, runs] of results) {
    const s = runs.map(mbs).sort((x, y) => x - y)
    const median = s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
    console.log(`  ${kib(queue).padStart(9)}: median ${median.toFixed(1)}  min ${s[0].toFixed(1)}  max ${s[s.length - 1].toFixed(1)}  slow ${s.filter(x => x < SLOW_MBS).length} of ${s.length}`)
  }
} catch (err: any) {
  console.error(`bench:webrtc failed: ${err.message}`)
  process.exitCode = 1
} finally {
  await withTimeout(browser?.close() ?? Promise.resolve(), 20_000).catch(() => {})
  server.close()
}

/** One transfer A→B on a fresh RTCPeerConnection pair; the caller closes both. */
async function transfer (a: Page, b: Page, queue: number, low: number): Promise<Run> {
  // each side: a peer connection that collects its ICE candidates; B resolves
  // window.got with the receive time once all SIZE bytes are in
  for (const p of [a, b]) {
    await p.evaluate(() => {
      const w = window as any
      w.pc = new RTCPeerConnection({ iceServers: [] })
      w.cands = []
      w.gathered = new Promise<void>(resolve => {
        w.pc.onicecandidate = (e: RTCPeerConnectionIceEvent) => { if (e.candidate != null) w.cands.push(e.candidate.toJSON()); else resolve() }
      })
    })
  }
  await a.evaluate(() => { (window as any).dc = (window as any).pc.createDataChannel('bench') })
  await b.evaluate((size) => {
    const w = window as any
    w.got = new Promise<number>(resolve => {
      w.pc.ondatachannel = (e: RTCDataChannelEvent) => {
        const dc = e.channel
        dc.binaryType = 'arraybuffer'
        let n = 0
        let t0 = 0
        dc.onmessage = (m: MessageEvent<ArrayBuffer>) => {
          if (n === 0) t0 = performance.now()
          n += m.data.byteLength
          if (n >= size) resolve(performance.now() - t0)
        }
      }
    })
  }, SIZE)
  // offer/answer and candidates go through Node
  await withTimeout((async () => {
    const offer = await a.evaluate(async () => {
      const pc = (window as any).pc as RTCPeerConnection
      await pc.setLocalDescription(await pc.createOffer())
      return pc.localDescription!.toJSON()
    })
    const answer = await b.evaluate(async (o) => {
      const pc = (window as any).pc as RTCPeerConnection
      await pc.setRemoteDescription(o)
      await pc.setLocalDescription(await pc.createAnswer())
      return pc.localDescription!.toJSON()
    }, offer)
    await a.evaluate(async (o) => { await ((window as any).pc as RTCPeerConnection).setRemoteDescription(o) }, answer)
    const [ac, bc] = await Promise.all([a, b].map(async p => p.evaluate(async () => { await (window as any).gathered; return (window as any).cands as RTCIceCandidateInit[] })))
    await a.evaluate(async (c) => { for (const x of c) await ((window as any).pc as RTCPeerConnection).addIceCandidate(x) }, bc)
    await b.evaluate(async (c) => { for (const x of c) await ((window as any).pc as RTCPeerConnection).addIceCandidate(x) }, ac)
    await a.evaluate(async () => {
      const dc = (window as any).dc as RTCDataChannel
      if (dc.readyState !== 'open') await new Promise(resolve => { dc.onopen = resolve })
    })
  })(), TIMEOUT_MS, 'the data channel did not open')

  const sending = a.evaluate(async ([size, msg, queue, low]) => {
    const dc = (window as any).dc as RTCDataChannel
    const buf = new Uint8Array(msg)
    dc.bufferedAmountLowThreshold = low
    let sent = 0
    while (sent < size) {
      while (dc.bufferedAmount < queue && sent < size) { dc.send(buf); sent += msg }
      if (sent < size) {
        await new Promise((resolve, reject) => {
          dc.onbufferedamountlow = resolve
          dc.onclose = () => reject(new Error('the data channel closed while sending'))
        })
      }
    }
  }, [SIZE, MSG, queue, low])
  sending.catch(() => {}) // awaited below; a timeout must not leave it unhandled
  const ms = await withTimeout(b.evaluate(async () => (window as any).got as Promise<number>), TIMEOUT_MS, `the transfer did not finish in ${TIMEOUT_MS / 1000} s`)
  await withTimeout(sending, TIMEOUT_MS, 'the sender did not finish')

  // the sender's nominated candidate pairs: what went on the wire, and what
  // Chromium dropped before it. Candidates trickle in, as with libp2p, so ICE
  // may nominate a second pair and switch to it mid-transfer: sum them.
  return await a.evaluate(async (ms) => {
    const pairs = [...(await ((window as any).pc as RTCPeerConnection).getStats()).values()]
      .filter(s => s.type === 'candidate-pair' && s.nominated === true && s.bytesSent > 0)
    const run = { ms, bytesSent: 0, packetsSent: 0, discardedOnSend: 0, pairs: pairs.length }
    for (const p of pairs) {
      run.bytesSent += p.bytesSent
      run.packetsSent += p.packetsSent ?? 0
      run.discardedOnSend += p.packetsDiscardedOnSend ?? 0
    }
    return run
  }, ms)
}

function mbs (run: Run): number { return SIZE / run.ms / 1000 }
function kib (bytes: number): string { return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MiB` : `${+(bytes / 1024).toFixed(1)} KiB` }

async function withTimeout<T> (p: Promise<T>, ms: number, message = `timed out after ${ms} ms`): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([p, new Promise<T>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(message)), ms) })])
  } finally {
    clearTimeout(timer)
  }
}
