import { defineConfig } from 'vitest/config'
import { VitePWA } from 'vite-plugin-pwa'
import { CONTENT_SECURITY_POLICY } from './relay/http.js'
import { precompressDir } from './relay/precompress.js'
import type { Plugin } from 'vite'

// The built index.html carries the Content-Security-Policy in a meta tag, so
// it holds on any static host, not only behind a Guts relay (which also sends
// it as a header). Dev mode injects inline scripts, so only the build gets it.
// frame-ancestors is ignored in a meta tag; the relay's header carries it.
function cspMeta (): Plugin {
  return {
    name: 'guts-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [{
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY.replace(/; frame-ancestors 'none'/, '') },
      injectTo: 'head-prepend'
    }]
  }
}

// The service worker precaches the shell only: what index.html loads before
// the app runs (its entry script, the chunks that imports statically, its
// CSS), the network's code, which every start loads right after the first
// paint (src/app/network-stack.ts and what it imports statically), plus the
// top-level files (index.html, registerSW.js, the manifest, icons). Lazy
// chunks (highlight.js languages, the pack indexer's worker) are cached the
// first time they are used (runtimeCaching below), so a first visit
// downloads the app once, not every chunk it might ever need.
const NETWORK_STACK = '/src/app/network-stack.ts'
const shell = new Set<string>()
function shellChunks (): Plugin {
  return {
    name: 'guts-shell-chunks',
    apply: 'build',
    generateBundle (_, bundle) {
      shell.clear()
      const visit = (name: string): void => {
        const chunk = bundle[name]
        if (chunk?.type !== 'chunk' || shell.has(name)) return
        shell.add(name)
        for (const css of chunk.viteMetadata?.importedCss ?? []) shell.add(css)
        for (const dep of chunk.imports) visit(dep)
      }
      for (const [name, out] of Object.entries(bundle)) {
        if (out.type === 'chunk' && (out.isEntry || out.facadeModuleId?.endsWith(NETWORK_STACK) === true)) visit(name)
      }
    }
  }
}
const inShell = (url: string): boolean => !url.includes('/') || shell.has(url)

// .br and .gz next to every compressible file, once, after the service
// worker is written (closeBundle 'post' runs after vite-plugin-pwa's), so
// sw.js is compressed too; the relay serves them as they are (relay/http.ts).
function precompress (): Plugin {
  let outDir = 'dist'
  let log = (msg: string): void => console.log(msg)
  return {
    name: 'guts-precompress',
    apply: 'build',
    configResolved (config) { outDir = config.build.outDir; log = msg => config.logger.info(msg) },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler () {
        const t0 = performance.now()
        const r = await precompressDir(outDir)
        const kb = (n: number): string => (n / 1024).toFixed(0)
        log(`precompressed ${r.files} files in ${((performance.now() - t0) / 1000).toFixed(1)} s: br ${kb(r.plainOf.br)} → ${kb(r.written.br)} KiB, gzip ${kb(r.plainOf.gzip)} → ${kb(r.written.gzip)} KiB`)
      }
    }
  }
}

export default defineConfig({
  build: {
    target: 'es2022',
    sourcemap: true,
    // .vite/manifest.json: which chunk holds which source and what it
    // imports (bench/bundle.ts and e2e/serving.spec.ts read it)
    manifest: true,
    chunkSizeWarningLimit: 2000
  },
  plugins: [
    cspMeta(),
    shellChunks(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script',
      // the icons are top-level files, in the precache already (globPatterns)
      includeManifestIcons: false,
      manifest: {
        name: 'Guts',
        short_name: 'Guts',
        description: 'Share and collaborate on code, peer to peer, in the browser.',
        theme_color: '#1f2328',
        background_color: '#ffffff',
        display: 'standalone',
        start_url: './',
        scope: './',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' }
        ]
      },
      workbox: {
        // the manifest is not globbed: vite-plugin-pwa adds it itself
        globPatterns: ['**/*.{js,css,html,svg,png}'],
        // the shell only (see shellChunks)
        manifestTransforms: [async entries => ({ manifest: entries.filter(e => inShell(e.url)), warnings: [] })],
        // every other chunk the first time it is used; hashed names never
        // change, so the cache answers without asking the network again.
        // Old builds' chunks age out past 200 entries.
        runtimeCaching: [{
          urlPattern: /\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.(?:js|css|wasm)$/,
          handler: 'CacheFirst',
          options: {
            cacheName: 'guts-assets',
            expiration: { maxEntries: 200, purgeOnQuotaError: true },
            cacheableResponse: { statuses: [200] }
          }
        }],
        // the first visit's page is controlled at once, so it works offline after one visit
        clientsClaim: true,
        skipWaiting: true,
        navigateFallback: 'index.html',
        // relay endpoints are live data, never the app shell
        navigateFallbackDenylist: [/^\/\.well-known\//, /^\/metrics/, /^\/git\//],
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024
      }
    }),
    precompress()
  ],
  test: {
    include: ['src/**/*.test.ts', 'relay/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    setupFiles: ['relay/polyfills.ts']
  }
})
