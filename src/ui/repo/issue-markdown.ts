// An issue's description or comment, rendered exactly as a README is
// (render/readme.ts: the same Markdown bounds, sanitizer, alerts and link
// rewriting), so whatever a peer writes stays as inert there as here.
// Relative links point at the repository's default branch, as on a forge.
import { renderReadme, type ReadmeView } from '../../render/readme.js'
import type { RepoLinks } from '../../render/readme-links.js'

export function renderIssueMarkdown (body: string, opts: { links?: RepoLinks, key?: string, window?: Window } = {}): ReadmeView {
  return renderReadme('issue.md', new TextEncoder().encode(body), opts)
}
