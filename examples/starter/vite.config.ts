import { defineConfig } from 'vite';

// COOP/COEP make the page crossOriginIsolated: tfjs's wasm backend (the CPU path) needs that for threads.
const headers = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  server: { headers },
  preview: { headers },
  // One copy of three and tfjs, shared by the sketch and latentflow.
  resolve: { dedupe: ['three', '@tensorflow/tfjs', '@tensorflow/tfjs-core'] },
  // tfjs-backend-wasm starts its own threads and loads its .wasm files: vite serves it as it is, and
  // it binds to the one pre-bundled tfjs-core.
  optimizeDeps: { include: ['@tensorflow/tfjs-core'], exclude: ['@tensorflow/tfjs-backend-wasm'] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    // tfjs-backend-wasm starts its threads from a function's source text: minify whitespace only.
    rolldownOptions: { output: { minify: { mangle: false, compress: false } } },
  },
});
