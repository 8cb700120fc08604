// Builds the app into web/dist: hashed assets under /assets (served immutable by `kring serve`),
// a manifest for the size check in scripts/postbuild.mjs, no inline scripts or styles (strict CSP).
import { defineConfig } from 'vite';

export default defineConfig({
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    cssCodeSplit: true,
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
  server: {
    // `npm run dev` proxies the API to a local `kring serve --port 8090`. Cookie writes need the
    // same origin, so prefer `npm run build` + KRING_WEB_ROOT for anything that logs in.
    proxy: { '/api': 'http://127.0.0.1:8090' },
  },
});
