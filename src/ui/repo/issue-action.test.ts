// The Issues tab and the issue page both re-read on every change: the record
// and the list must be read once per version, and a failed read tried again.
import { describe, expect, it } from 'vitest'
import { latestIssues, latestRecord } from './issue-action.js'
import type { GutsApp, IssueList, RepoRecord } from '../../app/types.js'

function fakeApp (fail = 0): { app: GutsApp, calls: { record: number, list: number }, records: RepoRecord[] } {
  const calls = { record: 0, list: 0 }
  const records: RepoRecord[] = []
  const app = {
    repos: {
      record: async (rid: string) => { calls.record++; const r = { rid, n: calls.record } as unknown as RepoRecord; records.push(r); return r },
      issues: {
        list: async (record: RepoRecord): Promise<IssueList> => {
          calls.list++
          if (calls.list <= fail) throw new Error('not yet')
          return { issues: [], labels: [String((record as unknown as { n: number }).n)], pending: 0 }
        }
      }
    }
  } as unknown as GutsApp
  return { app, calls, records }
}
const rec = (rid: string): RepoRecord => ({ rid } as unknown as RepoRecord)

describe('latestIssues', () => {
  it('reads the record and the list once per version, however many ask', async () => {
    const { app, calls } = fakeApp()
    const [a, b] = await Promise.all([latestIssues(app, rec('r1'), 1), latestIssues(app, rec('r1'), 1)])
    expect(a).toBe(b)
    expect(calls).toEqual({ record: 1, list: 1 })
    // the list is of the record read now, not of the copy the caller holds
    expect(a.labels).toEqual(['1'])
    await latestRecord(app, rec('r1'), 1)
    expect(calls.record).toBe(1)
    const c = await latestIssues(app, rec('r1'), 2)
    expect(calls).toEqual({ record: 2, list: 2 })
    expect(c.labels).toEqual(['2'])
    await latestIssues(app, rec('r2'), 2)
    expect(calls).toEqual({ record: 3, list: 3 })
  })

  it('tries a failed read again', async () => {
    const { app, calls } = fakeApp(1)
    await expect(latestIssues(app, rec('f1'), 1)).rejects.toThrow('not yet')
    await new Promise(resolve => setTimeout(resolve, 0))
    expect((await latestIssues(app, rec('f1'), 1)).issues).toEqual([])
    expect(calls.list).toBe(2)
  })
})
