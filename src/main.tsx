// Entry: wire the parts, mount the UI. Kept tiny on purpose.
import './polyfills.js'
import { render } from 'preact'
import { afterFirstPaint } from './after-first-paint.js'
import { createApp } from './app/app.js'
import { installTestHook } from './app/test-hook.js'
import { loadWasmInflate } from './repo/pack/wasm-inflate.js'
import { preloadGit } from './repo/git.js'
import { App } from './ui/App.js'
import { preloadRepoPage } from './ui/repo/lazy-repo-page.js'
import { StartFailure } from './ui/StartFailure.js'
import { applyTheme, followThemeOfOtherTabs, readTheme } from './ui/theme.js'
import './ui/styles.css'

// public/theme-boot.js applied it before the first paint; again here in
// case a host left that file out
applyTheme(readTheme())
followThemeOfOtherTabs()
const root = document.getElementById('app')!
// packs indexed on this thread (an imported bundle) inflate with libdeflate
// only if it was compiled asynchronously: the page's thread refuses to
// compile it synchronously, and they would use pako
void loadWasmInflate()
// the network's code (libp2p and sync, most of the app's JavaScript) is
// fetched once the shell has painted: until then the header says Connecting…
let rendered!: () => void
const networkAfter = new Promise<void>(resolve => { rendered = resolve }).then(async () => afterFirstPaint())
try {
  const app = await createApp(location.origin, { networkAfter })
  installTestHook(app)
  render(<App app={app} />, root)
  rendered()
  // what the first screen did not need, fetched once the tab is idle
  const idle = (globalThis as { requestIdleCallback?: (fn: () => void) => void }).requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 1000))
  idle(() => { preloadGit(); void preloadRepoPage().catch(() => {}); void app.repos.preload().catch(() => {}) })
} catch (err: any) {
  render(<StartFailure error={err} />, root)
}
