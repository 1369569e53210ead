/**
 * The wasm backend's single-file ES module build. Its package entry (dist/index.js) imports a
 * CommonJS worker file by name, which vite's dev server (with the package excluded from
 * pre-bundling) cannot serve as ESM; this build inlines that file. Same API as the package entry.
 */
declare module '@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.fesm.js' {
  export * from '@tensorflow/tfjs-backend-wasm';
}
