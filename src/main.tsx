// Entry: wire the parts, mount the UI. Kept tiny on purpose.
import './polyfills.js'
import { render } from 'preact'
import { createApp } from './app/app.js'
import { installTestHook } from './app/test-hook.js'
import { loadWasmInflate } from './repo/pack/wasm-inflate.js'
import { App } from './ui/App.js'
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
try {
  const app = await createApp(location.origin)
  installTestHook(app)
  render(<App app={app} />, root)
} catch (err: any) {
  render(<StartFailure error={err} />, root)
}
