import { defineConfig } from 'vitest/config'
import { VitePWA } from 'vite-plugin-pwa'
import { CONTENT_SECURITY_POLICY } from './relay/http.js'
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

export default defineConfig({
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2000
  },
  plugins: [
    cspMeta(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script',
      includeAssets: ['icon.svg'],
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
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // the first visit's page is controlled at once, so it works offline after one visit
        clientsClaim: true,
        skipWaiting: true,
        navigateFallback: 'index.html',
        // relay endpoints are live data, never the app shell
        navigateFallbackDenylist: [/^\/\.well-known\//, /^\/metrics/, /^\/git\//],
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024
      }
    })
  ],
  test: {
    include: ['src/**/*.test.ts', 'relay/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    setupFiles: ['relay/polyfills.ts']
  }
})
