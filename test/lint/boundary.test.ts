// The UI's import boundary (eslint.config.js): files in src/ui import only
// src/app, src/render, preact and each other. Run through ESLint's own API
// with the project's config, on small sources placed (by name) in the tree.
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

async function boundaryErrors (filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages.filter(m => m.ruleId === 'no-restricted-imports').map(m => m.message)
}

describe('the UI import boundary', () => {
  it('refuses a UI file importing src/repo or src/sync, at any depth, types included', async () => {
    expect(await boundaryErrors('src/ui/Bad.tsx', "import { Repos } from '../repo/repos.js'\nexport const x = Repos\n")).toEqual([expect.stringMatching(/The UI talks to the app handle only/)])
    expect(await boundaryErrors('src/ui/repo/Bad.tsx', "import { Sync } from '../../sync/service.js'\nexport const x = Sync\n")).toHaveLength(1)
    expect(await boundaryErrors('src/ui/repo/deeper/Bad.tsx', "import { readLog } from '../../../repo/read.js'\nexport const x = readLog\n")).toHaveLength(1)
    expect(await boundaryErrors('src/ui/repo/Bad.tsx', "import type { Repos } from '../../repo/repos.js'\nexport type X = Repos\n")).toHaveLength(1)
    expect(await boundaryErrors('src/ui/Bad.tsx', "export * from '../sync/types.js'\n")).toHaveLength(1)
    for (const dir of ['net', 'store', 'core']) {
      expect(await boundaryErrors('src/ui/Bad.tsx', `import * as m from '../${dir}/x.js'\nexport const x = m\n`)).toHaveLength(1)
    }
  })

  it('keeps what is behind the handle behind it: app.ts\'s parts, network.ts, the test hook', async () => {
    expect(await boundaryErrors('src/ui/Bad.tsx', "import { partsOf } from '../app/app.js'\nexport const x = partsOf\n")).toEqual([expect.stringMatching(/through src\/app\/types\.ts/)])
    expect(await boundaryErrors('src/ui/repo/Bad.tsx', "import { startNetwork } from '../../app/network.js'\nexport const x = startNetwork\n")).toHaveLength(1)
    expect(await boundaryErrors('src/ui/repo/Bad.tsx', "import type { Network } from '../../app/network.js'\nexport type X = Network\n")).toHaveLength(1)
  })

  it('refuses libraries other than preact, and paths out of src', async () => {
    expect(await boundaryErrors('src/ui/Bad.tsx', "import git from 'isomorphic-git'\nexport const x = git\n")).toEqual([expect.stringMatching(/The UI imports only preact/)])
    expect(await boundaryErrors('src/ui/repo/Bad.tsx', "import { createLibp2p } from 'libp2p'\nexport const x = createLibp2p\n")).toHaveLength(1)
    expect(await boundaryErrors('src/ui/Bad.tsx', "import { x } from '../../relay/relay.js'\nexport const y = x\n")).toHaveLength(1)
  })

  it('lets the UI import the app handle, render, preact and its own files', async () => {
    const ok = [
      "import type { GutsApp } from '../../app/types.js'",
      "import { KIND_LABEL } from '../../app/labels.js'",
      "import { relativeTime } from '../../render/time.js'",
      "import { useState } from 'preact/hooks'",
      "import { render } from 'preact'",
      "import { useAsync } from '../hooks.js'",
      "import { treeLink } from './links.js'"
    ].join('\n') + '\nexport const all = [KIND_LABEL, relativeTime, useState, render, useAsync, treeLink]\n'
    expect(await boundaryErrors('src/ui/repo/Good.tsx', ok)).toEqual([])
  })

  it('leaves tests of the UI, and the app layer itself, free to build real repositories', async () => {
    const code = "import { Repos } from '../repo/repos.js'\nexport const x = Repos\n"
    expect(await boundaryErrors('src/ui/Fine.test.ts', code)).toEqual([])
    expect(await boundaryErrors('src/app/fine.ts', code)).toEqual([])
  })
})
