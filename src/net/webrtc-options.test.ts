// The data-channel queue the tab uses, and our patch to @libp2p/webrtc that
// refills it at half: driven through the library's own stream over a
// stand-in RTCDataChannel whose queue we control.
import { describe, expect, it } from 'vitest'
import { DATA_CHANNEL_BACKLOG, webRTCOptions } from './webrtc-options.js'

/** Enough of an RTCDataChannel: sends pile up in bufferedAmount until drain() */
class FakeChannel extends EventTarget {
  id = 1
  readyState = 'open'
  binaryType = 'arraybuffer'
  bufferedAmount = 0
  bufferedAmountLowThreshold = 0
  onbufferedamountlow: (() => void) | null = null
  onmessage = null
  onclose = null
  onerror = null
  send (data: ArrayBuffer | Uint8Array): void { this.bufferedAmount += data.byteLength }
  close (): void { this.readyState = 'closed' }
  /** SCTP takes bytes off the queue; the event fires as the queue crosses the threshold */
  drain (to: number): void {
    const was = this.bufferedAmount
    this.bufferedAmount = to
    if (was > this.bufferedAmountLowThreshold && to <= this.bufferedAmountLowThreshold) this.onbufferedamountlow?.()
  }
}

/** A silent libp2p logger */
const log: any = Object.assign(() => {}, { trace: () => {}, error: () => {}, enabled: false, newScope: () => log })

async function webRTCStream (channel: FakeChannel, maxBufferedAmount: number): Promise<any> {
  // not in the package's exports: the module itself, by path
  const { createStream } = await import('../../node_modules/@libp2p/webrtc/dist/src/stream.js' as string)
  return createStream({ channel, direction: 'outbound', log, maxBufferedAmount })
}

describe('the tab\'s WebRTC data channels', () => {
  it('queue at most 32 KiB', () => {
    expect(DATA_CHANNEL_BACKLOG).toBe(32 * 1024)
    expect(webRTCOptions([]).dataChannel?.maxBufferedAmount).toBe(DATA_CHANNEL_BACKLOG)
    expect(webRTCOptions([{ urls: 'stun:x' }]).rtcConfiguration).toEqual({ iceServers: [{ urls: 'stun:x' }] })
  })

  it('are refilled once their queue is down to half, not only when it is empty (patches/@libp2p+webrtc)', async () => {
    const channel = new FakeChannel()
    const stream = await webRTCStream(channel, DATA_CHANNEL_BACKLOG)
    expect(channel.bufferedAmountLowThreshold).toBe(DATA_CHANNEL_BACKLOG / 2)
    // write until the stream says wait
    let writes = 0
    while (stream.send(new Uint8Array(16 * 1024)) === true) writes++
    expect(channel.bufferedAmount).toBeGreaterThanOrEqual(DATA_CHANNEL_BACKLOG)
    let drained = false
    stream.addEventListener('drain', () => { drained = true })
    channel.drain(DATA_CHANNEL_BACKLOG * 3 / 4)
    expect(drained).toBe(false)
    channel.drain(DATA_CHANNEL_BACKLOG / 2)
    expect(drained).toBe(true)
    expect(writes).toBeGreaterThan(0)
    stream.abort(new Error('done'))
  })
})
