import { useRef, useState } from 'preact/hooks'
import { formatBytes, formatCount } from './format.js'
import { repoHome } from './links.js'
import './ImportPage.css'
import type { GutsApp, ImportProgress as Progress, RepoRecord } from '../../app/types.js'

type Work = (opts: { name?: string, signal: AbortSignal, onProgress: (p: Progress) => void }) => Promise<{ rid: string }>

/**
 * What the progress bar says. A counted phase at its total is done, but the
 * import is not: the pack and its index are written, the refs checked,
 * signed and written, with no count to show (seconds on a big repository in
 * a browser's storage). Shown as that, with a bar that moves without a
 * percentage, rather than a bar stuck at 100%.
 */
export function progressLabel (p: Progress): { text: string, pct?: number } {
  if (p.loaded == null || p.total == null || p.total <= 0) return { text: `${p.phase}…` }
  if (p.loaded >= p.total) return { text: `${p.phase}: all ${formatCount(p.total)} done. Checking and saving…` }
  const counts = p.phase === 'Writing pack' ? `${formatBytes(p.loaded)} of ${formatBytes(p.total)}` : `${formatCount(p.loaded)} of ${formatCount(p.total)}`
  return { text: `${p.phase} — ${counts}`, pct: Math.round(100 * p.loaded / p.total) }
}

export function ImportPage ({ app }: { app: GutsApp }) {
  const [name, setName] = useState('')
  const [progress, setProgress] = useState<Progress | undefined>()
  const [error, setError] = useState<string | undefined>()
  // the source holds what a repository held here holds: asked before importing it again
  const [duplicate, setDuplicate] = useState<{ same: RepoRecord[], proceed: () => void } | undefined>()
  const abort = useRef<AbortController | undefined>()

  const run = async (work: Work): Promise<void> => {
    const ctl = new AbortController()
    abort.current = ctl
    setError(undefined)
    setDuplicate(undefined)
    setProgress({ phase: 'Reading' })
    try {
      const record = await work({ name: name.trim() || undefined, signal: ctl.signal, onProgress: setProgress })
      location.hash = repoHome(record.rid)
    } catch (err: any) {
      setError(ctl.signal.aborted ? 'Import cancelled; nothing was kept.' : err.message)
    } finally {
      abort.current = undefined
      setProgress(undefined)
    }
  }

  /** imports, unless the source is a repository held here: then asks first */
  const checkThenRun = async (same: () => Promise<RepoRecord[]>, work: Work): Promise<void> => {
    setError(undefined)
    let found: RepoRecord[] = []
    try {
      found = await same()
    } catch { /* the import itself will say what is wrong with the source */ }
    if (found.length > 0) setDuplicate({ same: found, proceed: () => { void run(work) } })
    else await run(work)
  }

  const onBundle = (e: Event): void => {
    const input = e.target as HTMLInputElement
    const file = input.files?.[0]
    input.value = ''
    if (file == null) return
    void (async () => {
      const bytes = new Uint8Array(await file.arrayBuffer())
      await checkThenRun(async () => app.repos.sameAs({ bundle: bytes }),
        async (opts) => app.repos.importBundle(bytes, { ...opts, name: opts.name ?? file.name.replace(/\.(bundle|pack)$/, '') }))
    })()
  }

  const onFolder = (e: Event): void => {
    const input = e.target as HTMLInputElement
    const list = [...(input.files ?? [])]
    input.value = ''
    if (list.length === 0) return
    const files = list.map(f => ({ relativePath: f.webkitRelativePath, read: async () => new Uint8Array(await f.arrayBuffer()) }))
    void checkThenRun(async () => app.repos.sameAs({ folder: files }), async (opts) => app.repos.importGitFolder(files, opts))
  }

  const label = progress != null ? progressLabel(progress) : undefined
  const busy = progress != null || duplicate != null
  return (
    <section class='card'>
      <h1>Import a repository</h1>
      <label>Name <input value={name} placeholder='(the file or folder name)' maxLength={100} onInput={(e) => setName((e.target as HTMLInputElement).value)} /></label>
      <div class='import-options'>
        <div>
          <h2>From a git bundle</h2>
          <p class='muted small'>Make one with <code>git bundle create repo.bundle --all</code>.</p>
          <input type='file' accept='.bundle,.pack,application/octet-stream' data-testid='bundle-input' disabled={busy} onChange={onBundle} />
        </div>
        <div>
          <h2>From a folder</h2>
          <p class='muted small'>A working copy that holds a <code>.git</code> directory, or a bare repository. Only <code>.git</code> is read.</p>
          <input type='file' {...{ webkitdirectory: true }} data-testid='folder-input' disabled={busy} onChange={onFolder} />
        </div>
      </div>
      {duplicate != null && (
        <div class='card import-duplicate' role='alert' data-testid='import-duplicate'>
          <p>
            This is the same repository as {duplicate.same.map((r, i) => <span key={r.rid}>{i > 0 && ', '}<b><bdi>{r.name}</bdi></b></span>)}, which this browser already holds: the same branches and tags, at the same commits.
          </p>
          <div class='row'>
            <a class='button' href={repoHome(duplicate.same[0].rid)} data-testid='open-existing'>Open <bdi>{duplicate.same[0].name}</bdi></a>
            <button type='button' data-testid='import-anyway' onClick={duplicate.proceed}>Import it as a new repository</button>
            <button type='button' class='link' onClick={() => setDuplicate(undefined)}>Cancel</button>
          </div>
        </div>
      )}
      {progress != null && label != null && (
        <div class='progress' data-testid='import-progress'>
          <div data-testid='import-phase'>{label.text}</div>
          {/* remade when it turns indeterminate: Preact never removes a value it set */}
          <progress key={label.pct == null ? 'busy' : 'counted'} max={100} value={label.pct} />
          <button type='button' onClick={() => abort.current?.abort()}>Cancel</button>
        </div>
      )}
      {error != null && <p class='error-text' role='alert' data-testid='import-error'>{error}</p>}
    </section>
  )
}
