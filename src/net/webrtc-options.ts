// The tab's WebRTC transport settings.
import type { webRTC } from '@libp2p/webrtc'

/**
 * How much a data channel may have queued (not yet handed to SCTP) before a
 * stream waits for it to drain; our patch to @libp2p/webrtc (patches/) lets
 * the stream refill it at half. With @libp2p/webrtc's 2 MiB, refilled when
 * empty, about one 19 MB transfer in four between two Chromium tabs here ran
 * at ~5 MB/s instead of ~20 MB/s; refilled at half, nearly all did. Plain
 * RTCDataChannels do the same (npm run bench:webrtc), so it is Chromium's
 * SCTP, not libp2p. With 32 KiB none of 48 did, and the fast ones were as
 * fast. bufferedAmount counts what is queued and not yet sent, so this
 * bounds the queue, not what SCTP keeps in flight on a long path.
 */
export const DATA_CHANNEL_BACKLOG = 32 * 1024

export function webRTCOptions (iceServers: RTCIceServer[]): NonNullable<Parameters<typeof webRTC>[0]> {
  return {
    rtcConfiguration: { iceServers },
    dataChannel: { maxBufferedAmount: DATA_CHANNEL_BACKLOG }
  }
}
