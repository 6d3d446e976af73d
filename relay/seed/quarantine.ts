// Where a relay puts what it can no longer vouch for: a damaged pack, an
// index record it cannot read, a repository whose refs point at objects it
// lacks. Nothing is deleted: it is moved to
// <data>/quarantine/<rid>/<time>/ with a note saying why, out of the way of
// everything that serves repositories, for a person to look at (or delete).
import { cp, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { isRid } from '../../src/core/genesis.js'

export const NOTE_FILE = 'note.txt'

export interface Quarantined {
  /** the folder the files went to */
  dir: string
  /** the paths that were moved (those that existed) */
  moved: string[]
}

/**
 * Moves `paths` (files or directories; missing ones are skipped) into a new
 * folder <dataDir>/quarantine/<rid>/<time>/ and writes note.txt there.
 */
export async function quarantine (dataDir: string, rid: string, paths: string[], why: string, opts: { now?: number } = {}): Promise<Quarantined> {
  const now = opts.now ?? Date.now()
  const dir = await newFolder(join(dataDir, 'quarantine', isRid(rid) ? rid : 'unnamed'), new Date(now).toISOString().replace(/:/g, '-'))
  const moved: string[] = []
  for (const p of paths) {
    if (await stat(p).catch(() => undefined) == null) continue
    await move(p, join(dir, basename(p)))
    moved.push(p)
  }
  const note = [
    'Guts relay: quarantined, not deleted.',
    `repository: ${rid}`,
    `when: ${new Date(now).toISOString()}`,
    `why: ${why}`,
    ...moved.map(p => `moved here: ${p}`),
    '',
    'The relay no longer serves this repository from these files and fetches it again from peers.',
    'Nothing here is read by the relay: look at it, then delete this folder when it is no longer needed.',
    ''
  ].join('\n')
  await writeFile(join(dir, NOTE_FILE), note)
  return { dir, moved }
}

/** A folder of its own: a second quarantine in the same millisecond gets a suffix. */
async function newFolder (parent: string, name: string): Promise<string> {
  await mkdir(parent, { recursive: true })
  for (let i = 0; ; i++) {
    const dir = join(parent, i === 0 ? name : `${name}-${i}`)
    try {
      await mkdir(dir)
      return dir
    } catch (err: any) {
      if (err.code !== 'EEXIST' || i > 100) throw err
    }
  }
}

/** A rename; a copy then a removal when the quarantine is on another filesystem. */
async function move (from: string, to: string): Promise<void> {
  try {
    await rename(from, to)
  } catch (err: any) {
    if (err.code !== 'EXDEV') throw err
    await cp(from, to, { recursive: true, errorOnExist: true, force: false })
    await rm(from, { recursive: true, force: true })
  }
}
