import { defineConfig } from 'vitest/config';

// The dev server proxies every API to a running Vigil (VIGIL_URL, default :8080), so `npm run dev`
// works against real data; the production build lands where Maven packages it as a resource.
declare const process: { env: Record<string, string | undefined> };
const target = process.env.VIGIL_URL ?? 'http://127.0.0.1:8080';
const proxied = ['/api', '/loki', '/-', '/metrics'];

export default defineConfig({
  base: './',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'target/classes/vigil-ui',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 300,
  },
  server: {
    proxy: Object.fromEntries(proxied.map((p) => [p, { target, changeOrigin: true, ws: true }])),
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
