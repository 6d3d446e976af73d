import { useAsync } from '../hooks.js'
import type { CommitSignatureView, GutsApp, RepoRecord } from '../../app/types.js'
import './CommitSignature.css'

/** A PeerId short enough for a phone: its start and its end, the whole in the tooltip. */
const shortPeer = (p: string): string => p.length > 20 ? `${p.slice(0, 8)}…${p.slice(-6)}` : p

/** What the view says about a signature; pure, so it is tested without a DOM. */
export function signatureLine (s: CommitSignatureView): { kind: 'verified' | 'stranger' | 'bad' | 'unsigned' | 'unsupported', text: string, title: string } {
  if (s.state === 'valid' && s.writer) return { kind: 'verified', text: `Verified · signed by ${shortPeer(s.signer!)}`, title: `Signed with the key of ${s.signer!}, a writer of this repository` }
  if (s.state === 'valid') return { kind: 'stranger', text: `Signed by ${shortPeer(s.signer!)}, not a writer here`, title: `A good signature by ${s.signer!}, who is not a delegate of this repository` }
  if (s.state === 'invalid') return { kind: 'bad', text: 'Bad signature', title: s.reason ?? 'the signature does not match the commit' }
  if (s.state === 'unsupported') return { kind: 'unsupported', text: 'Signed, not checked', title: `${s.reason ?? 'a signature'}: Guts checks SSH signatures only` }
  return { kind: 'unsigned', text: 'Unverified', title: 'This commit carries no signature' }
}

/** "Verified · signed by <peer>" or why not, for a commit's header; nothing while it is checked. */
export function CommitSignature ({ app, record, oid }: { app: GutsApp, record: RepoRecord, oid: string }) {
  const sig = useAsync(async () => app.repos.commitSignature(record, oid), [record.rid, app.repos.versionOf(record), oid])
  if (sig.value == null) return null
  const line = signatureLine(sig.value)
  return <span class={`commit-signature small ${line.kind}`} title={line.title} data-testid='commit-signature' data-state={line.kind}>{line.text}</span>
}
