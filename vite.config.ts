import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { precachePlugin } from './src/page/kiosk/build/precache-plugin.ts';

// COOP/COEP make the page crossOriginIsolated, which the tfjs wasm backend needs for threads.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  publicDir: 'assets',
  // A build's /sw.js precaches the app and the shipped models, so it runs offline (docs/kiosk.md).
  plugins: [precachePlugin()],
  // The examples import the toolkit by its package name, as a sketch of one's own would.
  resolve: { alias: { latentflow: fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    // Whitespace-only minification: tfjs-backend-wasm starts its threads from the source text of a
    // function (Function.prototype.toString) that names variables of its enclosing scope. Mangled,
    // the worker fails with "e is not defined"; compressed, with "_scriptDir is not defined"; either
    // way the wasm path never starts (tests/e2e/production-build.test.ts). Costs ~20% more gzip.
    rolldownOptions: { output: { minify: { mangle: false, compress: false } } },
  },
  optimizeDeps: { exclude: ['@tensorflow/tfjs-backend-wasm'] },
});
