// Two revisions compared (an interdiff): whether the base moved, how their
// commits pair up (as `git range-diff`: = same, ! changed, + added,
// − dropped), and what changed from one head to the other in the files
// either touches.
import { useMemo } from 'preact/hooks'
import { latestRecord, useLoad, useReposVersion } from './issue-action.js'
import { DiffFiles } from './DiffFiles.js'
import { useFileDiffs } from './useFileDiffs.js'
import { PAIR_WORDS, pairMark } from './patch-words.js'
import { shortOid, subject } from './format.js'
import { commitLink, patchLink } from './links.js'
import type { PatchPageProps } from './PatchView.js'

export function PatchCompare ({ app, record, patch, index, page }: PatchPageProps) {
  const version = useReposVersion(app)
  const n = patch.revisions.length
  const to = index + 1
  const from = Math.min(Math.max(1, page.from ?? to - 1), n)
  const a = patch.revisions[from - 1]
  const b = patch.revisions[to - 1]
  const got = useLoad(async signal => {
    if (from === to) return undefined
    return await app.repos.patches.compare(await latestRecord(app, record, version), patch.id, a.id, b.id, { signal })
  }, [record.rid, patch.id, a.id, b.id, version])
  const c = got.value != null && got.value.from === a.id && got.value.to === b.id ? got.value : undefined
  const deltas = useMemo(() => c?.deltas ?? [], [c])
  const diffs = useFileDiffs(deltas.length, c === undefined ? undefined : async (i, signal) => await app.repos.fileDiff(record, deltas[i], { signal }), [c])
  const go = (f: number, t: number): void => { location.hash = patchLink(record.rid, patch.id, { tab: 'compare', rev: t, from: f }) }
  const select = (value: number, testid: string, label: string, onPick: (v: number) => void) => (
    <select value={String(value)} aria-label={label} data-testid={testid} onChange={e => onPick(Number((e.target as HTMLSelectElement).value))}>
      {patch.revisions.map((r, i) => <option key={r.id} value={String(i + 1)}>Revision {i + 1}</option>)}
    </select>
  )
  return (
    <>
      <section class='card patch-compare' data-testid='patch-compare'>
        <div class='row patch-compare-pickers'>
          <label class='small'>from {select(from, 'compare-from', 'Compare from revision', f => go(f, to))}</label>
          <span aria-hidden='true'>→</span>
          <label class='small'>to {select(to, 'compare-to', 'Compare to revision', t => go(from, t))}</label>
        </div>
        {n === 1 && <p class='muted'>This patch has one revision: there is nothing to compare yet. When its author updates it, what changed shows here.</p>}
        {n > 1 && from === to && <p class='muted'>Pick two different revisions.</p>}
        {got.error != null && <p class='error-text' role='alert'>Cannot compare: {got.error.message}</p>}
        {from !== to && c == null && got.error == null && <p class='muted'>Comparing…</p>}
        {c != null && (
          <>
            {c.baseMoved && <p class='patch-base-moved' data-testid='base-moved'>The base moved: revision {to} is on <a href={commitLink(record.rid, b.base)}><code>{shortOid(b.base)}</code></a>, revision {from} on <a href={commitLink(record.rid, a.base)}><code>{shortOid(a.base)}</code></a>. Some differences below may come from the base, not from the author.</p>}
            <ul class='patch-pairs' data-testid='compare-commits'>
              {c.commits.map((p, i) => {
                const mark = pairMark(p)
                const shown = p.to ?? p.from!
                return (
                  <li key={i} class={`patch-pair pair-${PAIR_WORDS[mark]}`} data-testid='compare-commit-pair' data-mark={PAIR_WORDS[mark]}>
                    <code class='patch-pair-oid'>{p.from != null ? <a href={commitLink(record.rid, p.from.oid)}>{shortOid(p.from.oid)}</a> : '--------'}</code>
                    <span class='patch-pair-mark' title={PAIR_WORDS[mark]}>{mark}</span>
                    <code class='patch-pair-oid'>{p.to != null ? <a href={commitLink(record.rid, p.to.oid)}>{shortOid(p.to.oid)}</a> : '--------'}</code>
                    <span class='patch-pair-subject'>{subject(shown.message)}</span>
                  </li>
                )
              })}
            </ul>
            {c.commits.length > 0 && <p class='muted small patch-pair-legend'>= the same commit · ! changed · + new in revision {to} · − dropped since revision {from} (as <code>git range-diff</code> pairs them)</p>}
            {c.deltas.length === 0 && <p class='muted' data-testid='compare-same'>The two heads have the same content in the files the revisions change.</p>}
          </>
        )}
      </section>
      {c != null && c.deltas.length > 0 && <DiffFiles rid={record.rid} oid={b.oid} deltas={deltas} bodies={diffs.bodies} errors={diffs.errors} want={diffs.want} app={app} record={record} />}
    </>
  )
}
