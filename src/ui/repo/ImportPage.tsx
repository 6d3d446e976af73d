import { useRef, useState } from 'preact/hooks'
import { formatBytes } from './format.js'
import { repoHome } from './links.js'
import type { GutsApp, ImportProgress as Progress } from '../../app/types.js'

export function ImportPage ({ app }: { app: GutsApp }) {
  const [name, setName] = useState('')
  const [progress, setProgress] = useState<Progress | undefined>()
  const [error, setError] = useState<string | undefined>()
  const abort = useRef<AbortController | undefined>()

  const run = async (work: (opts: { name?: string, signal: AbortSignal, onProgress: (p: Progress) => void }) => Promise<{ rid: string }>): Promise<void> => {
    const ctl = new AbortController()
    abort.current = ctl
    setError(undefined)
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

  const onBundle = (e: Event): void => {
    const input = e.target as HTMLInputElement
    const file = input.files?.[0]
    input.value = ''
    if (file == null) return
    void run(async (opts) => {
      const bytes = new Uint8Array(await file.arrayBuffer())
      return app.repos.importBundle(bytes, { ...opts, name: opts.name ?? file.name.replace(/\.(bundle|pack)$/, '') })
    })
  }

  const onFolder = (e: Event): void => {
    const input = e.target as HTMLInputElement
    const list = [...(input.files ?? [])]
    input.value = ''
    if (list.length === 0) return
    const files = list.map(f => ({ relativePath: f.webkitRelativePath, read: async () => new Uint8Array(await f.arrayBuffer()) }))
    void run(async (opts) => app.repos.importGitFolder(files, opts))
  }

  const pct = progress?.total != null && progress.total > 0 ? Math.min(100, Math.round(100 * (progress.loaded ?? 0) / progress.total)) : undefined
  return (
    <section class='card'>
      <h1>Import a repository</h1>
      <label>Name <input value={name} placeholder='(the file or folder name)' maxLength={100} onInput={(e) => setName((e.target as HTMLInputElement).value)} /></label>
      <div class='import-options'>
        <div>
          <h2>From a git bundle</h2>
          <p class='muted small'>Make one with <code>git bundle create repo.bundle --all</code>.</p>
          <input type='file' accept='.bundle,.pack,application/octet-stream' data-testid='bundle-input' disabled={progress != null} onChange={onBundle} />
        </div>
        <div>
          <h2>From a folder</h2>
          <p class='muted small'>A working copy that holds a <code>.git</code> directory, or a bare repository. Only <code>.git</code> is read.</p>
          <input type='file' {...{ webkitdirectory: true }} data-testid='folder-input' disabled={progress != null} onChange={onFolder} />
        </div>
      </div>
      {progress != null && (
        <div class='progress' data-testid='import-progress'>
          <div>{progress.phase}{progress.loaded != null && progress.total != null ? ` — ${progress.phase === 'Writing pack' ? `${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}` : `${progress.loaded} of ${progress.total}`}` : '…'}</div>
          <progress max={100} value={pct} />
          <button type='button' onClick={() => abort.current?.abort()}>Cancel</button>
        </div>
      )}
      {error != null && <p class='error-text' role='alert' data-testid='import-error'>{error}</p>}
    </section>
  )
}
