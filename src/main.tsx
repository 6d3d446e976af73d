// Entry: wire the parts, mount the UI. Kept tiny on purpose.
import './polyfills.js'
import { render } from 'preact'
import { createApp } from './app/app.js'
import { installTestHook } from './app/test-hook.js'
import { App } from './ui/App.js'
import { StartFailure } from './ui/StartFailure.js'
import './ui/styles.css'

const root = document.getElementById('app')!
try {
  const app = await createApp(location.origin)
  installTestHook(app)
  render(<App app={app} />, root)
} catch (err: any) {
  render(<StartFailure error={err} />, root)
}
