// A CPU profile of one stretch of a bench (node:inspector, this process),
// summed by function: where the time of that stretch went, and the profile
// written for Chrome's DevTools when a path is given.
import { Session } from 'node:inspector/promises'
import { writeFileSync } from 'node:fs'

interface ProfileNode { id: number, callFrame: { functionName: string, url: string, lineNumber: number }, hitCount?: number, children?: number[] }
interface Profile { nodes: ProfileNode[], samples?: number[], timeDeltas?: number[], startTime: number, endTime: number }

export interface HotFunction { name: string, selfMs: number, share: number }

export async function profiled<T> (fn: () => Promise<T>, opts: { write?: string, top?: number } = {}): Promise<{ value: T, hot: HotFunction[], totalMs: number }> {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 500 })
  await session.post('Profiler.start')
  let value: T
  let profile: Profile
  try { value = await fn() } finally {
    profile = (await session.post('Profiler.stop') as { profile: Profile }).profile
    session.disconnect()
  }
  if (opts.write != null) writeFileSync(opts.write, JSON.stringify(profile))
  // self time per sample: the time delta that follows it
  const self = new Map<number, number>()
  const deltas = profile.timeDeltas ?? []
  const samples = profile.samples ?? []
  for (let i = 0; i < samples.length; i++) self.set(samples[i], (self.get(samples[i]) ?? 0) + (deltas[i + 1] ?? 0) / 1000)
  const byName = new Map<string, number>()
  for (const n of profile.nodes) {
    const t = self.get(n.id) ?? 0
    if (t === 0) continue
    const file = n.callFrame.url.replace(/^.*\/(node_modules\/)?/, '')
    const name = `${n.callFrame.functionName || '(anonymous)'} ${file}${file !== '' ? ':' + (n.callFrame.lineNumber + 1) : ''}`
    byName.set(name, (byName.get(name) ?? 0) + t)
  }
  const totalMs = (profile.endTime - profile.startTime) / 1000
  const hot = [...byName].sort((a, b) => b[1] - a[1]).slice(0, opts.top ?? 15).map(([name, selfMs]) => ({ name, selfMs, share: selfMs / totalMs }))
  return { value: value!, hot, totalMs }
}
