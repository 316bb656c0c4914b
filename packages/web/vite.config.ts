import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/*
 * Two apps, one build: the resident portal (served at `/`) and the staff
 * console (`/console`). They share src/shared, so common code lands in shared
 * chunks under /assets/ with content hashes (served as immutable).
 */
export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Every browser the pages support preloads modules natively.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: {
        portal: resolve(import.meta.dirname, 'portal/index.html'),
        console: resolve(import.meta.dirname, 'console/index.html'),
      },
      // Libraries change less often than pages: their own long-cached chunk.
      output: {
        codeSplitting: {
          groups: [
            { name: 'vendor', test: /node_modules/ },
            { name: 'shared', test: /src\/shared/ },
          ],
        },
      },
    },
  },
});
