// GET /git/<rid>/allowed_signers: the repository's writers as an OpenSSH
// allowed-signers file, so commits signed in tabs check with stock git:
//   curl -o signers http://HOST:PORT/git/<rid>/allowed_signers
//   git -c gpg.ssh.allowedSignersFile=signers verify-commit <commit>
// A writer is anyone whose commits the relay holds as the repository's own:
// src/repo/repo-writers.ts. The file is a function of a list of PeerIds, so
// later kinds of writer only add to it.
import { isRid } from '../src/core/genesis.js'
import { allowedSigners } from '../src/core/ssh-signature.js'
import { MAX_WRITERS } from '../src/repo/repo-writers.js'
import type { IncomingMessage, ServerResponse } from 'node:http'

const ROUTE = /^\/git\/([^/]+?)(?:\.git)?\/allowed_signers$/
const HEADERS = { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' }

/** Answers /git/<rid>/allowed_signers; false for every other path. `writers` is undefined for a repository this relay does not seed. */
export function handleAllowedSigners (writers: (rid: string) => Promise<string[] | undefined>, req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  const m = ROUTE.exec(url.pathname)
  if (m == null) return false
  const send = (status: number, body: string, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { ...HEADERS, ...extra })
    res.end(req.method === 'HEAD' ? undefined : body)
  }
  const rid = m[1]
  // (the path is never echoed: answers carry no client-chosen text)
  if (req.method !== 'GET' && req.method !== 'HEAD') { send(405, 'method not allowed\n', { Allow: 'GET, HEAD' }); return true }
  if (!isRid(rid)) { send(404, 'not a Guts repository id\n'); return true }
  writers(rid).then(
    (list) => {
      if (list == null) send(404, 'this relay does not seed that repository\n')
      else send(200, allowedSigners(list.slice(0, MAX_WRITERS)))
    },
    () => { if (!res.headersSent) send(500, 'internal error\n'); else res.destroy() }
  )
  return true
}
