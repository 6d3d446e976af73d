// The relay's data directory carries a schema version (<data>/SCHEMA): a
// directory from before versions is version 1, a newer one stops the relay
// with one line before anything in it is read. And the file index never
// reaches outside <data>/index/ whatever rid it is handed.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DATA_SCHEMA_VERSION, FileRepoIndex, checkDataSchema } from '../../relay/seed/file-repo-index.js'
import { makeRecord } from './repo-index-checks.js'

let dataDir: string
beforeEach(async () => { dataDir = await mkdtemp(join(tmpdir(), 'guts-schema-')) })
afterEach(async () => { await rm(dataDir, { recursive: true, force: true }) })

const open = async (): Promise<FileRepoIndex> => {
  const index = new FileRepoIndex(join(dataDir, 'index'))
  await index.init()
  return index
}

/** Every file under the data directory with its bytes, to see that nothing changed. */
function snapshot (dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out[join(e.parentPath, e.name).slice(dir.length)] = readFileSync(join(e.parentPath, e.name), 'base64')
  }
  return out
}

const runRelay = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'relay/main.ts', ...args], { encoding: 'utf8', timeout: 30_000 })

describe('the relay data directory schema version', () => {
  it('is written as 1 in a new data directory', async () => {
    expect(DATA_SCHEMA_VERSION).toBe(1)
    await open()
    expect(readFileSync(join(dataDir, 'SCHEMA'), 'utf8')).toBe('1\n')
    expect(await checkDataSchema(dataDir)).toBe(1)
  })

  it('takes a data directory from before versions as version 1: its records and pending.json are read unchanged', async () => {
    const index = await open()
    const r = await makeRecord({ name: 'from before versions' })
    await index.put(r)
    writeFileSync(join(dataDir, 'pending.json'), '[]')
    await rm(join(dataDir, 'SCHEMA'))
    const before = snapshot(dataDir)
    const again = await open()
    expect((await again.get(r.rid))?.name).toBe('from before versions')
    expect(readFileSync(join(dataDir, 'SCHEMA'), 'utf8')).toBe('1\n')
    const after = snapshot(dataDir)
    delete after['/SCHEMA']
    expect(after).toEqual(before)
  })

  it('refuses a newer version, naming the file and the version, and touches nothing', async () => {
    const index = await open()
    const r = await makeRecord()
    await index.put(r)
    writeFileSync(join(dataDir, 'SCHEMA'), '2\n')
    // a record in a layout we do not know, and a leftover we would otherwise clean up
    writeFileSync(join(dataDir, 'index', `${r.rid}.json`), JSON.stringify({ v: 2, what: 'a layout from the future' }))
    writeFileSync(join(dataDir, 'index', 'x.json.1.abc.tmp'), '')
    writeFileSync(join(dataDir, 'pending.json'), JSON.stringify({ v: 2, entries: [] }))
    const before = snapshot(dataDir)
    const err = await open().catch((e: Error) => e)
    expect(err).toMatchObject({ name: 'DataSchemaError' })
    expect((err as Error).message).toBe(`${join(dataDir, 'SCHEMA')} says schema version 2, newer than this relay reads (1): a newer Guts relay wrote this data directory; run that one, or choose another directory with --data`)
    expect((err as Error).stack).toBe((err as Error).message)
    // nothing set aside, quarantined, rewritten or cleaned up
    expect(snapshot(dataDir)).toEqual(before)
    expect(existsSync(join(dataDir, 'quarantine'))).toBe(false)
  })

  it('refuses a SCHEMA file that holds no version number', async () => {
    for (const text of ['', 'one', '1.5', '-1', '0', '2x', '{"v":1}', '9'.repeat(100)]) {
      writeFileSync(join(dataDir, 'SCHEMA'), text)
      await expect(checkDataSchema(dataDir), JSON.stringify(text)).rejects.toMatchObject({ name: 'DataSchemaError', message: expect.stringContaining(`${join(dataDir, 'SCHEMA')} does not hold a schema version`) })
    }
    writeFileSync(join(dataDir, 'SCHEMA'), ' 1 \n')
    expect(await checkDataSchema(dataDir)).toBe(1)
  })

  it('stops a real relay, and `relay import`, with one line on stderr and exit code 1', async () => {
    await open()
    writeFileSync(join(dataDir, 'SCHEMA'), '7\n')
    const line = `guts-relay: ${join(dataDir, 'SCHEMA')} says schema version 7, newer than this relay reads (1): a newer Guts relay wrote this data directory; run that one, or choose another directory with --data`
    const r = runRelay(['--no-mdns', '--port', '0', '--data', dataDir])
    expect(r.status).toBe(1)
    expect(r.stderr.trim().split('\n').at(-1)).toBe(line)
    expect(r.stdout).not.toContain('Guts is running')

    const imp = runRelay(['import', process.cwd(), '--data', dataDir])
    expect(imp.status).toBe(1)
    expect(imp.stderr.trim()).toBe(line.replace('guts-relay:', 'guts-relay import:'))
  }, 60_000)
})

describe('the file index stays inside <data>/index/', () => {
  it('refuses to write a record whose rid is a path, and deletes none', async () => {
    const index = await open()
    writeFileSync(join(dataDir, 'pending.json'), '[]')
    writeFileSync(join(dataDir, 'evil.json'), 'mine')
    const r = await makeRecord()
    await expect(index.put({ ...r, rid: '../evil' })).rejects.toMatchObject({ name: 'InvalidRecordError' })
    expect(readFileSync(join(dataDir, 'evil.json'), 'utf8')).toBe('mine')
    for (const rid of ['../pending', '../evil', `../index/../pending`, join(dataDir, 'pending')]) await index.delete(rid)
    expect(readFileSync(join(dataDir, 'pending.json'), 'utf8')).toBe('[]')
    expect(readFileSync(join(dataDir, 'evil.json'), 'utf8')).toBe('mine')
  })
})
