import { describe, expect, it } from 'vitest'
import { issueThread, MAX_REPLY_DEPTH, type ThreadItem } from './issue-thread.js'
import type { IssueComment, TimelineEvent } from '../../app/types.js'

const comment = (id: string, replyTo?: string): IssueComment => ({ id, author: 'p', body: id, at: 0, edits: [], reactions: {}, ...(replyTo != null ? { replyTo } : {}) })
const said = (id: string): TimelineEvent => ({ kind: 'comment', by: 'p', at: 0, change: id, comment: id })
const shape = (items: ThreadItem[]): string[] => items.map(i => i.kind === 'comment' ? `${'>'.repeat(i.depth)}${i.comment.id}` : `[${i.event.kind}]`)

describe('issueThread', () => {
  it('puts the description first, then comments and events in evaluation order, replies under their comment', () => {
    const comments = [comment('I'), comment('a'), comment('b'), comment('r1', 'a'), comment('r2', 'r1'), comment('c')]
    const timeline: TimelineEvent[] = [
      { kind: 'opened', by: 'p', at: 0, change: 'I' },
      said('a'),
      { kind: 'label', by: 'p', at: 0, change: 'l', add: ['bug'], remove: [] },
      said('b'), said('r1'),
      { kind: 'closed', by: 'p', at: 0, change: 'x', reason: 'solved' },
      said('r2'), said('c')
    ]
    expect(shape(issueThread({ id: 'I', comments, timeline }))).toEqual(['I', 'a', '>r1', '>>r2', '[label]', 'b', '[closed]', 'c'])
  })

  it('caps the indent of deep replies', () => {
    const comments = [comment('I'), comment('a')]
    for (let i = 0; i < 6; i++) comments.push(comment(`r${i}`, i === 0 ? 'a' : `r${i - 1}`))
    const depths = issueThread({ id: 'I', comments, timeline: comments.slice(1).map(c => said(c.id)) }).map(i => i.kind === 'comment' ? i.depth : -1)
    expect(Math.max(...depths)).toBe(MAX_REPLY_DEPTH)
    expect(depths.length).toBe(comments.length)
  })

  it('shows a reply to a comment it does not hold, and a reply cycle, once each', () => {
    const comments = [comment('I'), comment('orphan', 'gone'), comment('x', 'y'), comment('y', 'x')]
    const items = issueThread({ id: 'I', comments, timeline: [said('orphan'), said('x'), said('y')] })
    expect(shape(items)).toEqual(['I', 'orphan', 'x', '>y'])
  })
})
