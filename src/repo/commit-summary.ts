// A raw commit object to the summary the views show, read without
// isomorphic-git (whose readCommit probes the fs for each object: a compare
// of 250 commits read that way took half a second in the tab).
import type { CommitSummary } from './read.js'

const decoder = new TextDecoder()

type Person = CommitSummary['author']

function person (s: string): Person {
  const m = /^(.*?) ?<([^>]*)> (-?\d+) ([+-])(\d\d)(\d\d)$/.exec(s)
  if (m == null) return { name: s, email: '', timestamp: 0, timezoneOffset: 0 }
  // isomorphic-git's sign: minutes to add to local time to get UTC (+0100 is -60)
  const minutes = Number(m[5]) * 60 + Number(m[6])
  return { name: m[1], email: m[2], timestamp: Number(m[3]), timezoneOffset: m[4] === '+' ? -minutes : minutes }
}

export function parseCommitSummary (raw: Uint8Array, oid: string): CommitSummary {
  const text = decoder.decode(raw)
  const split = text.indexOf('\n\n')
  const header = split < 0 ? text : text.slice(0, split)
  const c: CommitSummary = { oid, message: split < 0 ? '' : text.slice(split + 2), parents: [], tree: '', author: person(''), committer: person('') }
  for (const line of header.split('\n')) {
    if (line.startsWith('tree ')) c.tree = line.slice(5)
    else if (line.startsWith('parent ')) c.parents.push(line.slice(7))
    else if (line.startsWith('author ')) c.author = person(line.slice(7))
    else if (line.startsWith('committer ')) c.committer = person(line.slice(10))
  }
  return c
}
